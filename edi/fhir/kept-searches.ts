import type { Store } from '../../data-store/store.js';

/**
 * What the EDI layer derives from a store's resources of one type (search results, reference lookups, an index),
 * kept per store until a resource of that type changes (Store.changes): eligibility answers and documents ask the
 * same questions over and over.
 */
const kept = new WeakMap<Store, Map<string, { changes: number; values: Map<string, unknown> }>>();

/** Per store and type: inquiries choose the keys, so what is kept must not grow without bound. */
const MAX_KEPT = 100_000;

/** The value `compute` gives for `key` (naming what it derives) over resources of `type`, kept while the type is unchanged. */
export function keptFor<T>(store: Store, type: string, key: string, compute: () => T): T {
  let byType = kept.get(store);
  if (!byType) kept.set(store, (byType = new Map()));
  const changes = store.changes(type);
  let entry = byType.get(type);
  if (!entry || entry.changes !== changes) byType.set(type, (entry = { changes, values: new Map() }));
  if (entry.values.has(key)) return entry.values.get(key) as T;
  if (entry.values.size >= MAX_KEPT) entry.values.clear();
  const value = compute();
  entry.values.set(key, value);
  return value;
}

/** Search results kept as keptFor keeps them; frozen, because every caller gets the same array. */
export function keptSearch<T>(store: Store, type: string, key: string, search: () => T[]): T[] {
  return keptFor(store, type, key, () => Object.freeze(search()) as T[]);
}
