import type { Delimiters } from './delimiters.js';
import { sanitize } from './sanitize.js';

export { TransactionBody, type SegmentBlock } from './transaction-body.js';

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
