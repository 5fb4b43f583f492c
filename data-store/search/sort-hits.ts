import type { DateRange } from './date-range.js';
import type { IndexEntry, NumberEntry, ReferenceEntry, StringEntry, TokenEntry } from './index-values.js';
import type { ParamIndex } from './param-index.js';
import type { Hit } from './slot-sets.js';

/**
 * Orders hits by `_sort` keys (each parameter's indexed value; missing values last), ties broken by id
 * then type so pages are stable. https://hl7.org/fhir/R4/search.html#sort
 */
export function sortHits(hits: Hit[], sort: Array<{ code: string; desc: boolean }>, indexOf: (type: string, code: string) => ParamIndex | undefined): Hit[] {
  const keyFns = sort.map((s) => {
    const cache = new Map<string, (slot: number) => string | number | undefined>();
    return (h: Hit) => {
      let fn = cache.get(h.table.resourceType);
      if (!fn) {
        const ix = indexOf(h.table.resourceType, s.code);
        fn = ix ? (slot) => sortKey(ix.type, ix.entriesAt(slot), s.desc) : () => undefined;
        cache.set(h.table.resourceType, fn);
      }
      return fn(h.slot);
    };
  });
  const keyed = hits.map((h) => ({ h, keys: keyFns.map((fn) => fn(h)), id: h.table.slots[h.slot].id }));
  keyed.sort((a, b) => {
    for (let i = 0; i < sort.length; i++) {
      const x = a.keys[i];
      const y = b.keys[i];
      if (x === y) continue;
      if (x === undefined) return 1;
      if (y === undefined) return -1;
      const c = x < y ? -1 : 1;
      return sort[i].desc ? -c : c;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : a.h.table.resourceType < b.h.table.resourceType ? -1 : 1;
  });
  return keyed.map((k) => k.h);
}

/** The value a parameter sorts by: lowest for ascending, highest for descending. */
function sortKey(type: string, entries: IndexEntry[], desc: boolean): string | number | undefined {
  let best: string | number | undefined;
  for (const e of entries) {
    let k: string | number | undefined;
    switch (type) {
      case 'string':
        k = (e as StringEntry).norm;
        break;
      case 'token':
        k = (e as TokenEntry).code;
        break;
      case 'reference':
        k = (e as ReferenceEntry).local ?? (e as ReferenceEntry).raw;
        break;
      case 'date':
        k = desc ? (e as DateRange).hi : (e as DateRange).lo;
        break;
      case 'number':
      case 'quantity':
        k = (e as NumberEntry).value;
        break;
      default:
        k = typeof e === 'string' ? e : undefined;
    }
    if (k === undefined) continue;
    if (best === undefined || (desc ? k > best : k < best)) best = k;
  }
  return best;
}
