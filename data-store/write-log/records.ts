import type { Resource } from 'fhir/r4';
import { crc32 } from 'node:zlib';
import { freezeDeepSliced } from '../freeze.js';
import { parseJsonSliced } from '../sliced-json.js';
import { stringifySliced } from '../sliced-stringify.js';
import type { HistoryEntry } from '../store.js';
import { timeSlicer } from '../time-slicer.js';
import { versionJson } from '../version-json.js';

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
  return Buffer.concat(recordOf([Buffer.from(JSON.stringify(payload), 'utf8')]));
}

/**
 * The record line of a payload whose JSON bytes come in pieces, as pieces to be written one after another: joining a
 * transaction of thousands of versions (tens of MB) into one buffer was one long step of the event loop.
 */
function recordOf(pieces: Buffer[]): Buffer[] {
  let crc = 0;
  for (const piece of pieces) crc = crc32(piece, crc);
  return [Buffer.from(`${crc.toString(16).padStart(CRC_DIGITS, '0')} `, 'latin1'), ...pieces, Buffer.from([NEWLINE])];
}

/** A version's resource JSON: the bytes the store kept for it, or encoded now in slices (it may be megabytes). */
function resourceJson(resource: Resource, pause: () => Promise<void>): Buffer | Promise<Buffer> {
  return versionJson(resource) ?? stringifySliced(resource, { pause });
}

/**
 * The record encoding a batch of operations, `{"ops":[...]}`, in pieces (recordOf). Each version's resource is
 * written from the bytes the store already encoded for it when it still has them, so a large resource is serialised
 * once per write.
 */
export async function encodeOps(ops: LogOp[]): Promise<Buffer[]> {
  const pieces: Buffer[] = [];
  const pause = timeSlicer();
  let text = '{"ops":[';
  for (const [i, op] of ops.entries()) {
    if (i > 0) text += ',';
    if ('reset' in op) {
      text += JSON.stringify(op);
      continue;
    }
    text += '{"put":[';
    for (const [k, entry] of op.put.entries()) {
      await pause();
      const { resource, ...head } = entry;
      const json = JSON.stringify(head);
      text += k > 0 ? ',' : '';
      if (!resource) {
        text += json;
        continue;
      }
      pieces.push(Buffer.from(`${text}${json.slice(0, -1)},"resource":`, 'utf8'), await resourceJson(resource, pause));
      text = '}';
    }
    text += ']}';
  }
  pieces.push(Buffer.from(`${text}]}`, 'utf8'));
  return recordOf(pieces);
}

/** The JSON bytes of one line (without its `\n`), or undefined when the line is not a whole, intact record. */
function recordJson(line: Buffer): Buffer | undefined {
  if (line.length < CRC_DIGITS + 2 || line[CRC_DIGITS] !== SPACE) return undefined;
  const stated = Number.parseInt(line.toString('latin1', 0, CRC_DIGITS), 16);
  const json = line.subarray(CRC_DIGITS + 1);
  if (!/^[0-9a-f]{8}$/.test(line.toString('latin1', 0, CRC_DIGITS)) || crc32(json) !== stated) return undefined;
  return json;
}

/** The payload of one line (without its `\n`), or undefined when the line is not a whole, intact record. */
export function decodeRecord(line: Buffer): unknown {
  const json = recordJson(line);
  if (!json) return undefined;
  try {
    return JSON.parse(json.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** From this many bytes a record is parsed (and its versions frozen) in slices. */
export const SLICED_FROM = 1024 * 1024;

/**
 * As decodeRecord, for a line of any size: one of SLICED_FROM bytes or more is parsed in slices straight from its
 * bytes (JSON.parse of 25 MB holds the event loop a quarter of a second, and the server serves while it replays).
 */
export async function decodeRecordSliced(line: Buffer): Promise<unknown> {
  const json = line.length >= SLICED_FROM ? recordJson(line) : undefined;
  if (!json) return decodeRecord(line);
  try {
    return await parseJsonSliced(json);
  } catch {
    return undefined;
  }
}

/**
 * Freezes the versions of decoded operations in slices (a store freezes what it applies, in one step otherwise):
 * for records of SLICED_FROM bytes or more.
 */
export async function freezeOpsSliced(ops: LogOp[]): Promise<void> {
  const pause = timeSlicer();
  for (const op of ops) if ('put' in op) for (const e of op.put) if (e.resource) await freezeDeepSliced(e.resource, pause);
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
