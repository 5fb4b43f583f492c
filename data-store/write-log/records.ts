import { crc32 } from 'node:zlib';
import type { HistoryEntry } from '../store.js';

/**
 * One operation of the write log, in commit order: client versions to keep, or a reset that drops every
 * version logged before it.
 */
export type LogOp = { put: HistoryEntry[] } | { reset: true };

/** The first record of every log file: says what the file is, so a foreign file is never taken for one. */
export const LOG_HEADER = { log: 'cdg-writes', format: 1 } as const;

const NEWLINE = 0x0a;
const SPACE = 0x20;
const CRC_DIGITS = 8;

/**
 * One record as one line: 8 hex digits of the payload's CRC-32, a space, the payload as JSON, `\n`.
 * JSON.stringify never emits a raw line feed and UTF-8 never uses byte 0x0a inside a character, so a line
 * is a record; the checksum tells a complete record from a torn or damaged one.
 */
export function encodeRecord(payload: unknown): Buffer {
  const json = Buffer.from(JSON.stringify(payload), 'utf8');
  const line = Buffer.allocUnsafe(CRC_DIGITS + 1 + json.length + 1);
  line.write(crc32(json).toString(16).padStart(CRC_DIGITS, '0'), 0, 'latin1');
  line[CRC_DIGITS] = SPACE;
  json.copy(line, CRC_DIGITS + 1);
  line[line.length - 1] = NEWLINE;
  return line;
}

/** The record encoding a batch of operations. */
export function encodeOps(ops: LogOp[]): Buffer {
  return encodeRecord({ ops });
}

/** The payload of one line (without its `\n`), or undefined when the line is not a whole, intact record. */
export function decodeRecord(line: Buffer): unknown {
  if (line.length < CRC_DIGITS + 2 || line[CRC_DIGITS] !== SPACE) return undefined;
  const stated = Number.parseInt(line.toString('latin1', 0, CRC_DIGITS), 16);
  const json = line.subarray(CRC_DIGITS + 1);
  if (!/^[0-9a-f]{8}$/.test(line.toString('latin1', 0, CRC_DIGITS)) || crc32(json) !== stated) return undefined;
  try {
    return JSON.parse(json.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** Whether a decoded payload is the log header. */
export function isHeader(payload: unknown): boolean {
  const p = payload as { log?: unknown; format?: unknown } | undefined;
  return p?.log === LOG_HEADER.log && p.format === LOG_HEADER.format;
}

/** The operations of a decoded batch record, or undefined when the payload is not one. */
export function opsOf(payload: unknown): LogOp[] | undefined {
  const ops = (payload as { ops?: unknown } | undefined)?.ops;
  if (!Array.isArray(ops)) return undefined;
  const valid = ops.every((op: { put?: unknown; reset?: unknown }) => Array.isArray(op?.put) || op?.reset === true);
  return valid ? (ops as LogOp[]) : undefined;
}
