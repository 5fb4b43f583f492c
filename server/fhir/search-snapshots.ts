import { randomUUID } from 'node:crypto';
import type { SearchCursor, Store } from '../../data-store/store.js';

/** How long a snapshot serves its pages after it was last used, and how many are kept (least recently used go). */
export const SNAPSHOT_TTL_MS = 10 * 60_000;
export const MAX_SNAPSHOTS = 100;

export interface Snapshot {
  /** What the search asked (type and parameters without paging), so a token is only good for its own search. */
  key: string;
  /** The store's cursor over the result set as of the first page (read as far as pages ask). */
  cursor: SearchCursor;
  /** The largest page the store granted (its maxCount), so later pages cannot ask for more. */
  pageCap: number;
  expires: number;
}

/**
 * Snapshots of paged searches, so that following next links sees the result set as it was at the first page: no
 * match twice, none skipped, whatever is written meanwhile (as HAPI's search cache does); the store's cursor reads
 * it only as far as pages ask. Bounded: LRU of MAX_SNAPSHOTS, each expiring SNAPSHOT_TTL_MS after its last use, its
 * cursor closed when it goes. https://hl7.org/fhir/R4/http.html#paging
 */
export class SearchSnapshots {
  private readonly byId = new Map<string, Snapshot>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Keeps a snapshot and returns its token. */
  put(key: string, cursor: SearchCursor, pageCap: number): string {
    const id = randomUUID();
    this.byId.set(id, { key, cursor, pageCap, expires: this.now() + SNAPSHOT_TTL_MS });
    while (this.byId.size > MAX_SNAPSHOTS) this.drop(this.byId.keys().next().value!);
    return id;
  }

  private drop(id: string): void {
    this.byId.get(id)?.cursor.close();
    this.byId.delete(id);
  }

  /** The live snapshot of this token for this search, renewed; undefined when unknown, expired or another search's. */
  get(id: string, key: string): Snapshot | undefined {
    const snap = this.byId.get(id);
    if (!snap || snap.key !== key) return undefined;
    if (snap.expires < this.now()) {
      this.drop(id);
      return undefined;
    }
    this.byId.delete(id);
    snap.expires = this.now() + SNAPSHOT_TTL_MS;
    this.byId.set(id, snap);
    return snap;
  }
}

const perStore = new WeakMap<Store, SearchSnapshots>();

/** The snapshots of one store's searches (one cache per store, released with it). */
export function snapshotsOf(store: Store): SearchSnapshots {
  let s = perStore.get(store);
  if (!s) perStore.set(store, (s = new SearchSnapshots()));
  return s;
}
