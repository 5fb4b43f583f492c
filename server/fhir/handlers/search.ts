import type { OperationOutcome, Resource } from 'fhir/r4';
import type { SearchPage, Store } from '../../../data-store/store.js';
import { searchsetBundle } from '../bundle.js';
import { allOk } from '../outcomes.js';
import { pageWindow } from '../paging.js';
import { isLenient, type FhirRequest, type FhirResponse } from '../request.js';
import { SNAPSHOT_PARAM, pagingKey, parseVersionRef, requestSnapshot, snapshotGone, snapshotQuery, versionRef } from '../paging-snapshots.js';
import { summaryMode } from '../subsetting.js';

/** Parameters that shape the response, not the result set: the server applies them, the store never sees them. */
const PRESENTATION = new Set(['_summary', '_elements', '_format', '_pretty']);
/** The parameters the store should see: presentation and the snapshot token stripped, `_count`/`_offset` normalised. */
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

/**
 * `Type/id/version` of every match in result order, read page by page in one synchronous step (no write can
 * land in between).
 */
function resultRefs(req: FhirRequest, store: Store, total: number): string[] {
  const query = req.query.filter(([n]) => !isInclude(n));
  const refs: string[] = [];
  while (refs.length < total) {
    const page = store.search({ resourceType: req.params.resourceType, params: storeParams(query, { count: total, offset: refs.length }), lenient: isLenient(req) });
    if (page.matches.length === 0) break;
    for (const r of page.matches) refs.push(versionRef(r));
  }
  return refs;
}

/** One page of a snapshot: the versions it recorded, and includes resolved now for those resources. */
function snapshotPage(req: FhirRequest, store: Store, refs: string[]): Pick<SearchPage, 'matches' | 'includes'> {
  const matches = refs.map((ref) => {
    const { type, id, versionId } = parseVersionRef(ref);
    try {
      return store.vread(type, id, versionId);
    } catch {
      throw snapshotGone('the data it was taken from has been reset');
    }
  });
  const includeParams = req.query.filter(([n]) => isInclude(n));
  const includes: Resource[] = [];
  if (includeParams.length && matches.length) {
    const byType = new Map<string, Resource[]>();
    for (const r of matches) byType.set(r.resourceType, [...(byType.get(r.resourceType) ?? []), r]);
    for (const [type, list] of byType) {
      const ids = list.map((r) => r.id ?? '').join(',');
      includes.push(...store.search({ resourceType: type, params: [['_id', ids], ...includeParams, ['_count', String(list.length)]] }).includes);
    }
  }
  return { matches, includes };
}

/**
 * Type- or system-level search; strict on unknown parameters unless `Prefer: handling=lenient`. When there is
 * more than one page, the ids (and versions) of every match are kept as a snapshot whose token the paging links
 * carry, so paging on reads the result set as of the first page; an expired token is 410.
 * https://hl7.org/fhir/R4/http.html#search https://hl7.org/fhir/R4/search.html#errors https://hl7.org/fhir/R4/http.html#paging
 */
export async function search(req: FhirRequest, store: Store): Promise<FhirResponse> {
  summaryMode(req.query); // reject a bad _summary before searching
  const window = pageWindow(req.query);
  const key = searchKey(req);
  const snap = requestSnapshot(req, store, key);
  const base = { baseUrl: req.baseUrl, path: req.params.resourceType ?? '', offset: window.offset };
  if (snap) {
    const count = Math.min(window.count, snap.pageCap);
    const page = snapshotPage(req, store, snap.refs.slice(window.offset, window.offset + count));
    return [allOk, searchsetBundle({ ...base, query: req.query, ...page, total: snap.refs.length, count })];
  }
  const page = store.search({ resourceType: req.params.resourceType, params: storeParams(req.query, window), lenient: isLenient(req) });
  const query =
    page.count > 0 && summaryMode(req.query) !== 'count'
      ? snapshotQuery(req, store, { key, total: page.total, end: window.offset + page.count, pageCap: page.count }, () => resultRefs(req, store, page.total))
      : req.query;
  const bundle = searchsetBundle({
    ...base,
    query,
    matches: page.matches,
    includes: page.includes,
    total: page.total,
    // The store's page size: `_count` capped by its maxCount (SEARCH_MAX_COUNT), so links page correctly.
    count: page.count,
    outcome: ignoredOutcome(page.ignored),
  });
  return [allOk, bundle];
}
