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
