import { access, mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Overlay } from '../overlay.js';
import type { HistoryEntry } from '../store.js';
import { fsyncDir, replaceLogFile, writeAll, writeLogBody } from './durable-files.js';
import { readLegacyOverlay, retireLegacyOverlay } from './legacy-overlay.js';
import { scanLog } from './read-log.js';
import { encodeOps, encodeRecord, LOG_HEADER, type LogOp } from './records.js';

/** The append-only log of client writes in DATA_DIR. */
export const WRITE_LOG_FILE = 'writes.log';

export interface WriteLogOptions {
  /** Background compaction starts once the bytes it would drop exceed both this and the bytes it keeps (default 1 MiB). */
  compactAfterDeadBytes?: number;
}

type Job =
  | { kind: 'op'; op: LogOp; resolve: () => void; reject: (err: unknown) => void }
  | { kind: 'barrier'; run: () => Promise<void> };

const noop = (): void => {};

/**
 * The persisted overlay as an append-only log (records: see records.ts). An append costs the size of what it
 * appends: one write and one fdatasync, after which it is acknowledged. Appends that arrive while a write is on
 * its way are committed together in the next one (group commit), so concurrent clients share an fsync.
 * A reset is one small record; compaction rewrites the live versions into a new file in the background
 * (fsync, rename, fsync of the directory) while appends go on.
 */
export class WriteLog implements Overlay {
  private readonly jobs: Job[] = [];
  private flushing?: Promise<void>;
  private compacting?: Promise<boolean>;
  private failure?: Error;
  private closing = false;
  private closed?: Promise<void>;
  /** Bumped by every durable reset: a compaction that started before one is stale. */
  private generation = 0;
  /** After a failed compaction, the size the log must reach before the next try (no rewrite per append on a full disk). */
  private retryCompactionAt = 0;

  private constructor(
    private readonly path: string,
    private fh: FileHandle,
    private end: number,
    private liveBytes: number,
    private entries: HistoryEntry[],
    private readonly options: WriteLogOptions,
  ) {}

  /**
   * Opens (or creates) DATA_DIR/writes.log: migrates a legacy overlay.json on first start, cuts a torn last
   * record off (it was never acknowledged) and makes that repair durable before anything is appended.
   */
  static async open(dataDir: string, options: WriteLogOptions = {}): Promise<WriteLog> {
    await mkdir(dataDir, { recursive: true });
    const path = join(dataDir, WRITE_LOG_FILE);
    // Leftovers of a compaction or a creation that a crash interrupted: the log itself is complete without them.
    await rm(`${path}.compacting`, { force: true });
    await rm(`${path}.creating`, { force: true });
    if (!(await exists(path))) await replaceLogFile(path, `${path}.creating`, (await readLegacyOverlay(dataDir)) ?? []);
    await retireLegacyOverlay(dataDir);
    const scan = await scanLog(path);
    const fh = await open(path, 'r+');
    let end = scan.validEnd;
    try {
      if (end < scan.size) await fh.truncate(end);
      if (end === 0) end = await writeAll(fh, encodeRecord(LOG_HEADER), 0);
      if (end !== scan.size) await fh.sync();
    } catch (err) {
      await fh.close();
      throw err;
    }
    const log = new WriteLog(path, fh, end, scan.liveBytes, scan.entries, options);
    log.maybeCompact();
    return log;
  }

  get writes(): readonly HistoryEntry[] {
    return this.entries;
  }

  /** Bytes of the log file. */
  get size(): number {
    return this.end;
  }

  append(entries: HistoryEntry[]): Promise<void> {
    return entries.length ? this.submit({ put: entries }) : Promise.resolve();
  }

  clear(): Promise<void> {
    return this.submit({ reset: true });
  }

  private submit(op: LogOp): Promise<void> {
    if (this.closing) return Promise.reject(new Error(`${this.path} is closed`));
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.enqueue({ kind: 'op', op, resolve, reject }));
  }

  private enqueue(job: Job): void {
    this.jobs.push(job);
    this.flushing ??= this.flush();
  }

  /** Commits queued operations in arrival order, as many per record as have queued up; barriers run alone. */
  private async flush(): Promise<void> {
    while (this.jobs.length) {
      const first = this.jobs[0];
      if (first.kind === 'barrier') {
        this.jobs.shift();
        await first.run();
        continue;
      }
      let n = 0;
      while (n < this.jobs.length && this.jobs[n].kind === 'op') n++;
      const batch = this.jobs.splice(0, n) as Array<Extract<Job, { kind: 'op' }>>;
      try {
        await this.commit(batch.map((j) => j.op));
      } catch (err) {
        for (const j of batch) j.reject(err);
        continue;
      }
      for (const j of batch) j.resolve();
      this.maybeCompact();
    }
    this.flushing = undefined;
  }

  /** Appends one record and fsyncs it; only then are its operations applied in memory. */
  private async commit(ops: LogOp[]): Promise<void> {
    if (this.failure) throw this.failure;
    const record = await encodeOps(ops);
    let bytes: number;
    try {
      bytes = await writeAll(this.fh, record, this.end);
      await this.fh.datasync();
    } catch (err) {
      await this.rollback(err);
      throw err;
    }
    this.end += bytes;
    for (const op of ops) {
      if ('reset' in op) {
        this.entries = [];
        this.liveBytes = 0;
        this.generation++;
      } else for (const e of op.put) this.entries.push(e);
    }
    if (ops.some((op) => 'put' in op)) this.liveBytes += bytes;
  }

  /** Cuts a failed append off so the next one follows the last good record; if that fails too, refuses further writes. */
  private async rollback(cause: unknown): Promise<void> {
    try {
      await this.fh.truncate(this.end);
      await this.fh.datasync();
    } catch {
      this.failure = new Error(`${this.path}: an append failed (${String(cause)}) and could not be cut off; restart to recover`);
    }
  }

  /** Runs `work` between two commits: no append is on its way while it runs. */
  private barrier<T>(work: () => Promise<T>): Promise<T> {
    return new Promise((resolve, reject) => this.enqueue({ kind: 'barrier', run: () => work().then(resolve, reject) }));
  }

  private maybeCompact(): void {
    const dead = this.end - this.liveBytes;
    const threshold = this.options.compactAfterDeadBytes ?? 1024 * 1024;
    if (this.compacting || this.closing || this.failure || this.end < this.retryCompactionAt) return;
    if (dead < threshold || dead < this.liveBytes) return;
    // Failure leaves the old log in place, complete; try again once it has grown by another threshold.
    this.compact().catch(() => {
      this.retryCompactionAt = this.end + threshold;
    });
  }

  /**
   * Rewrites the log with only the versions after the last reset. The bulk is written while appends go on;
   * then, between two commits, the versions acknowledged meanwhile are added, the file is fsynced and renamed
   * over the log, and the directory fsynced. Resolves false when a reset overtook it (nothing changed).
   */
  compact(): Promise<boolean> {
    return (this.compacting ??= this.runCompaction().finally(() => {
      this.compacting = undefined;
    })).then((adopted) => {
      // A reset overtook it: the file still holds what that reset dropped.
      if (!adopted) this.maybeCompact();
      return adopted;
    });
  }

  private async runCompaction(): Promise<boolean> {
    const temp = `${this.path}.compacting`;
    const { generation, entries } = this;
    const snapshot = entries.length;
    const fh = await open(temp, 'w+');
    let adopted = false;
    try {
      let end = await writeLogBody(fh, entries, snapshot);
      // The bulk reaches the disk before appends are held; only what came meanwhile is synced between commits.
      await fh.sync();
      adopted = await this.barrier(async () => {
        if (this.generation !== generation || this.failure) return false;
        if (this.entries.length > snapshot) end += await writeAll(fh, await encodeOps([{ put: this.entries.slice(snapshot) }]), end);
        await fh.sync();
        await rename(temp, this.path);
        const old = this.fh;
        [this.fh, this.end, this.liveBytes] = [fh, end, end];
        await old.close().catch(noop);
        // Appends must not reach the new file before its name is durable, or a power cut could bring back the old one without them.
        await fsyncDir(dirname(this.path)).catch((err: unknown) => {
          this.failure = new Error(`${this.path}: could not fsync the directory after compaction (${String(err)}); restart to recover`);
        });
        return true;
      });
      return adopted;
    } finally {
      if (!adopted) {
        await fh.close().catch(noop);
        await rm(temp, { force: true });
      }
    }
  }

  /** Waits for queued appends and a running compaction, then releases the file. */
  close(): Promise<void> {
    this.closing = true;
    return (this.closed ??= (async () => {
      await this.compacting?.catch(noop);
      while (this.flushing) await this.flushing;
      await this.fh.close();
    })());
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
