import type { OperationOutcome, Resource } from 'fhir/r4';
import type { Store } from '../../../data-store/store.js';
import { searchsetBundle } from '../bundle.js';
import { allOk } from '../outcomes.js';
import { pageWindow } from '../paging.js';
import { isLenient, type FhirRequest, type FhirResponse } from '../request.js';
import { SNAPSHOT_PARAM, pagingKey, requestSnapshot, snapshotGone, snapshotsOf } from '../paging-snapshots.js';
import { summaryMode } from '../subsetting.js';

/** Parameters that shape the response, not the result set: the server applies them, the store never sees them. */
const PRESENTATION = new Set(['_summary', '_elements', '_format', '_pretty']);

/** The parameters the store should see: presentation stripped, `_count`/`_offset` normalised. */
export function storeParams(query: Array<[string, string]>, window: { count: number; offset: number }): Array<[string, string]> {
  const params = query.filter(([n]) => !PRESENTATION.has(n) && n !== '_count' && n !== '_offset' && n !== SNAPSHOT_PARAM);
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

const isInclude = (name: string) => name.startsWith('_include') || name.startsWith('_revinclude');

/** What identifies a search for its snapshot: type, the parameters without paging, and lenient handling. */
function searchKey(req: FhirRequest): string {
  return pagingKey(['search', req.params.resourceType ?? '', isLenient(req)], req.query);
}

/** Includes resolved now for a snapshot page's matches (the versions it recorded). */
async function snapshotIncludes(req: FhirRequest, store: Store, matches: Resource[]): Promise<Resource[]> {
  const includeParams = req.query.filter(([n]) => isInclude(n));
  const includes: Resource[] = [];
  if (includeParams.length && matches.length) {
    const byType = new Map<string, Resource[]>();
    for (const r of matches) byType.set(r.resourceType, [...(byType.get(r.resourceType) ?? []), r]);
    for (const [type, list] of byType) {
      const params: Array<[string, string]> = [['_id', list.map((r) => r.id ?? '').join(',')], ...includeParams, ['_count', String(list.length)]];
      await store.prepareSearch?.({ resourceType: type, params });
      includes.push(...store.search({ resourceType: type, params }).includes);
    }
  }
  return includes;
}

/**
 * Bundle.total for `_total` (https://hl7.org/fhir/R4/search.html#total): none: left out; estimate: the store's
 * figure, exact or not; accurate: exact (the store counted); not asked: given only when exact, since Bundle.total
 * has no way to say it is an estimate and clients page by it. `_summary=count` asks for an exact count.
 */
function bundleTotal(query: Array<[string, string]>, counted: { total: number; estimated?: boolean }): number | undefined {
  const mode = totalMode(query);
  if (mode === 'none') return undefined;
  return mode === 'estimate' || !counted.estimated ? counted.total : undefined;
}

function totalMode(query: Array<[string, string]>): string | undefined {
  return query.find(([n]) => n === '_total')?.[1] ?? (summaryMode(query) === 'count' ? 'accurate' : undefined);
}

/**
 * Type- or system-level search; strict on unknown parameters unless `Prefer: handling=lenient`. When there is
 * more than one page, the store's cursor over the result set is kept as a snapshot whose token the paging links
 * carry, so paging on reads the result set as of the first page; an expired token is 410. Page 1 costs what it
 * reads: the store stops at the page (plus one match, for `next`) and estimates the total unless asked for it.
 * https://hl7.org/fhir/R4/http.html#search https://hl7.org/fhir/R4/search.html#errors https://hl7.org/fhir/R4/http.html#paging
 */
export async function search(req: FhirRequest, store: Store): Promise<FhirResponse> {
  summaryMode(req.query); // reject a bad _summary before searching
  const window = pageWindow(req.query);
  const base = { baseUrl: req.baseUrl, path: req.params.resourceType ?? '', offset: window.offset };
  const snap = requestSnapshot(req, store, searchKey(req));
  if (snap) {
    const count = Math.min(window.count, snap.pageCap);
    const cursor = 'cursor' in snap.content ? snap.content.cursor : undefined;
    const page = cursor?.page(window.offset, count);
    if (!cursor || !page) throw snapshotGone('its data was reset or rewritten too often since the first page');
    const includes = await snapshotIncludes(req, store, page.matches);
    const counted = cursor.total();
    return [allOk, searchsetBundle({ ...base, query: req.query, matches: page.matches, includes, total: bundleTotal(req.query, counted), estimated: counted.estimated, more: page.more, count })];
  }
  const params = storeParams(req.query, window);
  if (totalMode(req.query) === 'accurate' && !req.query.some(([n]) => n === '_total')) params.push(['_total', 'accurate']);
  await store.prepareSearch?.({ resourceType: req.params.resourceType, params });
  const page = store.search({ resourceType: req.params.resourceType, params, lenient: isLenient(req), keep: window.count > 0 && summaryMode(req.query) !== 'count' });
  let query = req.query;
  if (page.cursor) query = [...req.query, [SNAPSHOT_PARAM, snapshotsOf(store).put(searchKey(req), { cursor: page.cursor }, page.count)]];
  const bundle = searchsetBundle({
    ...base,
    query,
    matches: page.matches,
    includes: page.includes,
    total: bundleTotal(req.query, page),
    estimated: page.estimated,
    more: page.more ?? window.offset + page.count < page.total,
    // The store's page size: `_count` capped by its maxCount (SEARCH_MAX_COUNT), so links page correctly.
    count: page.count,
    outcome: ignoredOutcome(page.ignored),
  });
  return [allOk, bundle];
}
