import { randomUUID } from 'node:crypto';
import type { Store } from '../../data-store/store.js';

/** How long a snapshot serves its pages after it was last used, and how many are kept (least recently used go). */
export const SNAPSHOT_TTL_MS = 10 * 60_000;
export const MAX_SNAPSHOTS = 100;
/** Larger result sets page over live data: a snapshot keeps one `Type/id/version` string per match. */
export const MAX_SNAPSHOT_IDS = 10_000;

export interface Snapshot {
  /** What the search asked (type and parameters without paging), so a token is only good for its own search. */
  key: string;
  /** `Type/id/versionId` of every match, in result order, as of the first page. */
  refs: string[];
  /** The largest page the store granted (its maxCount), so later pages cannot ask for more. */
  pageCap: number;
  expires: number;
}

/**
 * Result-id snapshots of paged searches, so that following next links sees the result set as it was at the first
 * page: no match twice, none skipped, whatever is written meanwhile (as HAPI's search cache does). Bounded: LRU of
 * MAX_SNAPSHOTS, each expiring SNAPSHOT_TTL_MS after its last use. https://hl7.org/fhir/R4/http.html#paging
 */
export class SearchSnapshots {
  private readonly byId = new Map<string, Snapshot>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Keeps a snapshot and returns its token. */
  put(key: string, refs: string[], pageCap: number): string {
    const id = randomUUID();
    this.byId.set(id, { key, refs, pageCap, expires: this.now() + SNAPSHOT_TTL_MS });
    while (this.byId.size > MAX_SNAPSHOTS) this.byId.delete(this.byId.keys().next().value!);
    return id;
  }

  /** The live snapshot of this token for this search, renewed; undefined when unknown, expired or another search's. */
  get(id: string, key: string): Snapshot | undefined {
    const snap = this.byId.get(id);
    if (!snap || snap.key !== key) return undefined;
    this.byId.delete(id);
    if (snap.expires < this.now()) return undefined;
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
