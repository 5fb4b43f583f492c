import type { HistoryEntry, Store } from '../../../data-store/store.js';
import { historyBundle } from '../bundle.js';
import { atParam, currentDuring } from '../history-at.js';
import { allOk } from '../outcomes.js';
import { MAX_COUNT, pageWindow, sinceParam } from '../paging.js';
import { pagingKey, parseVersionRef, requestSnapshot, snapshotGone, snapshotQuery, snapshotRefs } from '../paging-snapshots.js';
import type { FhirRequest, FhirResponse } from '../request.js';

const entryRef = (e: HistoryEntry): string => `${e.resourceType}/${e.id}/${e.versionId}`;

/** The history entry a snapshot recorded; 410 when it is no longer there (a reset dropped it). */
function recordedEntry(store: Store, ref: string): HistoryEntry {
  const { type, id, versionId } = parseVersionRef(ref);
  try {
    const entry = store.history({ resourceType: type, id }).find((e) => e.versionId === versionId);
    if (entry) return entry;
  } catch {
    // the instance itself is gone
  }
  throw snapshotGone('the data it was taken from has been reset');
}

/**
 * history at instance, type or system level, newest first, paged by `_count`/`_offset`, filtered by `_since` and `_at`,
 * with `total` counted across pages. When there is more than one page, the entries are kept as a snapshot whose
 * token the paging links carry (paging-snapshots.ts), so writes between pages (each one a new newest entry) neither
 * repeat nor skip one; an expired token is 410. https://hl7.org/fhir/R4/http.html#history
 */
export async function history(req: FhirRequest, store: Store): Promise<FhirResponse> {
  const { resourceType, id } = req.params;
  const window = pageWindow(req.query);
  const since = sinceParam(req.query)?.raw;
  const at = atParam(req.query);
  const path = [resourceType, id, '_history'].filter(Boolean).join('/');
  const key = pagingKey(['history', path], req.query);
  const snap = requestSnapshot(req, store, key);
  const answer = (page: HistoryEntry[], total: number, query = req.query): FhirResponse => [
    allOk,
    historyBundle({ baseUrl: req.baseUrl, path, query, entries: page, offset: window.offset, count: window.count, total }),
  ];
  if (snap) return answer(snapshotRefs(snap).slice(window.offset, window.offset + window.count).map((ref) => recordedEntry(store, ref)), snapshotRefs(snap).length);
  // An unknown instance is the Store's 'not-found' (404); a known one with nothing since `_since` is an empty page.
  // Only a page is listed, and the total counted without listing: a system history holds every resource.
  // `_at` needs each version's successor, so it lists everything it judges.
  const all = at ? currentDuring(store.history({ resourceType, id, since }), at) : undefined;
  const page = all ? all.slice(window.offset, window.offset + window.count) : store.history({ resourceType, id, since, offset: window.offset, count: window.count });
  const total = all ? all.length : store.historyCount({ resourceType, id, since });
  const snapshot = { key, total, end: window.count > 0 ? window.offset + window.count : total, pageCap: MAX_COUNT };
  return answer(page, total, snapshotQuery(req, store, snapshot, () => (all ?? store.history({ resourceType, id, since })).map(entryRef)));
}
