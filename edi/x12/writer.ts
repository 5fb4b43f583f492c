import type { Delimiters } from './delimiters.js';
import { ByteSink } from './byte-sink.js';
import { sanitize } from './sanitize.js';

/** Repetitions of one element, joined with the repetition separator (ISA11), e.g. EQ01 / EB03. */
export interface Repeated {
  repeat: readonly string[];
}

/** One element: a simple value, a composite (components), repetitions, or absent. */
export type Element = string | undefined | readonly (string | undefined)[] | Repeated;

// Anything that is not printable ASCII, or is a delimiter, sends a value through sanitize().
function unsafeClass(chars: string[]): RegExp {
  return new RegExp(`[${chars.map((c) => c.replace(/[\\\]^-]/g, '\\$&')).join('')}]|[^\\x20-\\x7e]`);
}

/**
 * Serializes segments with one delimiter set (X12.6 syntax). Trailing empty elements and components are
 * dropped; any delimiter found inside data is replaced by a space, so output always re-parses.
 */
export class SegmentWriter {
  private readonly unsafe: RegExp;
  /** By char code (0-127): 1 when the character may appear in data as is (printable ASCII, not a delimiter). */
  readonly allowed = new Uint8Array(128);

  constructor(readonly delimiters: Delimiters) {
    const d = delimiters;
    this.unsafe = unsafeClass([d.element, d.component, d.repetition, d.segment]);
    this.allowed.fill(1, 0x20, 0x7f);
    for (const ch of [d.element, d.component, d.repetition, d.segment]) if (ch.charCodeAt(0) < 128) this.allowed[ch.charCodeAt(0)] = 0;
  }

  private clean(value: string | undefined): string {
    if (value === undefined) return '';
    return this.unsafe.test(value) ? sanitize(value, this.delimiters) : value;
  }

  /** Serializes one segment without its terminator (string building without intermediate arrays: this is the hot path). */
  segment(id: string, elements: readonly Element[]): string {
    const d = this.delimiters;
    let out = id;
    let pending = '';
    for (let i = 0; i < elements.length; i++) {
      const el = elements[i];
      let v: string;
      if (el === undefined) v = '';
      else if (typeof el === 'string') v = this.unsafe.test(el) ? sanitize(el, d) : el;
      else if (Array.isArray(el)) v = this.joined(el as readonly (string | undefined)[], d.component);
      else v = this.joined((el as Repeated).repeat, d.repetition);
      if (v === '') pending += d.element;
      else {
        out += pending + d.element + v;
        pending = '';
      }
    }
    return out;
  }

  /** Components or repetitions, cleaned; inner empties keep their place, trailing empties are dropped. */
  private joined(values: readonly (string | undefined)[], separator: string): string {
    let out = '';
    let pending = '';
    for (let i = 0; i < values.length; i++) {
      const v = this.clean(values[i]);
      if (i > 0) pending += separator;
      if (v !== '') {
        out += pending + v;
        pending = '';
      }
    }
    return out;
  }
}

/** Segments written once and repeated by copying their bytes (see TransactionBody.addRepeated). */
export interface SegmentBlock {
  bytes: Buffer;
  segments: number;
}

/**
 * The body of one transaction set (the segments between ST and SE); SE01 is computed from its count.
 * Segments are encoded straight into bytes. Bodies of one document may share a sink, each owning the
 * range it wrote; they must then be written one after another, which `add` checks.
 */
export class TransactionBody {
  private count = 0;
  private readonly start: number;
  private end: number;
  private readonly terminator: string;
  private readonly allowed: Uint8Array;
  private readonly separator: { element: number; component: number; repetition: number };

  constructor(private readonly writer: SegmentWriter, lineBreak = '\n', readonly sink = new ByteSink()) {
    const d = writer.delimiters;
    this.terminator = d.segment + lineBreak;
    this.allowed = writer.allowed;
    this.separator = { element: d.element.charCodeAt(0), component: d.component.charCodeAt(0), repetition: d.repetition.charCodeAt(0) };
    this.start = this.end = sink.length;
  }

  /** Appends a segment (X12.6: trailing empty elements and components dropped); returns this for chaining. */
  add(id: string, ...elements: Element[]): this {
    const sink = this.sink;
    if (sink.length !== this.end) throw new Error('transaction bodies sharing a sink must be written one after another');
    sink.writeBytes(id);
    let skipped = 0; // empty elements whose separators are written only if a value follows
    for (let i = 0; i < elements.length; i++) {
      const el = elements[i];
      if (el === undefined || el === '') {
        skipped++;
        continue;
      }
      const before = sink.length;
      sink.repeatByte(this.separator.element, skipped + 1);
      let written: boolean;
      if (typeof el === 'string') written = this.value(el);
      else if (Array.isArray(el)) written = this.list(el as readonly (string | undefined)[], this.separator.component);
      else written = this.list((el as Repeated).repeat, this.separator.repetition);
      if (written) skipped = 0;
      else {
        sink.truncate(before);
        skipped++;
      }
    }
    sink.writeBytes(this.terminator);
    this.end = sink.length;
    this.count++;
    return this;
  }

  /**
   * Appends a block of segments kept in `cache` under `key`, writing it with `write` (which adds to this
   * body) the first time: for loops that repeat verbatim, e.g. a payer's name and address in every 835.
   */
  addRepeated<K>(cache: Map<K, SegmentBlock>, key: K, write: () => void): this {
    const block = cache.get(key);
    if (block) {
      if (this.sink.length !== this.end) throw new Error('transaction bodies sharing a sink must be written one after another');
      this.sink.appendBuffer(block.bytes);
      this.end = this.sink.length;
      this.count += block.segments;
      return this;
    }
    const from = this.end;
    const before = this.count;
    write();
    cache.set(key, { bytes: this.sink.copyOf(from, this.end), segments: this.count - before });
    return this;
  }

  /** A value as is when it is plain, else sanitized; false when nothing was written. */
  private value(v: string): boolean {
    if (this.sink.writeIfAllowed(v, this.allowed)) return true;
    const clean = sanitize(v, this.writer.delimiters);
    if (clean === '') return false;
    this.sink.writeBytes(clean);
    return true;
  }

  /** Components or repetitions: inner empties keep their place, trailing empties are dropped. */
  private list(values: readonly (string | undefined)[], separator: number): boolean {
    let last = -1;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === undefined || v === '') continue;
      const before = this.sink.length;
      this.sink.repeatByte(separator, last < 0 ? i : i - last);
      if (this.value(v)) last = i;
      else this.sink.truncate(before);
    }
    return last >= 0;
  }

  /** Number of segments written. */
  get length(): number {
    return this.count;
  }

  /** Bytes written. */
  get byteLength(): number {
    return this.end - this.start;
  }

  /** Appends this body's bytes to another sink. */
  copyTo(out: ByteSink): void {
    out.appendRange(this.sink, this.start, this.end);
  }
}
