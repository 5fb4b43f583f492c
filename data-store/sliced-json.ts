/**
 * JSON.parse for large bodies, in slices and straight from the UTF-8 bytes: the same result as JSON.parse of the
 * decoded text (RFC 8259; string and number tokens go through JSON.parse itself, so escapes, Unicode and number
 * syntax are exactly its own), but the work is cut into slices of about `sliceMs` with the event loop free in between,
 * and the body is never held as one big string (decoding or joining 20 MB is itself a long step). A 20 MB body then
 * does not hold every other request for the second or more one JSON.parse of it takes. No recursion: nesting is
 * kept on an explicit stack. Structural characters are ASCII, which never occurs inside a UTF-8 multi-byte sequence.
 */
type Container = Record<string, unknown> | unknown[];
interface Frame {
  container: Container;
  key?: string;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const LITERALS: Array<[number[], unknown]> = [
  [[0x74, 0x72, 0x75, 0x65], true],
  [[0x66, 0x61, 0x6c, 0x73, 0x65], false],
  [[0x6e, 0x75, 0x6c, 0x6c], null],
];
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Bytes that may be part of a number token (digits, sign, point, exponent). */
function numberByte(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45;
}

class Cursor {
  i = 0;
  constructor(readonly b: Buffer) {}

  fail(): never {
    throw new SyntaxError(this.i < this.b.length ? `Unexpected token in JSON at position ${this.i}` : 'Unexpected end of JSON input');
  }

  skipSpace(): void {
    const b = this.b;
    let c = b[this.i];
    while (c === 32 || c === 10 || c === 13 || c === 9) c = b[++this.i];
  }

  /** The string token at the cursor (which is on its opening quote). */
  string(): string {
    const b = this.b;
    const start = this.i;
    let end = b.indexOf(QUOTE, start + 1);
    for (;;) {
      if (end < 0) this.fail();
      let backslashes = 0;
      for (let k = end - 1; b[k] === BACKSLASH; k--) backslashes++;
      if (backslashes % 2 === 0) break;
      end = b.indexOf(QUOTE, end + 1);
    }
    this.i = end + 1;
    if (end - start < 32) {
      let plain = true;
      for (let k = start + 1; k < end && plain; k++) plain = b[k] >= 0x20 && b[k] !== BACKSLASH;
      if (plain) return b.toString('utf8', start + 1, end);
    }
    return JSON.parse(b.toString('utf8', start, end + 1)) as string;
  }

  /** A number, true, false or null at the cursor. */
  scalar(): unknown {
    const b = this.b;
    for (const [word, value] of LITERALS) {
      if (word.every((c, k) => b[this.i + k] === c)) {
        this.i += word.length;
        return value;
      }
    }
    let end = this.i;
    while (end < b.length && numberByte(b[end])) end++;
    const token = b.toString('latin1', this.i, end);
    if (!NUMBER.test(token)) this.fail();
    this.i = end;
    return Number(token);
  }

  /** `"key" :` at the cursor, remembered on the frame. */
  key(frame: Frame): void {
    if (this.b[this.i] !== QUOTE) this.fail();
    frame.key = this.string();
    this.skipSpace();
    if (this.b[this.i] !== 0x3a) this.fail();
    this.i++;
  }
}

function put(frame: Frame, value: unknown): void {
  if (Array.isArray(frame.container)) frame.container.push(value);
  else if (frame.key === '__proto__') Object.defineProperty(frame.container, '__proto__', { value, writable: true, enumerable: true, configurable: true });
  else frame.container[frame.key!] = value;
}

/** After a value inside `top`: a ',' (then the next key or value) or its closing bracket. Returns true when closed. */
function afterValue(c: Cursor, top: Frame): boolean {
  const array = Array.isArray(top.container);
  const ch = c.b[c.i];
  if (ch === (array ? 0x5d : 0x7d)) {
    c.i++;
    return true;
  }
  if (ch !== 0x2c) c.fail();
  c.i++;
  c.skipSpace();
  if (!array) c.key(top);
  return false;
}

/** Bytes of array items handed to one JSON.parse call (a fraction of a millisecond of work). */
const BATCH_BYTES = 64 * 1024;

/**
 * Where a run of whole array items starting at `from` ends within `limit` bytes: the last ',' between two of them,
 * or the array's closing bracket; -1 when not even one item ends in time. Strings are skipped (brackets and
 * commas in them count for nothing); the text is not checked: JSON.parse of the run does that.
 */
function batchEnd(b: Buffer, from: number, limit: number): number {
  const stop = Math.min(b.length, from + limit);
  let depth = 0;
  let cut = -1;
  for (let k = from; k < stop; k++) {
    const ch = b[k];
    if (ch === QUOTE) {
      for (k++; k < stop && b[k] !== QUOTE; k++) if (b[k] === BACKSLASH) k++;
    } else if (ch === 0x7b || ch === 0x5b) depth++;
    else if (ch === 0x7d || ch === 0x5d) {
      if (depth === 0) return k;
      depth--;
    } else if (ch === 0x2c && depth === 0) cut = k;
  }
  return cut;
}

/**
 * The items of the array run [from, end) by one JSON.parse call (native speed, whole items only, so JSON.parse's own
 * rules hold); undefined when the run is not valid JSON (the item by item path then finds and reports the error).
 */
function parseRun(b: Buffer, from: number, end: number): unknown[] | undefined {
  try {
    return JSON.parse(`[${b.toString('utf8', from, end)}]`) as unknown[];
  } catch {
    return undefined;
  }
}

/** Parses UTF-8 JSON bytes like JSON.parse of their text, yielding to the event loop every `sliceMs` or so. */
export async function parseJsonSliced(bytes: Buffer, sliceMs = 8): Promise<unknown> {
  const c = new Cursor(bytes);
  const stack: Frame[] = [];
  let root: unknown;
  let deadline = performance.now() + sliceMs;
  let steps = 0;
  // `expectValue`: a value comes next; otherwise a ',' or the closing bracket of the innermost container.
  let expectValue = true;
  for (;;) {
    if (++steps % 1024 === 0 && performance.now() > deadline) {
      await yieldToEventLoop();
      deadline = performance.now() + sliceMs;
    }
    c.skipSpace();
    const top = stack[stack.length - 1];
    if (!expectValue) {
      if (!top) break;
      if (afterValue(c, top)) stack.pop();
      else expectValue = true;
      continue;
    }
    // Inside an array, whole items that fit in a batch are parsed together by JSON.parse (each run counts as a
    // thousand steps towards the next look at the clock).
    const end = Array.isArray(top?.container) ? batchEnd(bytes, c.i, BATCH_BYTES) : -1;
    const run = end > c.i ? parseRun(bytes, c.i, end) : undefined;
    if (run) {
      const list = top!.container as unknown[];
      for (const item of run) list.push(item);
      c.i = end;
      expectValue = false;
      steps += 1023 - (steps % 1024);
      continue;
    }
    const ch = bytes[c.i];
    if (ch === 0x7b || ch === 0x5b) {
      const container: Container = ch === 0x7b ? {} : [];
      c.i++;
      if (top) put(top, container);
      else root = container;
      const frame: Frame = { container };
      stack.push(frame);
      c.skipSpace();
      if (bytes[c.i] === (ch === 0x7b ? 0x7d : 0x5d)) {
        c.i++;
        stack.pop();
        expectValue = false;
      } else if (ch === 0x7b) c.key(frame);
      continue;
    }
    const value = ch === QUOTE ? c.string() : c.scalar();
    if (top) put(top, value);
    else root = value;
    expectValue = false;
  }
  if (c.i !== bytes.length) c.fail();
  return root;
}
