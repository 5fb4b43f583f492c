import type { Patient } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, type Store } from '../../data-store/index.js';
import { fixtureResources } from './fixtures.js';

// Stored versions never change in place (edi/cache.ts keeps segment blocks by version object): the store hands
// out frozen objects, so code that changes what it read throws instead of changing the store.
let store: Store;
beforeAll(async () => {
  store = await createStore({ base: fixtureResources, baseLastUpdated: '2026-01-01T00:00:00Z' });
});
afterAll(() => store.close());

describe('stored versions are frozen', () => {
  it('a generated version: its top level and meta', () => {
    const p = store.read<Patient>('Patient', 'p1');
    expect(Object.isFrozen(p)).toBe(true);
    expect(Object.isFrozen(p.meta)).toBe(true);
    expect(() => {
      (p as { active?: boolean }).active = false;
    }).toThrow(TypeError);
    expect([...store.all('Patient')].every((r) => Object.isFrozen(r))).toBe(true);
  });

  it('a client-written version: deeply, the caller’s nested objects included, and read, search and all give that object', async () => {
    const name = [{ family: 'Frost', given: ['Ice'] }];
    const written = await store.create<Patient>({ resourceType: 'Patient', name });
    expect(Object.isFrozen(written) && Object.isFrozen(written.name) && Object.isFrozen(name[0].given)).toBe(true);
    expect(() => name[0].given.push('Late')).toThrow(TypeError);
    const read = store.read<Patient>('Patient', written.id!);
    expect(read).toBe(written);
    expect(store.search({ resourceType: 'Patient', params: [['family', 'Frost']] }).matches[0]).toBe(written);
    const { resource: next } = await store.update<Patient>({ ...read, active: true });
    expect(next).not.toBe(read);
    expect(Object.isFrozen(next)).toBe(true);
    expect(read.active).toBeUndefined();
  });

  it('a population several stores are built from keeps working (frozen at the first)', async () => {
    const resources = fixtureResources();
    const a = await createStore({ base: () => resources, baseLastUpdated: '2026-01-01T00:00:00Z' });
    const b = await createStore({ base: () => resources, baseLastUpdated: '2026-02-01T00:00:00Z' });
    expect(a.read('Patient', 'p1').meta?.lastUpdated).toBe('2026-01-01T00:00:00Z');
    expect(b.read('Patient', 'p1').meta?.lastUpdated).toBe('2026-02-01T00:00:00Z');
    await Promise.all([a.close(), b.close()]);
  });
});
