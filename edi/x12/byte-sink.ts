/**
 * An append-only byte buffer for X12 text (printable ASCII plus the delimiters, written as latin1).
 * Documents are assembled here rather than as strings: the bytes live outside the JS heap, so a large
 * document does not promote megabytes of strings into old space and trigger full GCs of the store; and
 * values are copied in character by character, so writing a segment allocates nothing.
 */
export class ByteSink {
  private buf: Buffer;
  length = 0;

  constructor(initialBytes = 1024) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  /** Bytes it can hold before growing. */
  get capacity(): number {
    return this.buf.length;
  }

  /** Makes room for `extra` more bytes. */
  reserve(extra: number): void {
    if (this.length + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + extra) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }

  /** Appends a string as latin1 (one native call: for longer or rarer text). */
  write(text: string): void {
    this.reserve(text.length);
    this.length += this.buf.write(text, this.length, 'latin1');
  }

  /** Appends a string known to hold only single-byte characters (ids, delimiters, sanitized values). */
  writeBytes(text: string): void {
    this.reserve(text.length);
    const buf = this.buf;
    let at = this.length;
    for (let i = 0; i < text.length; i++) buf[at++] = text.charCodeAt(i);
    this.length = at;
  }

  /** Appends a non-negative safe integer in decimal (as String(n) would, without the string). */
  writeUint(n: number): void {
    let digits = 1;
    for (let rest = n; rest >= 10; rest = Math.floor(rest / 10)) digits++;
    this.reserve(digits);
    let at = this.length + digits;
    this.length = at;
    do {
      this.buf[--at] = 0x30 + (n % 10);
      n = Math.floor(n / 10);
    } while (n > 0);
  }

  /** Appends one byte `count` times. */
  repeatByte(byte: number, count: number): void {
    this.reserve(count);
    for (let i = 0; i < count; i++) this.buf[this.length++] = byte;
  }

  /**
   * Appends characters [from, to) of `text` when every one is allowed by `allowed` (indexed by char code,
   * 0-127), and returns true; otherwise appends nothing and returns false. One pass both checks and copies.
   */
  writeIfAllowed(text: string, allowed: Uint8Array, from = 0, to = text.length): boolean {
    this.reserve(to - from);
    const buf = this.buf;
    let at = this.length;
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      if (c > 127 || allowed[c] === 0) return false;
      buf[at++] = c;
    }
    this.length = at;
    return true;
  }

  /**
   * Like writeIfAllowed for a whole value, refusing also an empty one or one with a leading, trailing or
   * doubled space: text that sanitize would return unchanged, checked and copied in one pass.
   */
  writeIfTidy(text: string, allowed: Uint8Array): boolean {
    this.reserve(text.length);
    const buf = this.buf;
    let at = this.length;
    let previousSpace = true;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c > 127 || allowed[c] === 0) return false;
      const space = c === 0x20;
      if (space && previousSpace) return false;
      previousSpace = space;
      buf[at++] = c;
    }
    if (previousSpace) return false;
    this.length = at;
    return true;
  }

  /** Drops everything written after `length` bytes. */
  truncate(length: number): void {
    this.length = length;
  }

  /** Appends bytes [start, end) of another sink. */
  appendRange(other: ByteSink, start = 0, end = other.length): void {
    this.reserve(end - start);
    other.buf.copy(this.buf, this.length, start, end);
    this.length += end - start;
  }

  /** A copy of bytes [start, end). */
  copyOf(start: number, end: number): Buffer {
    // allocUnsafe + copy: Buffer.from(view) fills the new memory with zeros before copying over them.
    const out = Buffer.allocUnsafe(end - start);
    this.buf.copy(out, 0, start, end);
    return out;
  }

  /** Bytes [start, end) as a one-byte string: a compact copy to keep and append again with write(). */
  textOf(start: number, end: number): string {
    return this.buf.toString('latin1', start, end);
  }

  toString(): string {
    return this.buf.toString('latin1', 0, this.length);
  }
}
