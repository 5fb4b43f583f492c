import { ByteSink } from './byte-sink.js';
import { x12Date } from './format.js';
import { sanitize } from './sanitize.js';
import type { SegmentWriter } from './writer.js';

/**
 * Encodes segments straight into a byte sink, element by element with
 * `seg('CLP').el(pcn).money(cents)...end()`, which allocates nothing per segment (ASC X12.6
 * syntax). Separators are owed rather than written, so trailing empty elements and components are dropped
 * and inner ones keep their place; a value holding a delimiter or a non-printable character is sanitized.
 */
export class SegmentEncoder {
  protected count = 0;
  private readonly terminator: string;
  private readonly allowed: Uint8Array;
  private readonly elementSeparator: number;
  private readonly componentSeparator: number;
  private readonly repetitionSeparator: number;
  /** Element separators owed before the next value written in the open segment. */
  private owedElements = 0;
  /** Elements of the open segment so far (written or left empty): the next one is at position + 1. */
  private position = 0;
  /** Component or repetition separators (`innerSeparator`) owed inside the current element. */
  private owedInner = 0;
  private innerSeparator = 0;

  constructor(private readonly writer: SegmentWriter, lineBreak = '\n', readonly sink = new ByteSink()) {
    const d = writer.delimiters;
    this.terminator = d.segment + lineBreak;
    this.allowed = writer.allowed;
    this.elementSeparator = d.element.charCodeAt(0);
    this.componentSeparator = d.component.charCodeAt(0);
    this.repetitionSeparator = d.repetition.charCodeAt(0);
  }

  /** Opens a segment; add its elements with el/sub/rep/at/money/int/date, then close it with end(). */
  seg(id: string): this {
    this.sink.writeBytes(id);
    this.owedElements = 0;
    this.owedInner = 0;
    this.position = 0;
    return this;
  }

  /** The next element (its first component, when sub() follows); undefined or '' leaves it empty. */
  el(value: string | undefined): this {
    this.owedElements++;
    this.position++;
    this.owedInner = 0;
    if (value) this.value(value);
    return this;
  }

  /** The next component of the current element (a composite such as SV101 or CLM05). */
  sub(value: string | undefined): this {
    this.owedInner++;
    this.innerSeparator = this.componentSeparator;
    if (value) this.value(value);
    return this;
  }

  /** The next repetition of the current element (repetition separator, ISA11). */
  rep(value: string | undefined): this {
    this.owedInner++;
    this.innerSeparator = this.repetitionSeparator;
    if (value) this.value(value);
    return this;
  }

  /**
   * Empty elements up to the element at X12 position `position` (1-based, as the implementation guides number
   * them: `at(9)` in an SBR makes the next element SBR09); throws when that element is already behind.
   */
  at(position: number): this {
    const gap = position - 1 - this.position;
    if (gap < 0) throw new Error(`element ${position} is already written (at ${this.position + 1})`);
    if (gap > 0) {
      this.owedElements += gap;
      this.position += gap;
      this.owedInner = 0;
    }
    return this;
  }

  /**
   * The next element as free text (a name, an address line): sanitized and cut to `max` characters as
   * sanitize does; `fallback` (or nothing) when nothing is left. Checked and copied in one pass when it needs
   * no change.
   */
  text(value: string | undefined, max: number, fallback?: string): this {
    this.owedElements++;
    this.position++;
    this.owedInner = 0;
    if (!value) {
      if (fallback) this.value(fallback);
      return this;
    }
    if (value.length <= max) {
      const sink = this.sink;
      const mark = sink.length;
      const owedElements = this.owedElements;
      this.separators();
      if (sink.writeIfTidy(value, this.allowed)) return this;
      sink.truncate(mark);
      this.owedElements = owedElements;
    }
    const clean = sanitize(value, this.writer.delimiters, max) || fallback;
    if (clean) this.value(clean);
    return this;
  }

  /** The next element as an X12 R amount from integer cents: no trailing zeros, e.g. 125, 12.5, 0.05, -3 (empty when undefined). */
  money(cents: number | undefined): this {
    if (cents === undefined) return this.el(undefined);
    this.owedElements++;
    this.position++;
    this.owedInner = 0;
    this.separators();
    const sink = this.sink;
    if (cents < 0) sink.writeBytes('-');
    const abs = Math.abs(cents);
    sink.writeUint(Math.floor(abs / 100));
    const frac = abs % 100;
    if (frac !== 0) {
      sink.repeatByte(0x2e, 1);
      sink.repeatByte(0x30 + Math.floor(frac / 10), 1);
      if (frac % 10 !== 0) sink.repeatByte(0x30 + (frac % 10), 1);
    }
    return this;
  }

  /** The next element as a number, written as String(n) would be. */
  int(n: number): this {
    if (!(Number.isSafeInteger(n) && n >= 0)) return this.el(String(n));
    this.owedElements++;
    this.position++;
    this.owedInner = 0;
    this.separators();
    this.sink.writeUint(n);
    return this;
  }

  /** The next element as a DT CCYYMMDD from a FHIR date or dateTime (see x12Date); empty when undefined. */
  date(iso: string | undefined): this {
    if (!iso || iso.length < 10 || iso[4] !== '-') return this.el(iso && x12Date(iso));
    this.owedElements++;
    this.position++;
    this.owedInner = 0;
    const sink = this.sink;
    const mark = sink.length;
    const owed = this.owedElements;
    this.separators();
    const allowed = this.allowed;
    if (sink.writeIfAllowed(iso, allowed, 0, 4) && sink.writeIfAllowed(iso, allowed, 5, 7) && sink.writeIfAllowed(iso, allowed, 8, 10)) return this;
    sink.truncate(mark);
    this.owedElements = owed - 1;
    this.position--;
    return this.el(x12Date(iso));
  }

  /** Closes the open segment. */
  end(): this {
    this.sink.writeBytes(this.terminator);
    this.count++;
    return this;
  }

  /** The next element as a composite of `components` (e.g. STC01 from a status triple). */
  composite(components: readonly (string | undefined)[]): this {
    this.el(components[0]);
    for (let i = 1; i < components.length; i++) this.sub(components[i]);
    return this;
  }

  /** The next element as repetitions of `values` (repetition separator, ISA11), e.g. EQ01 or EB03. */
  repeats(values: readonly string[]): this {
    this.el(values[0]);
    for (let i = 1; i < values.length; i++) this.rep(values[i]);
    return this;
  }

  /** The next elements, one per value (a list whose length is known only at run time, e.g. IK502-IK506). */
  elements(values: readonly (string | undefined)[]): this {
    for (const v of values) this.el(v);
    return this;
  }

  /** Writes the owed separators. */
  private separators(): void {
    if (this.owedElements > 0) this.sink.repeatByte(this.elementSeparator, this.owedElements);
    if (this.owedInner > 0) this.sink.repeatByte(this.innerSeparator, this.owedInner);
    this.owedElements = 0;
    this.owedInner = 0;
  }

  /** A non-empty value after the owed separators: as is when plain, else sanitized (nothing when that empties it). */
  private value(v: string): void {
    const sink = this.sink;
    const mark = sink.length;
    const owedElements = this.owedElements;
    const owedInner = this.owedInner;
    this.separators();
    if (sink.writeIfAllowed(v, this.allowed)) return;
    sink.truncate(mark);
    this.owedElements = owedElements;
    this.owedInner = owedInner;
    const clean = sanitize(v, this.writer.delimiters);
    if (clean === '') return;
    this.separators();
    sink.writeBytes(clean);
  }

  /** Number of segments written. */
  get length(): number {
    return this.count;
  }
}
