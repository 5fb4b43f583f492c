import type { Resource } from 'fhir/r4';
import { ResourceTable } from '../resource-table.js';
import { SearchEngine } from '../search/search-engine.js';

/** The full search engine over these resources alone, in their order (a household's record, a sorted page's matches). */
export function engineOver(resources: Iterable<Resource>, now: () => Date): SearchEngine {
  const tables = new Map<string, ResourceTable>();
  for (const r of resources) {
    let table = tables.get(r.resourceType);
    if (!table) tables.set(r.resourceType, (table = new ResourceTable(r.resourceType)));
    const rec = table.ensure(r.id ?? '');
    table.setBase(rec, r);
    table.setCurrent(rec, r);
  }
  const types = [...tables.keys()];
  return new SearchEngine((type) => tables.get(type), () => types, { maxCount: Number.MAX_SAFE_INTEGER, now });
}
