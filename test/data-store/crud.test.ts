import type { Observation, Patient } from 'fhir/r4';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStore, StoreError, type Store } from '../../data-store/index.js';
import { freshWrites } from './backend.js';
import { fixtureResources, params } from './fixtures.js';

// The store contract: runs against the embedded store (in memory) and, in the postgres project, STORE=postgres.

const AS_OF = '2026-01-01T00:00:00Z';
let tick = 0;
const clock = () => new Date(Date.UTC(2026, 0, 2, 0, 0, tick++));
let store: Store;

beforeEach(async () => {
  tick = 0;
  store = await createStore({ base: fixtureResources, baseLastUpdated: AS_OF, clock, ...(await freshWrites()) });
});
afterEach(() => store.close());

async function rejects(p: Promise<unknown> | (() => unknown), code: string): Promise<StoreError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe(code);
    return err as StoreError;
  }
  throw new Error(`expected StoreError ${code}`);
}

const familyIds = (family: string) => store.search({ resourceType: 'Patient', params: params(`family=${family}&_count=100`) }).matches.map((r) => r.id);

describe('base population', () => {
  it('gives base resources version 1 at the as-of instant', () => {
    const p = store.read<Patient>('Patient', 'p1');
    expect(p.meta).toMatchObject({ versionId: '1', lastUpdated: AS_OF });
    expect(store.vread('Patient', 'p1', '1')).toBe(p);
    expect(store.counts()).toMatchObject({ Patient: 3, Observation: 3, Encounter: 2 });
    expect([...store.all('Patient')].map((r) => r.id)).toEqual(['p1', 'p2', 'p3']);
  });

  it('throws not-found for unknown ids and versions', async () => {
    await rejects(() => store.read('Patient', 'nope'), 'not-found');
    await rejects(() => store.read('Nothing', 'p1'), 'not-found');
    await rejects(() => store.vread('Patient', 'p1', '2'), 'not-found');
  });
});

describe('create, update, delete', () => {
  it('creates with a new id (or the caller id), version 1 and the clock time, searchable at once', async () => {
    const created = await store.create<Patient>({ resourceType: 'Patient', name: [{ family: 'Newman' }] });
    expect(created.id).toMatch(/^[A-Za-z0-9\-.]{1,64}$/);
    expect(created.meta).toMatchObject({ versionId: '1', lastUpdated: '2026-01-02T00:00:00.000Z' });
    expect(store.read('Patient', created.id!)).toEqual(created);
    expect(familyIds('newman')).toEqual([created.id]);
    const chosen = await store.create<Patient>({ resourceType: 'Patient', id: 'chosen', name: [{ family: 'Chosen' }] });
    expect(chosen.id).toBe('chosen');
    await rejects(store.create({ resourceType: 'Patient', id: 'chosen' }), 'conflict');
    expect(store.counts().Patient).toBe(5);
  });

  it('keeps the resource it is given under a top level of its own, never writing into the caller object', async () => {
    const input: Patient = { resourceType: 'Patient', name: [{ family: 'Before' }] };
    const stored = await store.create(input);
    expect(stored).not.toBe(input);
    expect(input).toEqual({ resourceType: 'Patient', name: [{ family: 'Before' }] });
    expect(stored).toMatchObject({ ...input, meta: { versionId: '1' } });
    // Handed over, not deep-copied: a deep copy of a 20 MB resource holds the event loop (see createStore's notes).
    expect(stored.name).toBe(input.name);
  });

  it('updates with new versions, keeps old ones for vread and reindexes search', async () => {
    const p1 = structuredClone(store.read<Patient>('Patient', 'p1'));
    p1.name = [{ family: 'Renamed' }];
    const { resource, created } = await store.update(p1);
    expect(created).toBe(false);
    expect(resource.meta?.versionId).toBe('2');
    expect(store.vread<Patient>('Patient', 'p1', '1').name![0].family).toBe('Müller');
    expect(store.vread<Patient>('Patient', 'p1', '2').name![0].family).toBe('Renamed');
    expect(familyIds('müller')).toEqual([]);
    expect(familyIds('renamed')).toEqual(['p1']);
  });

  it('update-as-create uses the client id', async () => {
    const { resource, created } = await store.update<Patient>({ resourceType: 'Patient', id: 'client-1', name: [{ family: 'Client' }] });
    expect(created).toBe(true);
    expect(resource.meta?.versionId).toBe('1');
    expect(store.read('Patient', 'client-1').id).toBe('client-1');
  });

  it('checks ifMatch and answers version-conflict', async () => {
    const p2 = store.read<Patient>('Patient', 'p2');
    await rejects(store.update({ ...p2, active: true }, { ifMatch: '7' }), 'version-conflict');
    expect((await store.update({ ...p2, active: true }, { ifMatch: 'W/"1"' })).resource.meta?.versionId).toBe('2');
    await rejects(store.update({ ...p2, active: false }, { ifMatch: '1' }), 'version-conflict');
    await rejects(store.update({ resourceType: 'Patient', id: 'absent' }, { ifMatch: '1' }), 'version-conflict');
  });

  it('rejects invalid ids and resources', async () => {
    await rejects(store.update({ resourceType: 'Patient', id: 'bad id!' }), 'invalid');
    await rejects(store.update({ resourceType: 'Patient' }), 'invalid');
    await rejects(store.create({ id: 'x' } as unknown as Patient), 'invalid');
    await rejects(store.create({ resourceType: 'HumanName' } as unknown as Patient), 'invalid');
  });

  it('deletes: read is gone, old versions still vread, search forgets it, delete is idempotent', async () => {
    await store.delete('Observation', 'o1');
    await rejects(() => store.read('Observation', 'o1'), 'gone');
    expect(store.vread<Observation>('Observation', 'o1', '1').id).toBe('o1');
    await rejects(() => store.vread('Observation', 'o1', '2'), 'gone');
    expect(store.search({ resourceType: 'Observation', params: params('code=4548-4') }).matches.map((r) => r.id)).toEqual(['o3']);
    expect(store.search({ resourceType: 'Observation', params: params('_id=o1,o2') }).matches.map((r) => r.id)).toEqual(['o2']);
    expect(store.search({ resourceType: 'Encounter', params: params('_has:Observation:encounter:status=final') }).total).toBe(0);
    await store.delete('Observation', 'o1');
    await store.delete('Observation', 'never-existed');
    expect(store.counts().Observation).toBe(2);
    expect(store.history({ resourceType: 'Observation', id: 'o1' }).map((h) => [h.versionId, h.method])).toEqual([['2', 'DELETE'], ['1', 'POST']]);
    // re-creating after a delete continues the version sequence
    const again = await store.update<Observation>({ ...store.vread<Observation>('Observation', 'o1', '1') });
    expect(again).toMatchObject({ created: true, resource: { meta: { versionId: '3' } } });
  });
});

describe('changes per type', () => {
  it('counts every change of a current version of the type, and nothing else', async () => {
    const patients = store.changes('Patient');
    const observations = store.changes('Observation');
    expect(store.changes('Nothing')).toBe(0);
    await store.create<Patient>({ resourceType: 'Patient', id: 'c1' });
    await store.update<Patient>({ resourceType: 'Patient', id: 'p1', name: [{ family: 'Changed' }] });
    await store.delete('Patient', 'p2');
    await store.delete('Patient', 'p2'); // already deleted: nothing changes
    expect(store.changes('Patient')).toBe(patients + 3);
    expect(store.changes('Observation')).toBe(observations);
    const before = store.changes('Patient');
    await rejects(store.update<Patient>({ resourceType: 'Patient', id: 'p1' }, { ifMatch: '1' }), 'version-conflict');
    expect(store.changes('Patient')).toBe(before); // a rejected write changes nothing
    await store.reset();
    expect(store.changes('Patient')).toBeGreaterThan(before);
    expect(store.changes('Observation')).toBe(observations);
  });
});

describe('concurrent writes', () => {
  it('commit together in arrival order; a failing one leaves the others alone', async () => {
    const p2 = store.read<Patient>('Patient', 'p2');
    const results = await Promise.allSettled([
      store.update({ ...p2, gender: 'other' }, { ifMatch: '1' }),
      store.update({ ...p2, gender: 'unknown' }, { ifMatch: '1' }),
      store.update({ ...p2, active: true }),
      store.create<Patient>({ resourceType: 'Patient', id: 'par1' }),
      store.create<Patient>({ resourceType: 'Patient', id: 'par1' }),
      store.delete('Patient', 'p3'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(((results[1] as PromiseRejectedResult).reason as StoreError).code).toBe('version-conflict');
    expect(((results[4] as PromiseRejectedResult).reason as StoreError).code).toBe('conflict');
    expect(store.history({ resourceType: 'Patient', id: 'p2' }).map((h) => h.versionId)).toEqual(['3', '2', '1']);
    expect(store.read<Patient>('Patient', 'p2')).toMatchObject({ active: true, meta: { versionId: '3' } });
    await rejects(() => store.read('Patient', 'p3'), 'gone');
  });

  it('keeps a reset between writes in its place', async () => {
    const [, , after] = await Promise.all([
      store.create<Patient>({ resourceType: 'Patient', id: 'before-reset' }),
      store.reset(),
      store.create<Patient>({ resourceType: 'Patient', id: 'after-reset' }),
    ]);
    expect(after.id).toBe('after-reset');
    await rejects(() => store.read('Patient', 'before-reset'), 'not-found');
    expect(store.read('Patient', 'after-reset').id).toBe('after-reset');
  });
});

describe('conditional writes', () => {
  const twin = (family: string): Patient => ({ resourceType: 'Patient', identifier: [{ system: 'urn:t', value: family }], name: [{ family }] });

  it('resolve criteria and write atomically: concurrent twins create once', async () => {
    const creates = await Promise.all(Array.from({ length: 20 }, () => store.conditionalCreate(twin('Twin'), params('identifier=urn:t|Twin'))));
    expect(creates.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(creates.map((r) => r.resource.id)).size).toBe(1);
    const updates = await Promise.all(Array.from({ length: 20 }, () => store.update(twin('Upd'), { criteria: params('identifier=urn:t|Upd') })));
    expect(updates.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(updates.map((r) => r.resource.id)).size).toBe(1);
    expect(store.history({ resourceType: 'Patient', id: updates[0].resource.id })).toHaveLength(20);
  });

  it('retarget placeholder references and create a repeated create of one transaction once', async () => {
    const existing = await store.create(twin('Known'));
    const results = await store.transaction([
      { method: 'POST', resource: { ...twin('Known'), id: 'placeholder-a' }, ifNoneExist: params('identifier=urn:t|Known') },
      { method: 'POST', resource: { ...twin('New'), id: 'placeholder-b' }, ifNoneExist: params('identifier=urn:t|New') },
      { method: 'POST', resource: { ...twin('New'), id: 'placeholder-c' }, ifNoneExist: params('identifier=urn:t|New') },
      { method: 'PUT', resource: twin('Cond'), criteria: params('identifier=urn:t|Cond'), placeholderId: 'placeholder-d' },
      {
        method: 'POST',
        resource: { resourceType: 'Observation', status: 'final', code: { text: 't' }, subject: { reference: 'Patient/placeholder-a' }, focus: [{ reference: 'Patient/placeholder-c' }, { reference: 'Patient/placeholder-d' }] } as Observation,
      },
    ]);
    expect(results.map((r) => r.created)).toEqual([false, true, false, true, true]);
    expect(results[0].resource?.id).toBe(existing.id);
    expect(results[1].resource?.id).toBe('placeholder-b');
    expect(results[2].resource?.id).toBe('placeholder-b');
    expect(results[3].resource?.id).toBe('placeholder-d');
    const obs = results[4].resource as Observation;
    expect(obs.subject?.reference).toBe(`Patient/${existing.id}`);
    expect(obs.focus?.map((f) => f.reference)).toEqual(['Patient/placeholder-b', 'Patient/placeholder-d']);
  });

  it('refuse ambiguous criteria and an id other than the match', async () => {
    await store.create(twin('Dup'));
    await store.create(twin('Dup'));
    await rejects(store.conditionalCreate(twin('Dup'), params('identifier=urn:t|Dup')), 'precondition-failed');
    await rejects(store.update(twin('Dup'), { criteria: params('identifier=urn:t|Dup') }), 'precondition-failed');
    await rejects(store.update({ ...twin('p1'), id: 'other' }, { criteria: params('_id=p1') }), 'invalid');
    await rejects(store.conditionalCreate(twin('x'), []), 'invalid');
  });
});

describe('history', () => {
  it('lists instance, type and system history newest first, with _since and paging', async () => {
    const p3 = structuredClone(store.read<Patient>('Patient', 'p3'));
    await store.update({ ...p3, gender: 'other' });
    await store.update({ ...p3, gender: 'unknown' });
    const created = await store.create<Observation>({ resourceType: 'Observation', status: 'final', code: { text: 'x' } });
    const instance = store.history({ resourceType: 'Patient', id: 'p3' });
    expect(instance.map((h) => h.versionId)).toEqual(['3', '2', '1']);
    expect(instance[0].method).toBe('PUT');
    expect(instance[2]).toMatchObject({ method: 'POST', lastUpdated: AS_OF });
    const type = store.history({ resourceType: 'Patient' });
    expect(type.slice(0, 2).map((h) => `${h.id}/${h.versionId}`)).toEqual(['p3/3', 'p3/2']);
    expect(type).toHaveLength(5);
    const system = store.history({});
    expect(system[0]).toMatchObject({ resourceType: 'Observation', id: created.id });
    expect(system).toHaveLength(fixtureResources().length + 3);
    const since = store.history({ since: '2026-01-02T00:00:00Z' });
    expect(since.map((h) => h.versionId)).toEqual(['1', '3', '2']);
    expect(store.history({ count: 2, offset: 1 }).map((h) => `${h.id}/${h.versionId}`)).toEqual(['p3/3', 'p3/2']);
    expect(() => store.history({ resourceType: 'Patient', id: 'nope' })).toThrow(StoreError);
  });
});

describe('transaction', () => {
  it('applies every operation', async () => {
    const results = await store.transaction([
      { method: 'POST', resource: { resourceType: 'Patient', id: 't1', name: [{ family: 'Trans' }] } as Patient },
      { method: 'PUT', resource: { resourceType: 'Patient', id: 't1', name: [{ family: 'Trans2' }] } as Patient },
      { method: 'DELETE', resourceType: 'Observation', id: 'o2' },
    ]);
    expect(results.map((r) => [r.method, r.resource?.meta?.versionId, r.created])).toEqual([
      ['POST', '1', true],
      ['PUT', '2', false],
      ['DELETE', undefined, undefined],
    ]);
    expect(familyIds('trans2')).toEqual(['t1']);
    await rejects(() => store.read('Observation', 'o2'), 'gone');
  });

  it('changes nothing when any operation fails', async () => {
    const before = { counts: store.counts(), history: store.history({}).length };
    await rejects(
      store.transaction([
        { method: 'POST', resource: { resourceType: 'Patient', id: 't2', name: [{ family: 'Atomic' }] } as Patient },
        { method: 'DELETE', resourceType: 'Observation', id: 'o1' },
        { method: 'PUT', resource: { resourceType: 'Patient', id: 'p1', active: false } as Patient, ifMatch: '9' },
      ]),
      'version-conflict',
    );
    expect(store.counts()).toEqual(before.counts);
    expect(store.history({}).length).toBe(before.history);
    await rejects(() => store.read('Patient', 't2'), 'not-found');
    expect(store.read('Observation', 'o1').id).toBe('o1');
    expect(familyIds('atomic')).toEqual([]);
  });
});

describe('index maintenance', () => {
  it('reflects writes in already built date, token, reference and quantity indexes', async () => {
    const q = (query: string) => store.search({ resourceType: 'Observation', params: params(query) }).matches.map((r) => r.id).sort();
    expect(q('date=2030')).toEqual([]);
    expect(q('code=new-code')).toEqual([]);
    expect(q('subject=Patient/p3')).toEqual([]);
    expect(q('value-quantity=99')).toEqual([]);
    expect(q('date=ge2025-01-01')).toEqual(['o1']);
    await store.create<Observation>({
      resourceType: 'Observation', id: 'n1', status: 'final', code: { coding: [{ code: 'new-code' }] },
      subject: { reference: 'Patient/p3' }, effectiveDateTime: '2030-05-05', valueQuantity: { value: 99 },
    });
    const o1 = structuredClone(store.read<Observation>('Observation', 'o1'));
    await store.update({ ...o1, effectiveDateTime: '2020-01-01' });
    expect(q('date=2030')).toEqual(['n1']);
    expect(q('date=ge2025-01-01')).toEqual(['n1']);
    expect(q('date=2020-01-01')).toEqual(['o1']);
    expect(q('code=new-code')).toEqual(['n1']);
    expect(q('subject=Patient/p3')).toEqual(['n1']);
    expect(q('value-quantity=99')).toEqual(['n1']);
    await store.delete('Observation', 'n1');
    expect(q('date=2030')).toEqual([]);
    expect(q('code=new-code')).toEqual([]);
    expect(q('value-quantity=gt50')).toEqual([]);
  });

  it('keeps built indexes right across many writes (dirty slots and rebuilds)', async () => {
    expect(familyIds('bulk')).toEqual([]);
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) ids.push((await store.create<Patient>({ resourceType: 'Patient', name: [{ family: `Bulk${i}` }], birthDate: '1999-01-01' })).id!);
    expect(familyIds('bulk').sort()).toEqual([...ids].sort());
    for (const id of ids.slice(0, 30)) await store.delete('Patient', id);
    expect(familyIds('bulk').sort()).toEqual(ids.slice(30).sort());
    const page = store.search({ resourceType: 'Patient', params: params('birthdate=1999&_count=100') });
    expect(page.total).toBe(30);
  });
});
