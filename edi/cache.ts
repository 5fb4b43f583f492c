import type { Store } from '../data-store/store.js';

/** Per type: inquiries choose the keys, so what is kept must not grow without bound. */
const MAX_KEPT = 100_000;

/**
 * The one cache of an EDI object (createEdi): what the EDI layer derives from the store's resources, so
 * documents and answers do not ask the same questions over and over. Two kinds of entries:
 * - derived values (search results, resolved references, indexes) per resource type, dropped as soon as a
 *   resource of that type changes (Store.changes);
 * - written segment blocks per stored resource version (837 member and claim loops, 835 remittances), keyed by
 *   the resource object itself: the store never changes a stored version in place (it stores a new, frozen
 *   object), so a block is right while the versions it was written from are the same objects.
 */
export class EdiCache {
  private readonly byType = new Map<string, { changes: number; values: Map<string, unknown> }>();
  private readonly blocks = new Map<string, WeakMap<object, unknown>>();

  constructor(private readonly store: Store) {}

  /** The value `compute` gives for `key` (naming what it derives) over resources of `type`, kept while the type is unchanged. */
  derived<T>(type: string, key: string, compute: () => T): T {
    const changes = this.store.changes(type);
    let entry = this.byType.get(type);
    if (!entry || entry.changes !== changes) this.byType.set(type, (entry = { changes, values: new Map() }));
    if (entry.values.has(key)) return entry.values.get(key) as T;
    if (entry.values.size >= MAX_KEPT) entry.values.clear();
    const value = compute();
    entry.values.set(key, value);
    return value;
  }

  /** Search results kept as `derived` keeps them; frozen, because every caller gets the same array. */
  search<T>(type: string, key: string, run: () => T[]): T[] {
    return this.derived(type, key, () => Object.freeze(run()) as T[]);
  }

  /** The block last written from this resource version under `kind` (e.g. '837 claim'), if any. */
  block<B>(kind: string, version: object): B | undefined {
    return this.blocks.get(kind)?.get(version) as B | undefined;
  }

  /** Keeps the block written from this resource version under `kind`. */
  keepBlock<B>(kind: string, version: object, block: B): void {
    let byVersion = this.blocks.get(kind);
    if (!byVersion) this.blocks.set(kind, (byVersion = new WeakMap()));
    byVersion.set(version, block);
  }
}
