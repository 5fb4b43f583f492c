import type { Resource } from 'fhir/r4';
import type { HistoryEntry } from './store.js';

/**
 * One resource id of one type. `slot` is its position in the type's table: the stable default order
 * of `all()` and search results (generation order, then creation order).
 */
export interface StoredResource {
  slot: number;
  id: string;
  /** Current version; undefined when deleted (or dropped by reset). */
  current?: Resource;
  /** The generated version '1', when the id comes from the base population. */
  base?: Resource;
  /** The base version came from the external base (a regenerated population) with the first client write. */
  external?: true;
  /** Client-written versions, oldest first (absent while untouched). */
  writes?: HistoryEntry[];
}

/** Resources of one type, by slot and by id. https://hl7.org/fhir/R4/resource.html */
export class ResourceTable {
  readonly slots: StoredResource[] = [];
  readonly byId = new Map<string, StoredResource>();
  live = 0;
  /** How many times a current version has changed (see Store.changes). */
  changes = 0;
  /** Generated versions by their lastUpdated instant (history totals count these without visiting every slot). */
  readonly baseInstants = new Map<string, number>();

  constructor(readonly resourceType: string) {}

  /** Returns the record for an id, allocating a new slot when absent. */
  ensure(id: string): StoredResource {
    let rec = this.byId.get(id);
    if (!rec) {
      rec = { slot: this.slots.length, id };
      this.slots.push(rec);
      this.byId.set(id, rec);
    }
    return rec;
  }

  /** Records the generated version '1' of an id. */
  setBase(rec: StoredResource, resource: Resource): void {
    if (rec.base) this.countBase(rec.base.meta!.lastUpdated!, -1);
    rec.base = resource;
    this.countBase(resource.meta!.lastUpdated!, 1);
  }

  private countBase(instant: string, delta: number): void {
    this.baseInstants.set(instant, (this.baseInstants.get(instant) ?? 0) + delta);
  }

  /** Sets the current version and keeps the live and change counts right. */
  setCurrent(rec: StoredResource, resource: Resource | undefined): void {
    if (rec.current !== resource) this.changes++;
    if (rec.current && !resource) this.live--;
    if (!rec.current && resource) this.live++;
    rec.current = resource;
  }
}
