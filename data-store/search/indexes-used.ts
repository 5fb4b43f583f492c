import type { SearchParameter } from 'fhir/r4';
import { findSearchParameter, isServedSearchParameter, searchParameterByUrl, searchParameterDefinitions } from '../../fhir-profiles/search-parameters.js';
import type { ParamIndex } from './param-index.js';
import { parseQueryParams, type ParsedQuery } from './query-params.js';

/** What finding a search's indexes needs from the engine. */
export interface IndexSource {
  indexFor(type: string, sp: SearchParameter): ParamIndex | undefined;
}

/** Chains and _has nest; deeper than this the search builds what is left itself. */
const MAX_DEPTH = 4;

/**
 * The indexes a search of `types` with the parsed query will read, as the engine's search builds them: each
 * filter's and _sort key's, a chain's reference and its inner search on every target, a _has's reference and its
 * inner search, a composite's first component, and the reference parameters a _revinclude follows.
 * https://hl7.org/fhir/R4/search.html#chaining https://hl7.org/fhir/R4/search.html#has https://hl7.org/fhir/R4/search.html#revinclude
 */
export function indexesUsed(src: IndexSource, types: string[], q: ParsedQuery, maxCount: number, depth = 0): Set<ParamIndex> {
  const out = new Set<ParamIndex>();
  const add = (type: string, sp: SearchParameter | undefined): void => {
    const ix = sp && sp.type !== 'composite' ? src.indexFor(type, sp) : undefined;
    if (ix) out.add(ix);
  };
  const inner = (type: string, params: Array<[string, string]>): void => {
    if (depth >= MAX_DEPTH) return;
    for (const ix of indexesUsed(src, [type], parseQueryParams(params, maxCount), maxCount, depth + 1)) out.add(ix);
  };
  for (const type of types) {
    for (const f of q.filters) {
      // `_id` is answered from the table's own map; a parameter the type does not serve is not searched on it.
      if ((f.code === '_id' && !f.modifier && !f.chain) || !isServedSearchParameter(type, f.code)) continue;
      const sp = findSearchParameter(type, f.code)!;
      if (f.chain !== undefined && sp.type === 'reference') {
        add(type, sp);
        for (const target of f.modifier ? [f.modifier] : (sp.target ?? [])) inner(target, [[f.chain, f.values[0]]]);
      } else if (sp.type === 'composite') {
        const first = sp.component?.[0] ? searchParameterByUrl(sp.component[0].definition) : undefined;
        if (first?.base?.includes(type as never)) add(type, first);
      } else add(type, sp);
    }
    for (const s of q.sort) add(type, findSearchParameter(type, s.code));
    for (const h of q.has) {
      const [, sourceType, refCode, ...rest] = h.raw.split(':');
      const refSp = sourceType ? findSearchParameter(sourceType, refCode ?? '') : undefined;
      if (!refSp || refSp.type !== 'reference' || !rest.length) continue;
      add(sourceType, refSp);
      inner(sourceType, [[rest.join(':'), h.value]]);
    }
  }
  for (const spec of q.revincludes) {
    const sps = spec.param === '*' ? searchParameterDefinitions(spec.sourceType).filter((sp) => sp.type === 'reference') : [findSearchParameter(spec.sourceType, spec.param)];
    for (const sp of sps) if (sp?.type === 'reference') add(spec.sourceType, sp);
  }
  return out;
}
