import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Patient } from 'fhir/r4';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStore, StoreError, type CreateStoreOptions } from '../../data-store/index.js';
import { WRITE_LOG_FILE } from '../../data-store/overlay.js';
import { scanLog } from '../../data-store/write-log/read-log.js';
import { backend, freshWrites, loggedWrites } from './backend.js';
import { fixtureResources, params } from './fixtures.js';

// Runs against the embedded store's file log and, in the postgres project, the PostgreSQL table (vitest.config.ts).
let dataDir: string;
let writes: Pick<CreateStoreOptions, 'dataDir' | 'databaseUrl'>;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'cdg-store-'));
  writes = await freshWrites(dataDir);
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const open = () => createStore({ base: fixtureResources, ...writes, baseLastUpdated: '2026-01-01T00:00:00Z' });

/** The versions the persisted log holds after its last reset. */
const logged = async () => (writes.databaseUrl ? loggedWrites(writes.databaseUrl) : (await scanLog(join(dataDir, WRITE_LOG_FILE))).entries);

describe('write log overlay', () => {
  it('brings back every acknowledged write after a restart with the same base', async () => {
    const a = await open();
    const created = await a.create<Patient>({ resourceType: 'Patient', name: [{ family: 'Persisted' }] });
    const p1 = structuredClone(a.read<Patient>('Patient', 'p1'));
    await a.update({ ...p1, gender: 'other' });
    await a.delete('Observation', 'o1');
    await a.transaction([{ method: 'PUT', resource: { resourceType: 'Patient', id: 'tx', name: [{ family: 'Tx' }] } as Patient }]);
    await a.close();

    const b = await open();
    expect(b.read<Patient>('Patient', created.id!).name![0].family).toBe('Persisted');
    expect(b.read<Patient>('Patient', 'p1')).toMatchObject({ gender: 'other', meta: { versionId: '2' } });
    expect(b.vread<Patient>('Patient', 'p1', '1').gender).toBe('female');
    expect(() => b.read('Observation', 'o1')).toThrow(StoreError);
    expect(b.search({ resourceType: 'Patient', params: params('family=persisted') }).total).toBe(1);
    expect(b.search({ resourceType: 'Patient', params: params('gender=other') }).matches.map((r) => r.id)).toEqual(['p1']);
    expect(b.history({ resourceType: 'Patient', id: 'p1' }).map((h) => h.versionId)).toEqual(['2', '1']);
    expect(b.counts()).toMatchObject({ Patient: 5, Observation: 2 });
    // the next version continues after a restart
    expect((await b.update({ ...p1, gender: 'male' })).resource.meta?.versionId).toBe('3');
    await b.close();
  });

  it('keeps only client writes on disk, every record intact after each write, without a leftover temp file', async () => {
    const s = await open();
    for (let i = 0; i < 5; i++) {
      await s.create<Patient>({ resourceType: 'Patient', id: `w${i}`, name: [{ family: `W${i}` }] });
      expect(await logged()).toHaveLength(i + 1);
      if (backend === 'embedded') expect((await readFile(join(dataDir, WRITE_LOG_FILE), 'utf8')).endsWith('\n')).toBe(true);
    }
    // concurrent writes are serialised and all persisted
    await Promise.all(Array.from({ length: 10 }, (_, i) => s.create<Patient>({ resourceType: 'Patient', id: `c${i}` })));
    const writes = await logged();
    expect(writes).toHaveLength(15);
    expect(writes.some((w) => w.id === 'p1')).toBe(false);
    expect((await readdir(dataDir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    await s.close();
  });

  it('reset drops the overlay in memory and on disk', async () => {
    const a = await open();
    await a.create<Patient>({ resourceType: 'Patient', id: 'gone-after-reset', name: [{ family: 'Temp' }] });
    await a.update({ ...structuredClone(a.read<Patient>('Patient', 'p2')), gender: 'other' });
    await a.delete('Patient', 'p3');
    expect(a.search({ resourceType: 'Patient', params: params('gender=other') }).total).toBe(1);
    await a.reset();
    expect(() => a.read('Patient', 'gone-after-reset')).toThrow(StoreError);
    expect(a.read<Patient>('Patient', 'p2')).toMatchObject({ gender: 'male', meta: { versionId: '1' } });
    expect(a.read('Patient', 'p3').id).toBe('p3');
    expect(a.search({ resourceType: 'Patient', params: params('gender=other') }).total).toBe(0);
    expect(a.search({ resourceType: 'Patient', params: params('family=temp') }).total).toBe(0);
    expect(a.counts()).toEqual((await createStore({ base: fixtureResources })).counts());
    expect(a.history({}).every((h) => h.versionId === '1')).toBe(true);
    await a.close();
    const b = await open();
    expect(() => b.read('Patient', 'gone-after-reset')).toThrow(StoreError);
    expect(await logged()).toEqual([]);
    await b.close();
  });

  it.runIf(backend === 'embedded')('stays memory-only without a dataDir', async () => {
    const a = await createStore({ base: fixtureResources });
    await a.create<Patient>({ resourceType: 'Patient', id: 'mem' });
    await a.close();
    const b = await createStore({ base: fixtureResources });
    expect(() => b.read('Patient', 'mem')).toThrow(StoreError);
    expect(await readdir(dataDir)).toEqual([]);
  });
});
