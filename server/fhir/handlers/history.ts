import type { Store } from '../../../data-store/store.js';
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
  // Bundle.total needs every matching entry counted; the Store has no cheaper count than listing them.
  // An unknown instance is the Store's 'not-found' (404); a known one with nothing since `_since` is an empty page.
  const listed = store.history({ resourceType, id, since });
  const entries = at ? currentDuring(listed, at) : listed;
  const path = [resourceType, id, '_history'].filter(Boolean).join('/');
  const bundle = historyBundle({
    baseUrl: req.baseUrl,
    path,
    query: req.query,
    entries: entries.slice(window.offset, window.offset + window.count),
    offset: window.offset,
    count: window.count,
    total: entries.length,
  });
  return [allOk, bundle];
}
