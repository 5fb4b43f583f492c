import type { ByteSink } from './byte-sink.js';
import { SegmentEncoder } from './segment-encoder.js';
import type { SegmentWriter } from './writer.js';

/** Segments written once and repeated by copying their bytes (see TransactionBody.addRepeated). */
export interface SegmentBlock {
  /** The segments' bytes, one character each. */
  text: string;
  segments: number;
}

/** A position in a body (see TransactionBody.blockSince). */
export interface SegmentMark {
  at: number;
  segments: number;
}

/**
 * The body of one transaction set (the segments between ST and SE); SE01 is computed from its count.
 * Bodies of one document may share a sink, each owning the range it wrote; they must then be written one
 * after another, which `seg` checks.
 */
export class TransactionBody extends SegmentEncoder {
  private readonly start: number;
  private rangeEnd: number;

  constructor(writer: SegmentWriter, lineBreak = '\n', sink?: ByteSink) {
    super(writer, lineBreak, sink);
    this.start = this.rangeEnd = this.sink.length;
  }

  override seg(id: string): this {
    if (this.sink.length !== this.rangeEnd) throw new Error('transaction bodies sharing a sink must be written one after another');
    return super.seg(id);
  }

  override end(): this {
    super.end();
    this.rangeEnd = this.sink.length;
    return this;
  }

  /**
   * Appends a block of segments kept in `cache` under `key`, writing it with `write` (which adds to this
   * body) the first time: for loops that repeat verbatim, e.g. a payer's name and address in every 835.
   */
  addRepeated<K>(cache: Map<K, SegmentBlock>, key: K, write: () => void): this {
    const block = cache.get(key);
    if (block) return this.appendBlock(block);
    const mark = this.mark();
    write();
    cache.set(key, this.blockSince(mark));
    return this;
  }

  /** Where the next segment starts. */
  mark(): SegmentMark {
    return { at: this.rangeEnd, segments: this.count };
  }

  /** A copy of the segments written since `mark`. */
  blockSince(mark: SegmentMark): SegmentBlock {
    return { text: this.sink.textOf(mark.at, this.rangeEnd), segments: this.count - mark.segments };
  }

  /** Appends a block of segments copied earlier (see blockSince). */
  appendBlock(block: SegmentBlock): this {
    if (this.sink.length !== this.rangeEnd) throw new Error('transaction bodies sharing a sink must be written one after another');
    this.sink.write(block.text);
    this.rangeEnd = this.sink.length;
    this.count += block.segments;
    return this;
  }

  /** Everything written so far as a block, and a fresh start: for a scratch body whose blocks are kept apart. */
  takeBlock(): SegmentBlock {
    const block = { text: this.sink.textOf(this.start, this.rangeEnd), segments: this.count };
    this.sink.truncate(this.start);
    this.rangeEnd = this.start;
    this.count = 0;
    return block;
  }

  /** Bytes written. */
  get byteLength(): number {
    return this.rangeEnd - this.start;
  }

  /** Appends this body's bytes to another sink. */
  copyTo(out: ByteSink): void {
    out.appendRange(this.sink, this.start, this.rangeEnd);
  }

  /** Appends every segment of another body (one written apart, e.g. for writeInterchange). */
  append(other: TransactionBody): this {
    if (this.sink.length !== this.rangeEnd) throw new Error('transaction bodies sharing a sink must be written one after another');
    this.sink.appendRange(other.sink, other.start, other.rangeEnd);
    this.rangeEnd = this.sink.length;
    this.count += other.count;
    return this;
  }
}
