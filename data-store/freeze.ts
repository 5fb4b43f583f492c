/**
 * Stored versions are immutable (a write stores a new object, see EmbeddedStore), and frozen so that it holds:
 * whatever keeps something derived from a version by its identity (edi/cache.ts) can rely on it, and code that
 * changes a resource it read fails at once (a TypeError in strict-mode modules) instead of changing the store.
 */

/** Freezes a version and everything in it, now (a version replayed at start-up or from a shared log). */
export function freezeDeep(version: object): void {
  const stack: object[] = [version];
  while (stack.length) freezeOne(stack.pop() as object, stack);
}

/** As freezeDeep, yielding at `pause` (data-store/time-slicer.ts) so a 20 MB version does not hold the event loop. */
export async function freezeDeepSliced(version: object, pause: () => Promise<void>): Promise<void> {
  const stack: object[] = [version];
  let n = 0;
  while (stack.length) {
    freezeOne(stack.pop() as object, stack);
    if ((++n & 1023) === 0) await pause();
  }
}

/**
 * Freezes the top level and meta of a generated version: enough for identity (id, meta.versionId) to be
 * fixed. Freezing every generated object deeply at load adds about 12% to start-up (1,000 patients), and
 * deeply frozen objects are slower to read (the 835 written afresh from deeply frozen EOBs ~19% slower, in both
 * load orders; bench/results/edi.md), so freezing them lazily where they are kept is no cheaper: that no code
 * changes a generated version in place is proved by test/data-store/frozen-base.test.ts instead, which runs
 * every face over a base frozen deeply.
 */
export function freezeTop(version: { meta?: object }): void {
  if (version.meta) Object.freeze(version.meta);
  Object.freeze(version);
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
