import type { OperationOutcome, Resource } from 'fhir/r4';
import type { SearchPage, Store } from '../../../data-store/store.js';
import { searchsetBundle } from '../bundle.js';
import { OperationOutcomeError, allOk } from '../outcomes.js';
import { pageWindow } from '../paging.js';
import { isLenient, queryValue, type FhirRequest, type FhirResponse } from '../request.js';
import { MAX_SNAPSHOT_IDS, snapshotsOf } from '../search-snapshots.js';
import { summaryMode } from '../subsetting.js';

/** Parameters that shape the response, not the result set: the server applies them, the store never sees them. */
const PRESENTATION = new Set(['_summary', '_elements', '_format', '_pretty']);
/** The paging links' token of a result snapshot (search-snapshots.ts); never sent to the store. */
export const SNAPSHOT_PARAM = '_snapshot';

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
  const params = req.query.filter(([n]) => n !== '_count' && n !== '_offset' && n !== SNAPSHOT_PARAM);
  return JSON.stringify([req.params.resourceType ?? '', isLenient(req), params]);
}

/**
 * `Type/id/version` of every match in result order, read page by page in one synchronous step (no write can
 * land in between); undefined when there are more than a snapshot may hold.
 */
function resultRefs(req: FhirRequest, store: Store, total: number): string[] | undefined {
  if (total > MAX_SNAPSHOT_IDS) return undefined;
  const query = req.query.filter(([n]) => !isInclude(n));
  const refs: string[] = [];
  while (refs.length < total) {
    const page = store.search({ resourceType: req.params.resourceType, params: storeParams(query, { count: total, offset: refs.length }), lenient: isLenient(req) });
    if (page.matches.length === 0) break;
    for (const r of page.matches) refs.push(`${r.resourceType}/${r.id ?? ''}/${r.meta?.versionId ?? ''}`);
  }
  return refs;
}

/** One page of a snapshot: the versions it recorded, and includes resolved now for those resources. */
function snapshotPage(req: FhirRequest, store: Store, refs: string[]): Pick<SearchPage, 'matches' | 'includes'> {
  const matches = refs.map((ref) => {
    const [type, id, version] = ref.split('/');
    try {
      return store.vread(type, id, version);
    } catch {
      throw new OperationOutcomeError(snapshotGone('the data it was taken from has been reset'));
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

function snapshotGone(why: string): OperationOutcome {
  const text = `This search's paging snapshot is gone (${why}); run the search again from its first page`;
  return { resourceType: 'OperationOutcome', id: 'gone', issue: [{ severity: 'error', code: 'not-found', details: { text } }] };
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
  const token = queryValue(req, SNAPSHOT_PARAM);
  const snapshots = snapshotsOf(store);
  const base = { baseUrl: req.baseUrl, path: req.params.resourceType ?? '', offset: window.offset };
  if (token !== undefined) {
    const snap = snapshots.get(token, searchKey(req));
    if (!snap) throw new OperationOutcomeError(snapshotGone('expired, unknown, or taken for another search'));
    const count = Math.min(window.count, snap.pageCap);
    const page = snapshotPage(req, store, snap.refs.slice(window.offset, window.offset + count));
    return [allOk, searchsetBundle({ ...base, query: req.query, ...page, total: snap.refs.length, count })];
  }
  const page = store.search({ resourceType: req.params.resourceType, params: storeParams(req.query, window), lenient: isLenient(req) });
  let query = req.query;
  if (page.count > 0 && page.total > window.offset + page.count && summaryMode(req.query) !== 'count') {
    const refs = resultRefs(req, store, page.total);
    if (refs) query = [...req.query, [SNAPSHOT_PARAM, snapshots.put(searchKey(req), refs, page.count)]];
  }
  const bundle = searchsetBundle({
    ...base,
    query,
    matches: page.matches,
    includes: page.includes,
    total: page.total,
    // The store's page size: `_count` capped by its maxCount (MAX_RECORDS_PER_REQUEST), so links page correctly.
    count: page.count,
    outcome: ignoredOutcome(page.ignored),
  });
  return [allOk, bundle];
}
