import type { Store } from '../../../data-store/store.js';
import { historyBundle } from '../bundle.js';
import { OperationOutcomeError, allOk, notFound } from '../outcomes.js';
import { pageWindow, sinceParam } from '../paging.js';
import type { FhirRequest, FhirResponse } from '../request.js';

/**
 * history at instance, type or system level, newest first, paged by `_count`/`_offset`, filtered by `_since`.
 * https://hl7.org/fhir/R4/http.html#history
 */
export async function history(req: FhirRequest, store: Store): Promise<FhirResponse> {
  const { resourceType, id } = req.params;
  const window = pageWindow(req.query);
  const since = sinceParam(req.query)?.raw;
  // Ask for one more than a page to know whether a next page exists without counting everything.
  const entries = store.history({ resourceType, id, since, count: window.count + 1, offset: window.offset });
  if (id && entries.length === 0 && window.offset === 0) throw new OperationOutcomeError(notFound);
  const path = [resourceType, id, '_history'].filter(Boolean).join('/');
  const bundle = historyBundle({
    baseUrl: req.baseUrl,
    path,
    query: req.query,
    entries: entries.slice(0, window.count),
    offset: window.offset,
    count: window.count,
    hasMore: entries.length > window.count,
  });
  return [allOk, bundle];
}
