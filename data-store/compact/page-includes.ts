import type { Resource } from 'fhir/r4';
import { expressionForBase, findSearchParameter, searchParameterDefinitions } from '../../fhir-profiles/search-parameters.js';
import { compileExpression } from '../search/compile-expression.js';
import { referenceEntries } from '../search/index-values.js';
import type { IncludeSpec } from '../search/query-params.js';
import { StoreError, type SearchQuery, type SearchPage } from '../store.js';

/** What includes read: one resource by type and id, and a search. */
export interface IncludeSource {
  current(type: string, id: string): Resource | undefined;
  search(query: SearchQuery): SearchPage;
}

const MAX_ITERATE_ROUNDS = 8;

/**
 * _include / _revinclude (with :iterate) of a page, through reads and searches of the whole store, so targets and
 * referrers are found whether generated or written: deduplicated, never repeating a match.
 * https://hl7.org/fhir/R4/search.html#include
 */
export function pageIncludes(source: IncludeSource, matches: Resource[], includes: IncludeSpec[], revincludes: IncludeSpec[], maxCount: number): Resource[] {
  if (!includes.length && !revincludes.length) return [];
  const seen = new Set(matches.map((r) => `${r.resourceType}/${r.id ?? ''}`));
  const out: Resource[] = [];
  const add = (r: Resource | undefined, next: Resource[]): void => {
    const key = r && `${r.resourceType}/${r.id ?? ''}`;
    if (!r || !key || seen.has(key)) return;
    seen.add(key);
    out.push(r);
    next.push(r);
  };
  let frontier = matches;
  for (let round = 0; frontier.length && round < MAX_ITERATE_ROUNDS; round++) {
    const next: Resource[] = [];
    for (const spec of includes) if (round === 0 || spec.iterate) for (const r of targetsOf(source, frontier, spec)) add(r, next);
    for (const spec of revincludes) if (round === 0 || spec.iterate) for (const r of referrersOf(source, frontier, spec, maxCount)) add(r, next);
    frontier = next;
  }
  return out;
}

function targetsOf(source: IncludeSource, frontier: Resource[], spec: IncludeSpec): Resource[] {
  const out: Resource[] = [];
  for (const r of frontier) {
    if (spec.sourceType !== '*' && r.resourceType !== spec.sourceType) continue;
    for (const sp of referenceParams(r.resourceType, spec.param, '_include')) {
      const expr = expressionForBase(sp, r.resourceType);
      if (!expr) continue;
      for (const e of referenceEntries(compileExpression(expr).extract(r))) {
        if (!e.local || !e.type || !e.id || (spec.targetType && e.type !== spec.targetType)) continue;
        const found = source.current(e.type, e.id);
        if (found) out.push(found);
      }
    }
  }
  return out;
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

function referenceParams(type: string, code: string, control: string) {
  if (code === '*') return searchParameterDefinitions(type).filter((sp) => sp.type === 'reference');
  const sp = findSearchParameter(type, code);
  if (!sp || sp.type !== 'reference') {
    throw new StoreError('invalid', `Invalid ${control} '${type}:${code}': not a reference search parameter of ${type}`, control);
  }
  return [sp];
}
