import type { Resource, SearchParameter } from 'fhir/r4';
import { expressionForBase, findSearchParameter, searchParameterDefinitions } from '../../fhir-profiles/search-parameters.js';
import type { ResourceTable } from '../resource-table.js';
import { StoreError } from '../store.js';
import { compileExpression } from './compile-expression.js';
import { referenceEntries, type ReferenceEntry } from './index-values.js';
import type { ParamIndex } from './param-index.js';
import type { IncludeSpec } from './query-params.js';
import { uniqueSlots } from './slot-sets.js';

/** What includes need from the engine: tables, and reference indexes for _revinclude. */
export interface IncludeContext {
  table(type: string): ResourceTable | undefined;
  indexFor(type: string, sp: SearchParameter): ParamIndex | undefined;
}

const MAX_ITERATE_ROUNDS = 8;

/**
 * _include / _revinclude (with :iterate) for a page: deduplicated, never repeating a match.
 * https://hl7.org/fhir/R4/search.html#include
 */
export function resolveIncludes(ctx: IncludeContext, matches: Resource[], includes: IncludeSpec[], revincludes: IncludeSpec[]): Resource[] {
  if (!includes.length && !revincludes.length) return [];
  const seen = new Set(matches.map((r) => `${r.resourceType}/${r.id}`));
  const out: Resource[] = [];
  const add = (r: Resource | undefined, next: Resource[]) => {
    if (!r) return;
    const k = `${r.resourceType}/${r.id}`;
    if (seen.has(k)) return;
    seen.add(k);
    out.push(r);
    next.push(r);
  };
  let frontier = matches;
  for (let round = 0; frontier.length && round < MAX_ITERATE_ROUNDS; round++) {
    const next: Resource[] = [];
    const iterateOnly = round > 0;
    for (const spec of includes) {
      if (iterateOnly && !spec.iterate) continue;
      for (const r of frontier) {
        if (spec.sourceType !== '*' && r.resourceType !== spec.sourceType) continue;
        for (const sp of referenceParams(r.resourceType, spec.param, '_include')) {
          const expr = expressionForBase(sp, r.resourceType);
          if (!expr) continue;
          for (const e of referenceEntries(compileExpression(expr).extract(r))) {
            if (!e.local || (spec.targetType && e.type !== spec.targetType)) continue;
            add(ctx.table(e.type!)?.byId.get(e.id!)?.current, next);
          }
        }
      }
    }
    for (const spec of revincludes) {
      if (iterateOnly && !spec.iterate) continue;
      const keys = frontier.filter((r) => !spec.targetType || r.resourceType === spec.targetType).map((r) => `${r.resourceType}/${r.id}`);
      if (!keys.length) continue;
      const keySet = new Set(keys);
      const sourceTable = ctx.table(spec.sourceType);
      if (!sourceTable) {
        referenceParams(spec.sourceType, spec.param, '_revinclude');
        continue;
      }
      for (const sp of referenceParams(spec.sourceType, spec.param, '_revinclude')) {
        const ix = ctx.indexFor(spec.sourceType, sp);
        if (!ix) continue;
        const check = (s: number) => ix.entriesAt(s).some((e) => keySet.has((e as ReferenceEntry).local ?? ''));
        const slots = uniqueSlots(ix.byKeys(keys), check);
        for (let i = 0; i < slots.length; i++) add(sourceTable.slots[slots[i]].current, next);
      }
    }
    frontier = next;
  }
  return out;
}

/** The reference parameters named by an include (`*` = all of the type's). */
function referenceParams(type: string, code: string, control: string): SearchParameter[] {
  if (code === '*') return searchParameterDefinitions(type).filter((sp) => sp.type === 'reference');
  const sp = findSearchParameter(type, code);
  if (!sp || sp.type !== 'reference') {
    throw new StoreError('invalid', `Invalid ${control} '${type}:${code}': not a reference search parameter of ${type}`, control);
  }
  return [sp];
}
