/**
 * An append-only byte buffer for X12 text (printable ASCII plus the delimiters, written as latin1).
 * Documents are assembled here rather than as arrays of strings: the bytes live outside the JS heap, so a
 * large document does not promote megabytes of strings into old space and trigger full GCs of the store.
 */
export class ByteSink {
  private buf: Buffer;
  length = 0;

  constructor(initialBytes = 1024) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + extra) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }

  write(text: string): void {
    this.ensure(text.length);
    this.length += this.buf.write(text, this.length, 'latin1');
  }

  append(other: ByteSink): void {
    this.ensure(other.length);
    other.buf.copy(this.buf, this.length, 0, other.length);
    this.length += other.length;
  }

  toString(): string {
    return this.buf.toString('latin1', 0, this.length);
  }
}
