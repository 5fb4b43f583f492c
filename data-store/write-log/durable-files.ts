import { open, rename, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { HistoryEntry } from '../store.js';
import { encodeOps, encodeRecord, LOG_HEADER } from './records.js';

/** Versions per record when a log is written whole (creation, compaction): bounds one line's size. */
export const ENTRIES_PER_RECORD = 1000;

/** Buffers one writev takes at most (IOV_MAX on Linux). */
const IOV_MAX = 1024;

/**
 * Writes all of `data` (one buffer, or pieces written one after another without being joined first) at `position`
 * (a single write may be short); returns the bytes written.
 */
export async function writeAll(fh: FileHandle, data: Buffer | readonly Buffer[], position: number): Promise<number> {
  const pieces = Buffer.isBuffer(data) ? [data] : data.filter((piece) => piece.length > 0);
  let done = 0;
  // The first piece not yet fully written, and how much of it was.
  let k = 0;
  let into = 0;
  while (k < pieces.length) {
    const batch = pieces.slice(k, k + IOV_MAX);
    batch[0] = batch[0].subarray(into);
    let { bytesWritten } = await fh.writev(batch, position + done);
    done += bytesWritten;
    bytesWritten += into;
    while (k < pieces.length && bytesWritten >= pieces[k].length) bytesWritten -= pieces[k++].length;
    into = bytesWritten;
  }
  return done;
}

/** Makes a rename or creation in `dir` durable: POSIX only promises it once the directory itself is fsynced. */
export async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Writes the header and `entries` (in records of ENTRIES_PER_RECORD) to a new file; returns its length. */
export async function writeLogBody(fh: FileHandle, entries: readonly HistoryEntry[], count = entries.length): Promise<number> {
  let position = await writeAll(fh, encodeRecord(LOG_HEADER), 0);
  for (let i = 0; i < count; i += ENTRIES_PER_RECORD) {
    position += await writeAll(fh, await encodeOps([{ put: entries.slice(i, Math.min(count, i + ENTRIES_PER_RECORD)) }]), position);
  }
  return position;
}

/**
 * Replaces (or creates) `path` atomically with a log of `entries`: written to `temp`, fsynced, renamed over
 * `path`, directory fsynced. A crash leaves either the old file or the complete new one, never a mix.
 */
export async function replaceLogFile(path: string, temp: string, entries: readonly HistoryEntry[]): Promise<void> {
  const fh = await open(temp, 'w');
  try {
    await writeLogBody(fh, entries);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(temp, path);
  await fsyncDir(dirname(path));
}
