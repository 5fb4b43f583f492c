import { pageIncludes } from './page-includes.js';
import { engineOver } from './resource-engine.js';
import type { ParsedQuery } from '../search/query-params.js';
import { StoreError, type SearchPage, type SearchQuery } from '../store.js';
import type { CompactStore } from './compact-store.js';

/**
 * A `_sort`ed search: every match is read (the write store's and the population's, within the scan budget) and the
 * engine sorts them as it sorts any table. https://hl7.org/fhir/R4/search.html#sort
 */
export function sortedPage(store: CompactStore, query: SearchQuery, q: ParsedQuery, maxCount: number, clock: () => Date): SearchPage {
  const type = query.resourceType!;
  const filters = query.params.filter(([n]) => !['_count', '_offset', '_total', '_include', '_revinclude'].includes(n.split(':')[0]));
  const own = filters.filter(([n]) => n !== '_sort');
  const written = store.inner.search({ ...query, params: [...own, ['_count', String(maxCount)]] });
  if (written.more) throw new StoreError('too-costly', `A _sort of ${type} over more than ${maxCount} client-written matches (POPULATION_MODE=regenerated): narrow the search`);
  const scan = store.scan(type, q, own, query.asOf);
  const generated = scan.page(0, Number.MAX_SAFE_INTEGER).matches;
  const engine = engineOver([...written.matches, ...generated], clock);
  const page = engine.search({ resourceType: type, params: [...filters, ['_count', String(q.count)], ['_offset', String(q.offset)], ['_total', 'accurate']] });
  const includes = pageIncludes({ current: (t, id) => { try { return store.read(t, id); } catch { return undefined; } }, search: (s) => store.search(s) }, page.matches, q.includes, q.revincludes, maxCount);
  return { ...page, includes, ignored: written.ignored };
}
