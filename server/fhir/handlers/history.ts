import type { HistoryEntry, Store } from '../../../data-store/store.js';
import { historyBundle } from '../bundle.js';
import { atParam, currentDuring } from '../history-at.js';
import { allOk } from '../outcomes.js';
import { pageWindow, sinceParam } from '../paging.js';
import type { FhirRequest, FhirResponse } from '../request.js';

/**
 * history at instance, type or system level, newest first, paged by `_count`/`_offset`, filtered by `_since` and `_at`,
 * with `total` counted across pages. https://hl7.org/fhir/R4/http.html#history
 */
export async function history(req: FhirRequest, store: Store): Promise<FhirResponse> {
  const { resourceType, id } = req.params;
  const window = pageWindow(req.query);
  const since = sinceParam(req.query)?.raw;
  const at = atParam(req.query);
  // An unknown instance is the Store's 'not-found' (404); a known one with nothing since `_since` is an empty page.
  // Only a page is listed, and the total counted without listing: a system history holds every resource.
  // `_at` needs each version's successor, so it lists everything it judges.
  let page: HistoryEntry[];
  let total: number;
  if (at) {
    const entries = currentDuring(store.history({ resourceType, id, since }), at);
    page = entries.slice(window.offset, window.offset + window.count);
    total = entries.length;
  } else {
    page = store.history({ resourceType, id, since, offset: window.offset, count: window.count });
    total = store.historyCount({ resourceType, id, since });
  }
  const path = [resourceType, id, '_history'].filter(Boolean).join('/');
  const bundle = historyBundle({ baseUrl: req.baseUrl, path, query: req.query, entries: page, offset: window.offset, count: window.count, total });
  return [allOk, bundle];
}
