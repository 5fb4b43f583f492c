/**
 * JSON.parse for large texts, in slices: the same result as JSON.parse (RFC 8259; every string and number token
 * is handed to JSON.parse itself, so escapes, Unicode and number syntax are exactly its own), but the work is cut
 * into slices of about `sliceMs` with the event loop free in between, so a 20 MB body does not hold every other
 * request for the second or more one JSON.parse of it takes. Nesting is kept on an explicit stack (no recursion).
 */
type Container = Record<string, unknown> | unknown[];
interface Frame {
  container: Container;
  key?: string;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const CONTROL = /[\u0000-\u001f]/;
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

class Cursor {
  i = 0;
  constructor(readonly text: string) {}

  fail(): never {
    throw new SyntaxError(this.i < this.text.length ? `Unexpected token in JSON at position ${this.i}` : 'Unexpected end of JSON input');
  }

  skipSpace(): void {
    const t = this.text;
    let c = t.charCodeAt(this.i);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = t.charCodeAt(++this.i);
  }

  /** The string token at the cursor (which is on its opening quote). */
  string(): string {
    const t = this.text;
    const start = this.i;
    let end = t.indexOf('"', start + 1);
    for (;;) {
      if (end < 0) this.fail();
      let backslashes = 0;
      for (let k = end - 1; t.charCodeAt(k) === 92; k--) backslashes++;
      if (backslashes % 2 === 0) break;
      end = t.indexOf('"', end + 1);
    }
    this.i = end + 1;
    // Short plain strings are copied by slice; the rest go through JSON.parse (escapes, and a fresh string that does
    // not keep the whole body alive as a slice of it would).
    if (end - start < 14) {
      const s = t.slice(start + 1, end);
      if (!s.includes('\\')) {
        if (CONTROL.test(s)) this.fail();
        return s;
      }
    }
    return JSON.parse(t.slice(start, end + 1)) as string;
  }

  /** A number, true, false or null at the cursor. */
  scalar(): unknown {
    const t = this.text;
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (t.startsWith(word, this.i)) {
        this.i += word.length;
        return value;
      }
    }
    NUMBER.lastIndex = this.i;
    const m = NUMBER.exec(t);
    if (!m || m[0] === '' || m[0] === '-') this.fail();
    this.i += m[0].length;
    return Number(m[0]);
  }
}

function put(frame: Frame, value: unknown): void {
  if (Array.isArray(frame.container)) frame.container.push(value);
  else if (frame.key === '__proto__') Object.defineProperty(frame.container, '__proto__', { value, writable: true, enumerable: true, configurable: true });
  else frame.container[frame.key!] = value;
}

/** Parses `text` like JSON.parse, yielding to the event loop every `sliceMs` or so. */
export async function parseJsonSliced(text: string, sliceMs = 8): Promise<unknown> {
  const c = new Cursor(text);
  const stack: Frame[] = [];
  let root: unknown;
  let done = false;
  let deadline = performance.now() + sliceMs;
  let steps = 0;
  // `expectValue`: a value comes next; otherwise a ',' or the closing bracket of the innermost container.
  let expectValue = true;
  while (!done) {
    if (++steps % 1024 === 0 && performance.now() > deadline) {
      await yieldToEventLoop();
      deadline = performance.now() + sliceMs;
    }
    c.skipSpace();
    const top = stack[stack.length - 1];
    const ch = text.charCodeAt(c.i);
    if (!expectValue) {
      if (!top) c.fail();
      const close = Array.isArray(top.container) ? 93 : 125;
      if (ch === close) {
        c.i++;
        stack.pop();
        if (stack.length === 0) done = true;
        continue;
      }
      if (ch !== 44) c.fail();
      c.i++;
      c.skipSpace();
      if (!Array.isArray(top.container)) readKey(c, top);
      expectValue = true;
      continue;
    }
    let value: unknown;
    if (ch === 123 || ch === 91) {
      const container: Container = ch === 123 ? {} : [];
      c.i++;
      if (top) put(top, container);
      else root = container;
      const frame: Frame = { container };
      stack.push(frame);
      c.skipSpace();
      const close = ch === 123 ? 125 : 93;
      if (text.charCodeAt(c.i) === close) {
        c.i++;
        stack.pop();
        expectValue = false;
        if (stack.length === 0) done = true;
      } else if (ch === 123) readKey(c, frame);
      continue;
    }
    value = ch === 34 ? c.string() : c.scalar();
    if (top) put(top, value);
    else {
      root = value;
      done = true;
    }
    expectValue = false;
  }
  c.skipSpace();
  if (c.i !== text.length) c.fail();
  return root;
}

/** `"key" :` at the cursor, remembered on the frame. */
function readKey(c: Cursor, frame: Frame): void {
  if (c.text.charCodeAt(c.i) !== 34) c.fail();
  frame.key = c.string();
  c.skipSpace();
  if (c.text.charCodeAt(c.i) !== 58) c.fail();
  c.i++;
}
