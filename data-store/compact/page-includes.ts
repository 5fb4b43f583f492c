import type { Resource } from 'fhir/r4';
import { includedReferences, includeRounds, referenceParams } from '../search/include-rounds.js';
import type { IncludeSpec } from '../search/query-params.js';
import type { SearchQuery, SearchPage } from '../store.js';

/** What includes read: one resource by type and id, and a search. */
export interface IncludeSource {
  current(type: string, id: string): Resource | undefined;
  search(query: SearchQuery): SearchPage;
}

/**
 * _include / _revinclude (with :iterate) of a page, through reads and searches of the whole store, so targets and
 * referrers are found whether generated or written. https://hl7.org/fhir/R4/search.html#include
 */
export function pageIncludes(source: IncludeSource, matches: Resource[], includes: IncludeSpec[], revincludes: IncludeSpec[], maxCount: number): Resource[] {
  return includeRounds(matches, includes, revincludes, (frontier, spec) => targetsOf(source, frontier, spec), (frontier, spec) => referrersOf(source, frontier, spec, maxCount));
}

function* targetsOf(source: IncludeSource, frontier: Resource[], spec: IncludeSpec): Iterable<Resource | undefined> {
  for (const { type, id } of includedReferences(frontier, spec)) yield source.current(type, id);
}

/** The resources of spec.sourceType whose spec.param refers to a frontier resource: one search of the store. */
function referrersOf(source: IncludeSource, frontier: Resource[], spec: IncludeSpec, maxCount: number): Resource[] {
  const keys = frontier.filter((r) => !spec.targetType || r.resourceType === spec.targetType).map((r) => `${r.resourceType}/${r.id ?? ''}`);
  const params = referenceParams(spec.sourceType, spec.param, '_revinclude');
  if (!keys.length) return [];
  const out: Resource[] = [];
  for (const sp of params) {
    const page = source.search({ resourceType: spec.sourceType, params: [[sp.code, keys.join(',')], ['_count', String(maxCount)]] });
    out.push(...page.matches);
  }
  return out;
}
