import type { Resource } from 'fhir/r4';
import type { Overlay } from './overlay.js';
import { StoreError, type HistoryEntry } from './store.js';

/**
 * Finds one generated resource by type and id without the whole base loaded (population/household-lookup.ts
 * regenerates a patient's household on demand), so a store can answer reads while it loads.
 */
export interface BaseLookup {
  /** Whether `find` alone knows if the base holds this resource. */
  owns(resourceType: string, id: string): boolean;
  /** The generated resource (not yet stamped as version '1'); undefined when the base has none. */
  find(resourceType: string, id: string): Resource | undefined;
}

/** The current version of a resource from its generated version and client writes (read; 404 unknown, 410 deleted). */
export function currentVersion(resourceType: string, id: string, base: Resource | undefined, writes: readonly HistoryEntry[] | undefined): Resource {
  const last = writes?.[writes.length - 1];
  if (last?.resource) return last.resource;
  if (last) throw new StoreError('gone', `${resourceType}/${id} has been deleted`);
  if (base) return base;
  throw new StoreError('not-found', `${resourceType}/${id} is not known`);
}

/** One version of a resource: '1' is the generated one when there is one, the others client writes (vread). */
export function versionOf(resourceType: string, id: string, base: Resource | undefined, writes: readonly HistoryEntry[] | undefined, versionId: string): Resource {
  if (base && versionId === '1') return base;
  const v = writes?.find((w) => w.versionId === versionId);
  if (!v) throw new StoreError('not-found', `${resourceType}/${id} has no version ${versionId}`);
  if (v.method === 'DELETE') throw new StoreError('gone', `${resourceType}/${id} version ${versionId} is a deletion`);
  return v.resource!;
}

/**
 * The client writes of one id from the overlay's log before they are applied to the store (they are applied once the
 * whole base is in, to keep its order): indexed as far as the log has grown, again from the start when it was
 * replaced (a reset another server logged).
 */
export class PendingWrites {
  private indexed: readonly HistoryEntry[] = [];
  private upTo = 0;
  private readonly byId = new Map<string, HistoryEntry[]>();

  constructor(private readonly overlay: Overlay) {}

  of(resourceType: string, id: string): readonly HistoryEntry[] | undefined {
    const writes = this.overlay.writes;
    if (writes !== this.indexed || writes.length < this.upTo) {
      this.indexed = writes;
      this.upTo = 0;
      this.byId.clear();
    }
    for (; this.upTo < writes.length; this.upTo++) {
      const w = writes[this.upTo];
      const key = `${w.resourceType}/${w.id}`;
      const list = this.byId.get(key);
      if (list) list.push(w);
      else this.byId.set(key, [w]);
    }
    return this.byId.get(`${resourceType}/${id}`);
  }
}
