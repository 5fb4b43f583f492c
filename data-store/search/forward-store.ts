import type { DateRange } from './date-range.js';
import type { IndexEntry } from './index-values.js';

const EMPTY: IndexEntry[] = [];

/**
 * Slot -> index entries of one parameter, stored compactly because it holds one value per resource
 * of a type (hundreds of thousands): a lone entry is kept unwrapped, and a lone date range lives in
 * two Float64Arrays instead of an object, which keeps index builds light on the garbage collector.
 */
export class ForwardStore {
  private readonly cells: Array<IndexEntry | IndexEntry[] | undefined> = [];
  private lo: Float64Array;
  private hi: Float64Array;
  /** 1 when the slot's single date range is in lo/hi. */
  private packed: Uint8Array;

  constructor(
    private readonly dates: boolean,
    capacity: number,
  ) {
    const cap = dates ? Math.max(16, capacity) : 0;
    this.lo = new Float64Array(cap);
    this.hi = new Float64Array(cap);
    this.packed = new Uint8Array(cap);
  }

  get length(): number {
    return Math.max(this.cells.length, this.packed.length);
  }

  set(slot: number, entries: IndexEntry[] | undefined): void {
    if (this.dates) {
      if (slot >= this.packed.length) this.grow(slot + 1);
      if (entries?.length === 1) {
        const r = entries[0] as DateRange;
        this.lo[slot] = r.lo;
        this.hi[slot] = r.hi;
        this.packed[slot] = 1;
        if (slot < this.cells.length) this.cells[slot] = undefined;
        return;
      }
      this.packed[slot] = 0;
    }
    if (!entries || entries.length === 0) {
      if (slot < this.cells.length) this.cells[slot] = undefined;
      return;
    }
    this.cells[slot] = entries.length === 1 ? entries[0] : entries;
  }

  get(slot: number): IndexEntry[] {
    if (this.dates && this.packed[slot] === 1) return [{ lo: this.lo[slot], hi: this.hi[slot] }];
    const c = this.cells[slot];
    if (c === undefined) return EMPTY;
    return Array.isArray(c) ? c : [c];
  }

  /** Calls fn for every (slot, entry) in slot order, of the slots in [from, to). */
  forEach(fn: (entry: IndexEntry, slot: number) => void, from = 0, to = Infinity): void {
    const n = Math.min(this.length, to);
    for (let s = from; s < n; s++) {
      if (this.dates && this.packed[s] === 1) {
        fn({ lo: this.lo[s], hi: this.hi[s] }, s);
        continue;
      }
      const c = this.cells[s];
      if (c === undefined) continue;
      if (Array.isArray(c)) for (const e of c) fn(e, s);
      else fn(c, s);
    }
  }

  /** Calls fn for every date range (lo, hi) in slot order, of the slots in [from, to), without allocating. */
  forEachRange(fn: (lo: number, hi: number, slot: number) => void, from = 0, to = Infinity): void {
    const n = Math.min(this.length, to);
    for (let s = from; s < n; s++) {
      if (this.packed[s] === 1) fn(this.lo[s], this.hi[s], s);
      else {
        const c = this.cells[s];
        if (c === undefined) continue;
        for (const e of (Array.isArray(c) ? c : [c]) as DateRange[]) fn(e.lo, e.hi, s);
      }
    }
  }

  private grow(min: number): void {
    const cap = Math.max(min, this.packed.length * 2);
    const lo = new Float64Array(cap);
    const hi = new Float64Array(cap);
    const packed = new Uint8Array(cap);
    lo.set(this.lo);
    hi.set(this.hi);
    packed.set(this.packed);
    this.lo = lo;
    this.hi = hi;
    this.packed = packed;
  }
}
