import type { HistoryCursor, HistoryEntry, Store } from '../../../data-store/store.js';
import { historyBundle } from '../bundle.js';
import { atParam, currentDuring } from '../history-at.js';
import { allOk } from '../outcomes.js';
import { MAX_COUNT, pageWindow, sinceParam } from '../paging.js';
import { pagingKey, requestSnapshot, snapshotGone, snapshotQuery, snapshotReset, type Snapshot } from '../paging-snapshots.js';
import type { FhirRequest, FhirResponse } from '../request.js';
import type { DateRange } from '../../../data-store/search/date-range.js';

/** The history cursor a snapshot keeps (a search's or $everything's token never matches a history's key). */
function historyOf(snap: Snapshot): HistoryCursor {
  if ('history' in snap.content) return snap.content.history;
  throw snapshotGone('taken for another request');
}

/** One page of a history as of its cursor's opening, and its total; `_at` judges every entry, so it lists them all. */
function pageOf(cursor: HistoryCursor, at: DateRange | undefined, window: { offset: number; count: number }): { page: HistoryEntry[]; total: number } {
  if (at) {
    const all = cursor.page(0, Infinity);
    if (!all) throw snapshotReset();
    const during = currentDuring(all, at);
    return { page: during.slice(window.offset, window.offset + window.count), total: during.length };
  }
  const page = cursor.page(window.offset, window.count);
  if (!page) throw snapshotReset();
  return { page, total: cursor.total };
}

/**
 * history at instance, type or system level, newest first, paged by `_count`/`_offset`, filtered by `_since` and `_at`,
 * with `total` counted across pages. When there is more than one page, the store's cursor over the history as it
 * stood at the first page is kept as a snapshot whose token the paging links carry (paging-snapshots.ts): it
 * remembers only where it stands, so writes between pages (each one a new newest entry, left out) neither repeat nor
 * skip one however long the history; an expired token is 410. https://hl7.org/fhir/R4/http.html#history
 */
export async function history(req: FhirRequest, store: Store): Promise<FhirResponse> {
  const { resourceType, id } = req.params;
  const window = pageWindow(req.query);
  const at = atParam(req.query);
  const path = [resourceType, id, '_history'].filter(Boolean).join('/');
  const key = pagingKey(['history', path], req.query);
  const snap = requestSnapshot(req, store, key);
  const answer = (page: HistoryEntry[], total: number, query = req.query): FhirResponse => [
    allOk,
    historyBundle({ baseUrl: req.baseUrl, path, query, entries: page, offset: window.offset, count: window.count, total }),
  ];
  if (snap) {
    const { page, total } = pageOf(historyOf(snap), at, window);
    return answer(page, total);
  }
  // An unknown instance is the Store's 'not-found' (404); a known one with nothing since `_since` is an empty page.
  // Only a page is listed, and the total counted without listing: a system history holds every resource.
  const cursor = store.historyCursor({ resourceType, id, since: sinceParam(req.query)?.raw });
  const { page, total } = pageOf(cursor, at, window);
  const snapshot = { key, total, end: window.count > 0 ? window.offset + window.count : total, pageCap: MAX_COUNT };
  return answer(page, total, snapshotQuery(req, store, snapshot, () => ({ history: cursor })));
}
