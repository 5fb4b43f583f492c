import type { Store } from '../../data-store/store.js';

/**
 * Results of the EDI layer's store searches (patients by member id, a patient's coverages and EOBs), kept per
 * store until a resource of the searched type changes (Store.changes): eligibility answers and documents ask
 * the same questions over and over. The arrays are shared, so they are frozen.
 */
const kept = new WeakMap<Store, Map<string, { changes: number; results: Map<string, readonly unknown[]> }>>();

/** Per store and type: inquiries choose the keys, so what is kept must not grow without bound. */
const MAX_KEPT = 100_000;

/** The result of `search` for `key` (naming the query and its value) over resources of `type`, kept while the type is unchanged. */
export function keptSearch<T>(store: Store, type: string, key: string, search: () => T[]): T[] {
  let byType = kept.get(store);
  if (!byType) kept.set(store, (byType = new Map()));
  const changes = store.changes(type);
  let entry = byType.get(type);
  if (!entry || entry.changes !== changes) byType.set(type, (entry = { changes, results: new Map() }));
  let results = entry.results.get(key) as T[] | undefined;
  if (!results) {
    if (entry.results.size >= MAX_KEPT) entry.results.clear();
    entry.results.set(key, (results = Object.freeze(search()) as T[]));
  }
  return results;
}
