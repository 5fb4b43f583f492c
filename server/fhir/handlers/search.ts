import type { OperationOutcome } from 'fhir/r4';
import type { Store } from '../../../data-store/store.js';
import { searchsetBundle } from '../bundle.js';
import { allOk } from '../outcomes.js';
import { pageWindow } from '../paging.js';
import { isLenient, type FhirRequest, type FhirResponse } from '../request.js';
import { summaryMode } from '../subsetting.js';

/** Parameters that shape the response, not the result set: the server applies them, the store never sees them. */
const PRESENTATION = new Set(['_summary', '_elements', '_format', '_pretty']);

/** The parameters the store should see: presentation stripped, `_count`/`_offset` normalised. */
export function storeParams(query: Array<[string, string]>, window: { count: number; offset: number }): Array<[string, string]> {
  const params = query.filter(([n]) => !PRESENTATION.has(n) && n !== '_count' && n !== '_offset');
  params.push(['_count', String(window.count)], ['_offset', String(window.offset)]);
  return params;
}

function ignoredOutcome(ignored: string[]): OperationOutcome | undefined {
  if (ignored.length === 0) return undefined;
  return {
    resourceType: 'OperationOutcome',
    issue: ignored.map((p) => ({
      severity: 'warning' as const,
      code: 'not-supported' as const,
      details: { text: `Search parameter ignored (Prefer: handling=lenient): ${p}` },
      expression: [p.split('=')[0]],
    })),
  };
}

/**
 * Type- or system-level search; strict on unknown parameters unless `Prefer: handling=lenient`.
 * https://hl7.org/fhir/R4/http.html#search https://hl7.org/fhir/R4/search.html#errors
 */
export async function search(req: FhirRequest, store: Store): Promise<FhirResponse> {
  summaryMode(req.query); // reject a bad _summary before searching
  const window = pageWindow(req.query);
  const page = store.search({ resourceType: req.params.resourceType, params: storeParams(req.query, window), lenient: isLenient(req) });
  const bundle = searchsetBundle({
    baseUrl: req.baseUrl,
    path: req.params.resourceType ?? '',
    query: req.query,
    matches: page.matches,
    includes: page.includes,
    total: page.total,
    offset: window.offset,
    // The store's page size: `_count` capped by its maxCount (MAX_RECORDS_PER_REQUEST), so links page correctly.
    count: page.count,
    outcome: ignoredOutcome(page.ignored),
  });
  return [allOk, bundle];
}
