import type { Resource } from 'fhir/r4';
import type { ResourceTable } from '../resource-table.js';
import type { Clause } from './clause.js';
import type { SlotSource } from './slot-sets.js';

/** A slot as it was when the scan was opened, kept on the first write to it after that. */
interface Frozen {
  old: Resource | undefined;
  /** Whether it matched then; known for the slots not yet scanned when they were written. */
  matched?: boolean;
}

/**
 * The matches of one resource type in ascending slot order (the stable default order), as of when the scan was
 * opened, found one at a time: walking the candidates stops once a page is filled. Writes after the opening freeze
 * the slots they touch (beforeWrite), so later pages still see the result set of the first, and slots created since
 * (at or past `end`) are not in it. https://hl7.org/fhir/R4/http.html#paging
 */
export class TypeScan {
  /** Slots of the table at the opening. */
  readonly end: number;
  readonly frozen = new Map<number, Frozen>();
  private readonly source: SlotSource;
  private scanned = -1;
  /** The number of matches, once count() has tested every candidate. */
  private counted?: number;
  private tested = 0;
  private passed = 0;
  exhausted = false;

  constructor(
    readonly table: ResourceTable,
    private readonly clauses: Clause[],
    /** A fresh walk over the candidates, in ascending slot order. */
    private readonly walk: () => SlotSource,
    /** How many slots the source lists at most (the base of the estimate). */
    readonly candidates: number,
    /** The number of matches when the index gives it without testing any candidate. */
    readonly knownTotal?: number,
  ) {
    this.end = table.slots.length;
    this.source = walk();
  }

  /**
   * Tests every candidate on a walk of its own, so that total() is exact; only while no write can come between
   * the opening and this (the same synchronous step), since it tests the slots as they are now (those frozen at the
   * opening, by a search as of a mark, as they were).
   */
  count(): void {
    if (this.knownTotal !== undefined || this.exhausted || this.counted !== undefined) return;
    let n = 0;
    const walk = this.walk();
    for (let s = walk.next(); s >= 0 && s < this.end; s = walk.next()) {
      const frozen = this.frozen.get(s);
      if (frozen ? frozen.matched === true : this.matchesNow(s)) n++;
    }
    this.counted = n;
  }

  /** The next matching slot, or -1 when there is none. */
  next(): number {
    while (!this.exhausted) {
      const s = this.source.next();
      if (s < 0 || s >= this.end) {
        this.exhausted = true;
        break;
      }
      this.scanned = s;
      this.tested++;
      const frozen = this.frozen.get(s);
      if (frozen ? frozen.matched === true : this.matchesNow(s)) {
        this.passed++;
        return s;
      }
    }
    return -1;
  }

  /** The version of a slot as of the opening. */
  versionAt(slot: number): Resource | undefined {
    const frozen = this.frozen.get(slot);
    return frozen ? frozen.old : this.table.slots[slot].current;
  }

  /** Called before a write to a slot of the table changes it (and its index entries); false when nothing was kept. */
  beforeWrite(slot: number): boolean {
    if (slot >= this.end || this.frozen.has(slot)) return false;
    const unscanned = !this.exhausted && slot > this.scanned;
    this.frozen.set(slot, { old: this.table.slots[slot].current, matched: unscanned ? this.matchesNow(slot) : undefined });
    return true;
  }

  /**
   * The number of matches: exact when the index gave it or every candidate has been tested, otherwise the
   * candidates times the share of those tested so far that matched (https://hl7.org/fhir/R4/search.html#total).
   */
  total(): { total: number; estimated: boolean } {
    const exact = this.knownTotal ?? this.counted;
    if (exact !== undefined) return { total: exact, estimated: false };
    if (this.exhausted) return { total: this.passed, estimated: false };
    const rate = this.tested ? this.passed / this.tested : 1;
    return { total: Math.max(this.passed + 1, Math.round(this.candidates * rate)), estimated: true };
  }

  private matchesNow(slot: number): boolean {
    if (!this.table.slots[slot].current) return false;
    for (const c of this.clauses) if (!c.test(slot)) return false;
    return true;
  }
}
