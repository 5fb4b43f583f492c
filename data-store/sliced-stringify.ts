/**
 * JSON.stringify to UTF-8 bytes for values of any size, in slices: the same bytes as
 * `Buffer.from(JSON.stringify(value))` (RFC 8259), but the work is cut into slices (data-store/time-slicer.ts) with the event
 * loop free in between. One JSON.stringify of a 20 MB resource holds every other request for 150 ms or more.
 * Containers small enough are still encoded by JSON.stringify itself (its escaping, number and toJSON rules); only
 * the brackets, commas and keys around them are written here, with the nesting kept on an explicit stack.
 */

/** Weight (values, plus 1 per 256 string characters) a container may have to be encoded in one JSON.stringify call. */
const WHOLE_BELOW = 4096;
/** Encoded text is turned into bytes in pieces of about this many characters. */
const PIECE = 64 * 1024;
import { timeSlicer } from './time-slicer.js';

type Container = Record<string, unknown> | unknown[];
interface Frame {
  container: Container;
  keys?: string[];
  next: number;
  /** Whether something was already written in this container (a comma goes before the next member). */
  written: boolean;
}

/** Whether `value` weighs at most `limit`; stops counting as soon as it is over. */
function weighsAtMost(value: unknown, limit: number): boolean {
  let weight = 0;
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    weight++;
    if (typeof v === 'string') weight += v.length >> 8;
    else if (Array.isArray(v)) {
      weight += v.length;
      if (weight > limit) return false;
      for (const item of v) stack.push(item);
    } else if (typeof v === 'object' && v !== null) {
      for (const key in v) {
        stack.push((v as Record<string, unknown>)[key]);
        if (++weight > limit) return false;
      }
    }
    if (weight > limit) return false;
  }
  return true;
}

/** Whether the value is written member by member here (not by one JSON.stringify call). */
function opened(value: unknown): value is Container {
  if (typeof value !== 'object' || value === null) return false;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  return !weighsAtMost(value, WHOLE_BELOW);
}

/**
 * JSON.stringify's text for a value it encodes whole (`undefined` for what it leaves out: undefined, functions,
 * symbols); with `indent`, as `JSON.stringify(value, null, indent)` at nesting `depth` (`newline` is the line break
 * and indentation there). A raw line feed only ever occurs in that text as a line break: JSON escapes it in strings.
 */
function whole(value: unknown, indent: number, newline: string): string | undefined {
  if (!indent) return JSON.stringify(value) as string | undefined;
  const json = JSON.stringify(value, null, indent) as string | undefined;
  return json !== undefined && newline !== '\n' && json.includes('\n') ? json.replace(/\n/g, newline) : json;
}

/** JSON bytes already known for some objects (stored versions: version-json.ts), written as they are. */
export type KnownJson = (value: object) => Buffer | undefined;

export interface SlicedOptions {
  /**
   * The checkpoint that yields once a slice of work is done (data-store/time-slicer.ts; default: a new one of 8 ms).
   * Pass one shared by a loop over many values, so that small ones, none of which fills a slice alone, still yield.
   */
  pause?: () => Promise<void>;
  known?: KnownJson;
  /** Spaces per level: the bytes of `JSON.stringify(value, null, indent)` (FHIR `_pretty`); `known` bytes are then not used. */
  indent?: number;
}

/**
 * The bytes of `JSON.stringify(value)` (which must not be undefined), yielding to the event loop at `pause`.
 * Objects `known` has bytes for are written from those bytes wherever they are met outside a container small enough
 * for one JSON.stringify call (so a 20 MB stored version inside an answer is never encoded again).
 */
export async function stringifySliced(value: unknown, options: SlicedOptions = {}): Promise<Buffer> {
  const pieces = await stringifySlicedPieces(value, options);
  return pieces.length === 1 ? pieces[0] : Buffer.concat(pieces);
}

/**
 * The same bytes in pieces, in order, for an answer written piece by piece: joining tens of MB into one buffer is
 * one step of the event loop (a 59 MB page: ~200 ms here, most of it faulting in the fresh pages).
 */
export async function stringifySlicedPieces(value: unknown, options: SlicedOptions = {}): Promise<Buffer[]> {
  const { pause = timeSlicer(), indent = 0 } = options;
  const known = indent ? undefined : options.known;
  const pieces: Buffer[] = [];
  let text = '';
  const flush = (): void => {
    if (text) pieces.push(Buffer.from(text, 'utf8'));
    text = '';
  };
  const emit = (s: string): void => {
    text += s;
    if (text.length >= PIECE) flush();
  };
  const newlines: string[] = [];
  /** The line break and indentation at a depth ('' without indent). */
  const newline = (depth: number): string => (indent ? (newlines[depth] ??= `\n${' '.repeat(indent * depth)}`) : '');
  const stack: Frame[] = [];
  /** Writes a member value at depth stack.length: its known bytes, whole, or opens it (its members follow on the stack). */
  const write = (v: unknown): void => {
    const bytes = known && typeof v === 'object' && v !== null ? known(v) : undefined;
    if (bytes) {
      flush();
      pieces.push(bytes);
      return;
    }
    if (!opened(v)) {
      emit(whole(v, indent, newline(stack.length) || '\n') ?? 'null');
      return;
    }
    const array = Array.isArray(v);
    emit(array ? '[' : '{');
    stack.push({ container: v, keys: array ? undefined : Object.keys(v), next: 0, written: false });
  };
  if (!opened(value) && !(known && typeof value === 'object' && value !== null && known(value))) {
    const json = whole(value, indent, '\n');
    if (json === undefined) throw new TypeError('stringifySliced: the value has no JSON text');
    return [Buffer.from(json, 'utf8')];
  }
  write(value);
  const colon = indent ? ': ' : ':';
  let steps = 0;
  while (stack.length) {
    if (++steps % 64 === 0) await pause();
    const top = stack[stack.length - 1];
    const members = top.keys?.length ?? (top.container as unknown[]).length;
    if (top.next >= members) {
      emit(`${top.written ? newline(stack.length - 1) : ''}${top.keys ? '}' : ']'}`);
      stack.pop();
      continue;
    }
    if (top.keys === undefined) {
      emit(`${top.written ? ',' : ''}${newline(stack.length)}`);
      top.written = true;
      write((top.container as unknown[])[top.next++]);
      continue;
    }
    const key = top.keys[top.next++];
    const v = (top.container as Record<string, unknown>)[key];
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    emit(`${top.written ? ',' : ''}${newline(stack.length)}${JSON.stringify(key)}${colon}`);
    top.written = true;
    write(v);
  }
  flush();
  return pieces;
}
