import type { HistoryEntry } from './store.js';
import { WriteLog, type WriteLogOptions } from './write-log/write-log.js';

/** The persisted client writes beneath the store: every version, in commit order; never the generated base. */
export interface Overlay {
  readonly writes: readonly HistoryEntry[];
  /** Appends versions and resolves once they are on disk; on failure nothing is appended. */
  append(entries: HistoryEntry[]): Promise<void>;
  /** Drops every version; resolves once that is on disk. */
  clear(): Promise<void>;
  /** Waits for pending appends and releases files. */
  close(): Promise<void>;
  /** Present when other servers append to the same log (PostgreSQL): the store then follows it. */
  readonly shared?: SharedLog;
}

/**
 * A log several servers append to. Each server learns of every record, its own and the others', in log order,
 * through the listener the store sets; `writes` and the listener always agree.
 */
export interface SharedLog {
  /** Set once by the store, before any other call: how records reach its memory. */
  follow(listener: LogListener): void;
  /** Resolves once every record committed before the call has reached the listener. */
  catchUp(): Promise<void>;
  /**
   * Holding the log's write lock (across servers) and caught up, runs `decide` and appends the versions it returns
   * in one commit, then hands them to the listener; all or nothing. Two servers' decisions never interleave.
   */
  appendDecided(decide: () => HistoryEntry[]): Promise<void>;
}

/** What a shared log tells its store, in log order. */
export interface LogListener {
  /** Versions committed (by any server), already in `writes`. */
  put(entries: readonly HistoryEntry[]): void;
  /** A reset (by any server): `dropped` are the versions it dropped, already gone from `writes`. */
  reset(dropped: readonly HistoryEntry[]): void;
}

export { WRITE_LOG_FILE } from './write-log/write-log.js';

/**
 * Opens the overlay: the append-only write log in `dataDir` (write-log/write-log.ts), or an in-memory one
 * without a directory.
 */
export async function openOverlay(dataDir?: string, options?: WriteLogOptions): Promise<Overlay> {
  return dataDir ? WriteLog.open(dataDir, options) : memoryOverlay();
}

function memoryOverlay(): Overlay {
  let writes: HistoryEntry[] = [];
  return {
    get writes() {
      return writes;
    },
    append(entries) {
      for (const e of entries) writes.push(e);
      return Promise.resolve();
    },
    clear() {
      writes = [];
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
}
