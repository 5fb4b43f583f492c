import { open, rename, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { HistoryEntry } from '../store.js';
import { encodeOps, encodeRecord, LOG_HEADER } from './records.js';

/** Versions per record when a log is written whole (creation, compaction): bounds one line's size. */
export const ENTRIES_PER_RECORD = 1000;

/** Writes all of `data` at `position` (a single write may be short); returns the bytes written. */
export async function writeAll(fh: FileHandle, data: Buffer, position: number): Promise<number> {
  let done = 0;
  while (done < data.length) {
    const { bytesWritten } = await fh.write(data, done, data.length - done, position + done);
    done += bytesWritten;
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
