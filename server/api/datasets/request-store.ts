import type { Resource } from 'fhir/r4';
import { createStore } from '../../../data-store/index.js';
import { createEdi, type Edi } from '../../../edi/edi.js';

/**
 * X12 is a projection of FHIR resources: a request's resources are put in a memory-only store of their own, and
 * the same EDI object that serves /edi projects them, with the clock at the as-of date so output is deterministic.
 */
export async function withRequestStore<T>(resources: Resource[], asOf: string, use: (edi: Edi) => T | Promise<T>): Promise<T> {
  const store = await createStore({ base: () => resources, baseLastUpdated: `${asOf}T00:00:00Z` });
  try {
    const clock = (): Date => new Date(`${asOf}T12:00:00Z`);
    return await use(createEdi(store, { clock, asOf }));
  } finally {
    await store.close();
  }
}
