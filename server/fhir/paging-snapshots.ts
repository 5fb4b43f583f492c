import type { OperationOutcome } from 'fhir/r4';
import { randomUUID } from 'node:crypto';
import type { HistoryCursor, SearchCursor, Store, StoreMark } from '../../data-store/store.js';
import { OperationOutcomeError } from './outcomes.js';
import { queryValue, type FhirRequest } from './request.js';

/** The paging links' token of a snapshot; never a search parameter. */
export const SNAPSHOT_PARAM = '_snapshot';

/** How long a snapshot serves its pages after it was last used, and how many are kept (least recently used go). */
export const SNAPSHOT_TTL_MS = 10 * 60_000;
export const MAX_SNAPSHOTS = 100;

export interface Snapshot {
  /** What the request asked (see pagingKey), so a token is only good for its own search, history or $everything. */
  key: string;
  /**
   * What pages are read from, as of the first page and of a size that does not grow with the entries: the store's
   * cursor over a search's result set (read as far as pages ask), its history cursor (where in the history as it
   * stood the last page stopped), or the store's mark ($everything is worked out again as the store stood then).
   */
  content: { cursor: SearchCursor } | { history: HistoryCursor } | { mark: StoreMark };
  /** The largest page the store granted (its maxCount), so later pages cannot ask for more. */
  pageCap: number;
  expires: number;
}

/**
 * Snapshots of paged searches, histories and $everything, so that following next links sees the result
 * set as it was at the first page: no entry twice, none skipped, whatever is written meanwhile (as HAPI's search
 * cache does). Bounded: LRU of MAX_SNAPSHOTS, each expiring SNAPSHOT_TTL_MS after its last use (a search's cursor
 * is closed when its snapshot goes).
 * https://hl7.org/fhir/R4/http.html#paging
 */
export class PagingSnapshots {
  private readonly byId = new Map<string, Snapshot>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Keeps a snapshot and returns its token. */
  put(key: string, content: Snapshot['content'], pageCap: number): string {
    const id = randomUUID();
    this.byId.set(id, { key, content, pageCap, expires: this.now() + SNAPSHOT_TTL_MS });
    while (this.byId.size > MAX_SNAPSHOTS) this.drop(this.byId.keys().next().value!);
    return id;
  }

  private drop(id: string): void {
    const snap = this.byId.get(id);
    if (snap && 'cursor' in snap.content) snap.content.cursor.close();
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

const perStore = new WeakMap<Store, PagingSnapshots>();

/** The snapshots of one store's paged answers (one cache per store, released with it). */
export function snapshotsOf(store: Store): PagingSnapshots {
  let s = perStore.get(store);
  if (!s) perStore.set(store, (s = new PagingSnapshots()));
  return s;
}

/** What identifies a paged request for its snapshot: `what` (interaction, path, ...) and its parameters without paging. */
export function pagingKey(what: unknown[], query: Array<[string, string]>): string {
  return JSON.stringify([...what, query.filter(([n]) => n !== '_count' && n !== '_offset' && n !== SNAPSHOT_PARAM)]);
}

/** 410 Gone: a paging token that no longer names a snapshot. https://hl7.org/fhir/R4/http.html#paging */
export function snapshotGone(why: string): OperationOutcomeError {
  const text = `This paging snapshot is gone (${why}); start again from the first page`;
  const outcome: OperationOutcome = { resourceType: 'OperationOutcome', id: 'gone', issue: [{ severity: 'error', code: 'not-found', details: { text } }] };
  return new OperationOutcomeError(outcome);
}

/** The snapshot the request's token names; undefined without a token; 410 when it is unknown, expired or another request's. */
export function requestSnapshot(req: Pick<FhirRequest, 'query'>, store: Store, key: string): Snapshot | undefined {
  const token = queryValue(req, SNAPSHOT_PARAM);
  if (token === undefined) return undefined;
  const snap = snapshotsOf(store).get(token, key);
  if (!snap) throw snapshotGone('expired, unknown, or taken for another request');
  return snap;
}

/**
 * The query the paging links carry: the request's own plus the token of a new snapshot of `content()` when there is
 * more than this page.
 */
export function snapshotQuery(
  req: Pick<FhirRequest, 'query'>,
  store: Store,
  page: { key: string; total: number; end: number; pageCap: number },
  content: () => Snapshot['content'],
): Array<[string, string]> {
  if (page.end >= page.total) return req.query;
  return [...req.query, [SNAPSHOT_PARAM, snapshotsOf(store).put(page.key, content(), page.pageCap)]];
}

/** 410 for a snapshot whose data a reset dropped. */
export function snapshotReset(): OperationOutcomeError {
  return snapshotGone('the data it was taken from has been reset');
}
