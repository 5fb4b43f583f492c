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

  constructor(readonly delimiters: Delimiters) {
    const d = delimiters;
    this.unsafe = unsafeClass([d.element, d.component, d.repetition, d.segment]);
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

/** The body of one transaction set (the segments between ST and SE); SE01 is computed from its count. */
export class TransactionBody {
  readonly sink = new ByteSink();
  private count = 0;
  private readonly terminator: string;

  constructor(private readonly writer: SegmentWriter, lineBreak = '\n') {
    this.terminator = writer.delimiters.segment + lineBreak;
  }

  /** Appends a segment; returns this for chaining. */
  add(id: string, ...elements: Element[]): this {
    this.sink.write(this.writer.segment(id, elements) + this.terminator);
    this.count++;
    return this;
  }

  /** Number of segments written. */
  get length(): number {
    return this.count;
  }
}
