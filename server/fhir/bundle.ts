import { randomUUID } from 'node:crypto';
import type { Bundle, BundleEntry, OperationOutcome, Resource } from 'fhir/r4';
import type { HistoryEntry } from '../../data-store/store.js';
import { pagingLinks } from './paging-links.js';
import { subsetter, summaryMode } from './subsetting.js';

/** `{base}/{type}/{id}`, the fullUrl of a stored resource. https://hl7.org/fhir/R4/bundle.html#fullUrl */
export function fullUrl(baseUrl: string, resource: Pick<Resource, 'resourceType' | 'id'>): string {
  return `${baseUrl}/${resource.resourceType}/${resource.id ?? ''}`;
}

/** Weak ETag for a version. https://hl7.org/fhir/R4/http.html#versioning */
export function etag(versionId: string | undefined): string | undefined {
  return versionId ? `W/"${versionId}"` : undefined;
}

/** A server-built Bundle's own id and the instant it was assembled (as HAPI and most servers give them). */
function responseIdentity(): Pick<Bundle, 'id' | 'meta'> {
  return { id: randomUUID(), meta: { lastUpdated: new Date().toISOString() } };
}

export interface SearchsetInput {
  baseUrl: string;
  path: string;
  query: Array<[string, string]>;
  matches: Resource[];
  includes: Resource[];
  /** Bundle.total; left out when undefined (and with `_total=none`). */
  total?: number;
  /** Whether matches follow this page, for the `next` link when there is no exact total. */
  more?: boolean;
  /** `total` is an estimate (`_total=estimate`): links do not page by it (no `last`). */
  estimated?: boolean;
  offset: number;
  count: number;
  /** Informational/warning outcome to carry as an entry with search.mode = outcome (e.g. ignored parameters). */
  outcome?: OperationOutcome;
}

/**
 * A searchset Bundle: total (when known, unless `_total=none`), paging links, fullUrl and search.mode on every entry,
 * `_summary` / `_elements` applied. https://hl7.org/fhir/R4/bundle.html#searchset
 */
export function searchsetBundle(input: SearchsetInput): Bundle {
  const { baseUrl, query } = input;
  const totalMode = query.find(([n]) => n === '_total')?.[1];
  const countOnly = summaryMode(query) === 'count';
  const entry: BundleEntry[] = [];
  if (!countOnly) {
    const asMatch = subsetter(query, 'match');
    const asInclude = subsetter(query, 'include');
    for (const r of input.matches) entry.push({ fullUrl: fullUrl(baseUrl, r), resource: asMatch?.(r) ?? r, search: { mode: 'match' } });
    for (const r of input.includes) entry.push({ fullUrl: fullUrl(baseUrl, r), resource: asInclude?.(r) ?? r, search: { mode: 'include' } });
  }
  if (input.outcome) entry.push({ resource: input.outcome, search: { mode: 'outcome' } });
  const bundle: Bundle = {
    resourceType: 'Bundle',
    ...responseIdentity(),
    type: 'searchset',
    ...(totalMode === 'none' || input.total === undefined ? {} : { total: input.total }),
    link: pagingLinks({ baseUrl, path: input.path, query, offset: input.offset, count: input.count, total: input.estimated ? undefined : input.total, hasMore: input.more }),
  };
  if (entry.length > 0) bundle.entry = entry;
  return bundle;
}

const STATUS_BY_METHOD: Record<HistoryEntry['method'], string> = { POST: '201 Created', PUT: '200 OK', DELETE: '204 No Content' };

/**
 * A history Bundle, newest first, each entry with request and response; `total` counts the entries on every page.
 * https://hl7.org/fhir/R4/http.html#history https://hl7.org/fhir/R4/bundle-definitions.html#Bundle.total
 */
export function historyBundle(input: {
  baseUrl: string;
  path: string;
  query: Array<[string, string]>;
  entries: HistoryEntry[];
  offset: number;
  count: number;
  total: number;
}): Bundle {
  const entry: BundleEntry[] = input.entries.map((h) => {
    const url = `${h.resourceType}/${h.id}`;
    const e: BundleEntry = {
      fullUrl: `${input.baseUrl}/${url}`,
      request: { method: h.method, url: h.method === 'POST' ? h.resourceType : url },
      response: { status: STATUS_BY_METHOD[h.method], etag: etag(h.versionId), lastModified: h.lastUpdated },
    };
    if (h.resource) e.resource = h.resource;
    return e;
  });
  const bundle: Bundle = {
    resourceType: 'Bundle',
    ...responseIdentity(),
    type: 'history',
    total: input.total,
    link: pagingLinks({ baseUrl: input.baseUrl, path: input.path, query: input.query, offset: input.offset, count: input.count, total: input.total }),
  };
  if (entry.length > 0) bundle.entry = entry;
  return bundle;
}
