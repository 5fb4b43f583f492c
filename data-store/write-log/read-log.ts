import { open } from 'node:fs/promises';
import type { HistoryEntry } from '../store.js';
import { decodeRecord, decodeRecordSliced, freezeOpsSliced, isHeader, opsOf, SLICED_FROM } from './records.js';

/** What a log file holds, read from its start. */
export interface ScannedLog {
  /** Client versions logged after the last reset, in commit order. */
  entries: HistoryEntry[];
  /** Byte offset just past the last intact record (0 when not even the header is intact). */
  validEnd: number;
  /** Size of the file as found. */
  size: number;
  /** Bytes of the records logged after the last reset (what compaction keeps, roughly). */
  liveBytes: number;
}

/** A record that is not the last one is damaged: something other than a crash mid-append changed the file. */
export class WriteLogCorruptError extends Error {
  constructor(path: string, offset: number) {
    super(
      `${path}: damaged record at byte ${offset} followed by intact ones. A crash can only tear the last record, so ` +
        'the file was changed by something else; refusing to drop the records after it. Restore the file or move it away.',
    );
    this.name = 'WriteLogCorruptError';
  }
}

const CHUNK = 4 * 1024 * 1024;

/** Calls `onLine(line, offset)` for each `\n`-terminated line; returns the offset where an unterminated tail starts. */
async function forEachLine(path: string, onLine: (line: Buffer, offset: number) => void | Promise<void>): Promise<{ size: number; tail: number }> {
  const fh = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK);
    let pieces: Buffer[] = [];
    let lineStart = 0;
    let position = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buffer, 0, CHUNK, position);
      if (bytesRead === 0) break;
      let from = 0;
      for (let nl = buffer.indexOf(0x0a, 0); nl !== -1 && nl < bytesRead; nl = buffer.indexOf(0x0a, from)) {
        const part = buffer.subarray(from, nl);
        const line = pieces.length ? Buffer.concat([...pieces, part]) : part;
        pieces = [];
        const handled = onLine(line, lineStart);
        if (handled) await handled;
        lineStart = position + nl + 1;
        from = nl + 1;
      }
      // The unfinished line must outlive the buffer, which the next read overwrites.
      if (from < bytesRead) pieces.push(Buffer.from(buffer.subarray(from, bytesRead)));
      position += bytesRead;
    }
    return { size: position, tail: lineStart };
  } finally {
    await fh.close();
  }
}

/**
 * Reads a log back: the header, then batches of operations. The first record that is torn or fails its checksum
 * ends the log (validEnd): appends are fsynced one batch at a time, so only the last, unacknowledged batch can be
 * torn by a crash. Intact records after a damaged one mean the damage is not a crash's: WriteLogCorruptError.
 */
export async function scanLog(path: string): Promise<ScannedLog> {
  let entries: HistoryEntry[] = [];
  let liveBytes = 0;
  let validEnd = 0;
  let damagedAt: number | undefined;
  const { size, tail } = await forEachLine(path, async (line, offset) => {
    // A large record is parsed and frozen in slices: the server already answers /health while it replays.
    const payload = line.length >= SLICED_FROM ? await decodeRecordSliced(line) : decodeRecord(line);
    const ops = offset === 0 ? undefined : opsOf(payload);
    if (ops && line.length >= SLICED_FROM) await freezeOpsSliced(ops);
    const intact = offset === 0 ? isHeader(payload) : ops !== undefined;
    if (damagedAt !== undefined) {
      if (intact) throw new WriteLogCorruptError(path, damagedAt);
      return;
    }
    if (!intact) {
      damagedAt = offset;
      return;
    }
    validEnd = offset + line.length + 1;
    for (const op of ops ?? []) {
      if ('reset' in op) {
        entries = [];
        liveBytes = 0;
      } else for (const e of op.put) entries.push(e);
    }
    if (ops?.some((op) => 'put' in op)) liveBytes += line.length + 1;
  });
  if (damagedAt === undefined && tail < size) damagedAt = tail;
  return { entries, validEnd, size, liveBytes };
}
