import type { Resource, SearchParameter } from 'fhir/r4';
import { expressionForBase, findSearchParameter, searchParameterDefinitions } from '../../fhir-profiles/search-parameters.js';
import { StoreError } from '../store.js';
import { compileExpression } from './compile-expression.js';
import { referenceEntries } from './index-values.js';
import type { IncludeSpec } from './query-params.js';

/** The resources one include spec adds for a frontier: targets (_include) or referrers (_revinclude). */
export type IncludeFinder = (frontier: Resource[], spec: IncludeSpec) => Iterable<Resource | undefined>;

const MAX_ITERATE_ROUNDS = 8;

/**
 * _include / _revinclude (with :iterate) of a page: round 0 runs every spec on the matches, each later round only the
 * :iterate specs on what the round before added; deduplicated, never repeating a match.
 * https://hl7.org/fhir/R4/search.html#include
 */
export function includeRounds(matches: Resource[], includes: IncludeSpec[], revincludes: IncludeSpec[], targets: IncludeFinder, referrers: IncludeFinder): Resource[] {
  if (!includes.length && !revincludes.length) return [];
  const seen = new Set(matches.map((r) => `${r.resourceType}/${r.id ?? ''}`));
  const out: Resource[] = [];
  let frontier = matches;
  for (let round = 0; frontier.length && round < MAX_ITERATE_ROUNDS; round++) {
    const next: Resource[] = [];
    const add = (r: Resource | undefined): void => {
      const key = r && `${r.resourceType}/${r.id ?? ''}`;
      if (!r || !key || seen.has(key)) return;
      seen.add(key);
      out.push(r);
      next.push(r);
    };
    for (const spec of includes) if (round === 0 || spec.iterate) for (const r of targets(frontier, spec)) add(r);
    for (const spec of revincludes) if (round === 0 || spec.iterate) for (const r of referrers(frontier, spec)) add(r);
    frontier = next;
  }
  return out;
}

/** The reference parameters an include names (`*`: all of the type's); invalid when it names no reference parameter. */
export function referenceParams(type: string, code: string, control: string): SearchParameter[] {
  if (code === '*') return searchParameterDefinitions(type).filter((sp) => sp.type === 'reference');
  const sp = findSearchParameter(type, code);
  if (!sp || sp.type !== 'reference') {
    throw new StoreError('invalid', `Invalid ${control} '${type}:${code}': not a reference search parameter of ${type}`, control);
  }
  return [sp];
}

/** The local references (type and id) that the frontier's resources hold in an _include spec's parameter. */
export function* includedReferences(frontier: Resource[], spec: IncludeSpec): Iterable<{ type: string; id: string }> {
  for (const r of frontier) {
    if (spec.sourceType !== '*' && r.resourceType !== spec.sourceType) continue;
    for (const sp of referenceParams(r.resourceType, spec.param, '_include')) {
      const expr = expressionForBase(sp, r.resourceType);
      if (!expr) continue;
      for (const e of referenceEntries(compileExpression(expr).extract(r))) {
        if (!e.local || !e.type || !e.id || (spec.targetType && e.type !== spec.targetType)) continue;
        yield { type: e.type, id: e.id };
      }
    }
  }
}
