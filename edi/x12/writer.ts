import type { Delimiters } from './delimiters.js';
import { sanitize } from './sanitize.js';

/** Repetitions of one element, joined with the repetition separator (ISA11), e.g. EQ01 / EB03. */
export interface Repeated {
  repeat: readonly string[];
}

/** One element: a simple value, a composite (components), repetitions, or absent. */
export type Element = string | undefined | readonly (string | undefined)[] | Repeated;

function escapeClass(chars: string[]): RegExp {
  return new RegExp(`[${chars.map((c) => c.replace(/[\\\]^-]/g, '\\$&')).join('')}\\r\\n]`);
}

/**
 * Serializes segments with one delimiter set (X12.6 syntax). Trailing empty elements and components are
 * dropped; any delimiter found inside data is replaced by a space, so output always re-parses.
 */
export class SegmentWriter {
  private readonly unsafe: RegExp;

  constructor(readonly delimiters: Delimiters) {
    const d = delimiters;
    this.unsafe = escapeClass([d.element, d.component, d.repetition, d.segment]);
  }

  private clean(value: string | undefined): string {
    if (value === undefined) return '';
    return this.unsafe.test(value) ? sanitize(value, this.delimiters) : value;
  }

  /** Serializes one segment without its terminator. */
  segment(id: string, elements: readonly Element[]): string {
    const d = this.delimiters;
    const parts: string[] = [id];
    for (const el of elements) {
      if (el !== undefined && typeof el === 'object' && 'repeat' in el) {
        parts.push((el as Repeated).repeat.map((v) => this.clean(v)).filter((v) => v !== '').join(d.repetition));
      } else if (Array.isArray(el)) {
        const comps = (el as readonly (string | undefined)[]).map((c) => this.clean(c));
        while (comps.length > 0 && comps[comps.length - 1] === '') comps.pop();
        parts.push(comps.join(d.component));
      } else {
        parts.push(this.clean(el as string | undefined));
      }
    }
    while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
    return parts.join(d.element);
  }
}

/** The body of one transaction set (the segments between ST and SE); SE01 is computed from it. */
export class TransactionBody {
  readonly segments: string[] = [];

  constructor(private readonly writer: SegmentWriter) {}

  /** Appends a segment; returns this for chaining. */
  add(id: string, ...elements: Element[]): this {
    this.segments.push(this.writer.segment(id, elements));
    return this;
  }

  get length(): number {
    return this.segments.length;
  }
}
