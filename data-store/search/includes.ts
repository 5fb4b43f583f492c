import type { Resource, SearchParameter } from 'fhir/r4';
import type { ResourceTable } from '../resource-table.js';
import { includedReferences, includeRounds, referenceParams } from './include-rounds.js';
import type { ReferenceEntry } from './index-values.js';
import type { ParamIndex } from './param-index.js';
import type { IncludeSpec } from './query-params.js';
import { uniqueSlots } from './slot-sets.js';

/** What includes need from the engine: tables, and reference indexes for _revinclude. */
export interface IncludeContext {
  table(type: string): ResourceTable | undefined;
  indexFor(type: string, sp: SearchParameter): ParamIndex | undefined;
}

/**
 * _include / _revinclude (with :iterate) for a page, from the engine's tables and reference indexes.
 * https://hl7.org/fhir/R4/search.html#include
 */
export function resolveIncludes(ctx: IncludeContext, matches: Resource[], includes: IncludeSpec[], revincludes: IncludeSpec[]): Resource[] {
  return includeRounds(matches, includes, revincludes, (frontier, spec) => targetsOf(ctx, frontier, spec), (frontier, spec) => referrersOf(ctx, frontier, spec));
}

function* targetsOf(ctx: IncludeContext, frontier: Resource[], spec: IncludeSpec): Iterable<Resource | undefined> {
  for (const { type, id } of includedReferences(frontier, spec)) yield ctx.table(type)?.byId.get(id)?.current;
}

/** The resources of spec.sourceType whose spec.param refers to a frontier resource, by the reference indexes. */
function* referrersOf(ctx: IncludeContext, frontier: Resource[], spec: IncludeSpec): Iterable<Resource | undefined> {
  const keys = frontier.filter((r) => !spec.targetType || r.resourceType === spec.targetType).map((r) => `${r.resourceType}/${r.id}`);
  if (!keys.length) return;
  const keySet = new Set(keys);
  const sourceTable = ctx.table(spec.sourceType);
  const params = referenceParams(spec.sourceType, spec.param, '_revinclude');
  if (!sourceTable) return;
  for (const sp of params) {
    const ix = ctx.indexFor(spec.sourceType, sp);
    if (!ix) continue;
    const check = (s: number) => ix.entriesAt(s).some((e) => keySet.has((e as ReferenceEntry).local ?? ''));
    const slots = uniqueSlots(ix.byKeys(keys), check);
    for (let i = 0; i < slots.length; i++) yield sourceTable.slots[slots[i]].current;
  }
}
