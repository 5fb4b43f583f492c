/**
 * Stored versions are immutable (a write stores a new object, see EmbeddedStore), and frozen so that it holds:
 * whatever keeps something derived from a version by its identity (edi/cache.ts) can rely on it, and code that
 * changes a resource it read fails at once (a TypeError in strict-mode modules) instead of changing the store.
 */

/** Versions frozen all through: client-written ones as they are stored, generated ones once freezeKept met them. */
const frozenDeep = new WeakSet<object>();

/** Freezes a version and everything in it, now (a version replayed at start-up or from a shared log). */
export function freezeDeep(version: object): void {
  const stack: object[] = [version];
  while (stack.length) freezeOne(stack.pop() as object, stack);
  frozenDeep.add(version);
}

/** As freezeDeep, yielding at `pause` (data-store/time-slicer.ts) so a 20 MB version does not hold the event loop. */
export async function freezeDeepSliced(version: object, pause: () => Promise<void>): Promise<void> {
  const stack: object[] = [version];
  let n = 0;
  while (stack.length) {
    freezeOne(stack.pop() as object, stack);
    if ((++n & 1023) === 0) await pause();
  }
  frozenDeep.add(version);
}

/**
 * Freezes the top level and meta of a generated version: enough for identity (id, meta.versionId) to be
 * fixed. Freezing every generated object deeply at load adds about 12% to start-up (1,000 patients), so a
 * generated version is frozen deeply later, by freezeKept, when something keeps what it derives from it.
 */
export function freezeTop(version: { meta?: object }): void {
  if (version.meta) Object.freeze(version.meta);
  Object.freeze(version);
}

/**
 * Freezes a stored version deeply unless it is already (once per version): called by whatever keeps something
 * derived from a version by its identity (edi/cache.ts segment blocks), so that what it relies on, a version
 * that never changes, holds for the versions it relies on, at the cost of the ones it uses rather than at start-up.
 */
export function freezeKept(version: object): void {
  if (!frozenDeep.has(version)) freezeDeep(version);
}

function freezeOne(o: object, stack: object[]): void {
  Object.freeze(o);
  if (Array.isArray(o)) {
    for (const v of o) if (typeof v === 'object' && v !== null) stack.push(v as object);
    return;
  }
  for (const key in o) {
    const v = (o as Record<string, unknown>)[key];
    if (typeof v === 'object' && v !== null) stack.push(v);
  }
}
