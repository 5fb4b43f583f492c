import type { Resource } from 'fhir/r4';
import type { ResourceTable } from '../resource-table.js';
import type { SearchCursor } from '../store.js';
import type { Hit } from './slot-sets.js';
import type { TypeScan } from './type-scan.js';

/**
 * Most slots a kept cursor freezes (writes after its first page to resources of its types): past that it is closed
 * and its next page is gone (410), so a cursor's memory stays bounded however long it is paged under writes.
 */
export const MAX_FROZEN_SLOTS = 10_000;

/**
 * The matches of a search over one or more types (their scans in order), read as far as pages ask, each as of the
 * search that opened the cursor. A sorted search reads every match at once and reorders them (`sortBy`).
 * https://hl7.org/fhir/R4/http.html#paging
 */
export class Cursor implements SearchCursor {
  /** Scan index and slot of every match read so far, in result order. */
  private readonly scanOf: number[] = [];
  private readonly slotOf: number[] = [];
  private at = 0;
  private frozen = 0;
  closed = false;

  constructor(
    private readonly scans: TypeScan[],
    private readonly onClose: (cursor: Cursor) => void = () => undefined,
  ) {}

  /** Reads matches until there are `n` (or no more). */
  private fill(n: number): void {
    while (this.slotOf.length < n && this.at < this.scans.length) {
      const slot = this.scans[this.at].next();
      if (slot < 0) this.at++;
      else {
        this.scanOf.push(this.at);
        this.slotOf.push(slot);
      }
    }
  }

  /** Reads every match and puts them in the order `sort` gives. */
  sortBy(sort: (hits: Hit[]) => Hit[]): void {
    this.fill(Infinity);
    const index = new Map<ResourceTable, number>(this.scans.map((s, i) => [s.table, i]));
    const hits = sort(this.slotOf.map((slot, i) => ({ table: this.scans[this.scanOf[i]].table, slot })));
    hits.forEach((h, i) => {
      this.scanOf[i] = index.get(h.table)!;
      this.slotOf[i] = h.slot;
    });
  }

  /** The matches at [offset, offset + count) and whether more follow; undefined once closed. */
  page(offset: number, count: number): { matches: Resource[]; more: boolean } | undefined {
    if (this.closed) return undefined;
    this.fill(offset + count + 1);
    const matches: Resource[] = [];
    for (let i = offset; i < Math.min(offset + count, this.slotOf.length); i++) matches.push(this.scans[this.scanOf[i]].versionAt(this.slotOf[i])!);
    return { matches, more: this.slotOf.length > offset + count };
  }

  total(): { total: number; estimated: boolean } {
    let total = 0;
    let estimated = false;
    for (const s of this.scans) {
      const t = s.total();
      total += t.total;
      estimated ||= t.estimated;
    }
    return { total, estimated };
  }

  /** Keeps a slot of a table as it is, before a write changes it; past MAX_FROZEN_SLOTS the cursor closes. */
  beforeWrite(table: ResourceTable, slot: number): void {
    for (const s of this.scans) if (s.table === table && s.beforeWrite(slot)) this.frozen++;
    if (this.frozen > MAX_FROZEN_SLOTS) this.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose(this);
  }
}
