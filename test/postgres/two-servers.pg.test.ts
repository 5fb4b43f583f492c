import type { Patient } from 'fhir/r4';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, StoreUnavailableError, type Store } from '../../data-store/index.js';
import { DEFAULT_POPULATION_CONFIG, type PopulationConfig } from '../../population/config.js';
import { generatePopulation } from '../../population/generate.js';
import { createApp } from '../../server/app.js';
import { createDatabase, dropDatabase, testDatabase } from '../data-store/backend.js';
import { ADMIN_AUTH, ADMIN_TOKEN, listen } from '../fhir/fixture.js';

// Several servers behind a load balancer on one PostgreSQL database (STORE=postgres): each regenerates the base
// from the seed and follows the others' writes.
const FHIR = 'application/fhir+json';
const config: PopulationConfig = { ...DEFAULT_POPULATION_CONFIG, seed: 'pg-servers', patients: 3, historyYears: 1 };

interface Server {
  store: Store;
  /** FHIR base URL. */
  fhir: string;
  /** Server root (admin routes). */
  root: string;
  close(): Promise<void>;
}

let databaseUrl: string;
const running: Server[] = [];

/** One server as `cdg serve` builds it: its own generated base, its own store over the shared database, its own port. */
async function startServer(): Promise<Server> {
  const { resources } = generatePopulation(config);
  const store = await createStore({ base: () => resources, baseLastUpdated: `${config.asOf}T00:00:00Z`, databaseUrl, population: { ...config } });
  const app = createApp({ store, population: { config, generationSeconds: 0 }, version: 'test', settings: { adminToken: ADMIN_TOKEN } });
  const { baseUrl, close } = await listen(app);
  const server: Server = {
    store,
    fhir: baseUrl,
    root: baseUrl.replace(/\/fhir$/, ''),
    close: async () => {
      running.splice(running.indexOf(server), 1);
      await close();
      await store.close();
    },
  };
  running.push(server);
  return server;
}

let a: Server;
let b: Server;
beforeAll(async () => {
  databaseUrl = await testDatabase();
  [a, b] = [await startServer(), await startServer()];
});
afterAll(async () => {
  for (const server of [...running]) await server.close();
});

const patient = (value: string, family = 'Shared'): Patient => ({ resourceType: 'Patient', identifier: [{ system: 'urn:test:pg', value }], name: [{ family }] });

describe('two servers on one database', () => {
  it('see each other\'s writes on the next request', async () => {
    const created = await request(a.fhir).post('/Patient').set('Content-Type', FHIR).send(patient('seen')).expect(201);
    const id = (created.body as Patient).id!;
    expect((await request(b.fhir).get(`/Patient/${id}`).expect(200)).body).toEqual(created.body);
    expect((await request(b.fhir).get('/Patient?identifier=urn:test:pg|seen').expect(200)).body.total).toBe(1);

    const updated = await request(b.fhir).put(`/Patient/${id}`).set('Content-Type', FHIR).set('If-Match', 'W/"1"').send({ ...patient('seen', 'Updated'), id }).expect(200);
    expect(updated.body.meta.versionId).toBe('2');
    // A stale If-Match on the other server is a conflict: it decided against the latest version.
    await request(a.fhir).put(`/Patient/${id}`).set('Content-Type', FHIR).set('If-Match', 'W/"1"').send({ ...patient('seen'), id }).expect(412);
    expect((await request(a.fhir).get(`/Patient/${id}`).expect(200)).body.name[0].family).toBe('Updated');
    expect((await request(a.fhir).get(`/Patient/${id}/_history`).expect(200)).body.total).toBe(2);

    await request(a.fhir).delete(`/Patient/${id}`).expect((r) => expect([200, 204]).toContain(r.status));
    await request(b.fhir).get(`/Patient/${id}`).expect(410);
  });

  it('create one resource from 50 concurrent conditional creates spread over both', async () => {
    const N = 50;
    const value = 'race';
    const responses = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        request((i % 2 ? a : b).fhir).post('/Patient').set('Content-Type', FHIR).set('If-None-Exist', `identifier=urn:test:pg|${value}`).send(patient(value)),
      ),
    );
    expect(responses).toHaveLength(N);
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 200)).toHaveLength(N - 1);
    const ids = new Set(responses.map((r) => (r.body as Patient).id));
    expect(ids.size).toBe(1);
    for (const server of [a, b]) {
      const found = await request(server.fhir).get(`/Patient?identifier=urn:test:pg|${value}`).expect(200);
      expect(found.body.total).toBe(1);
      expect(found.body.entry[0].resource.id).toBe([...ids][0]);
    }
  });

  it('keep every write across a restart of a server (the population survives a redeploy)', async () => {
    const before = a.store.counts();
    const history = a.store.historyCount({});
    const written = await request(a.fhir).post('/Patient').set('Content-Type', FHIR).send(patient('redeploy')).expect(201);
    await a.close();
    a = await startServer();
    expect(a.store.counts()).toEqual({ ...before, Patient: before.Patient + 1 });
    expect(a.store.historyCount({})).toBe(history + 1);
    expect((await request(a.fhir).get(`/Patient/${(written.body as Patient).id!}`).expect(200)).body).toEqual(written.body);
  });

  it('refuse a server that would generate another base population', async () => {
    const other = { ...config, patients: 4 };
    const opening = createStore({ base: () => generatePopulation(other).resources, databaseUrl, population: { ...other } });
    await expect(opening).rejects.toThrow(StoreUnavailableError);
    await expect(opening).rejects.toThrow(/holds the writes of another population \(patients 4 here, 3 there\): start every server on it with the same population settings/);
  });

  it('reset on one server resets every server', async () => {
    await request(b.fhir).post('/Patient').set('Content-Type', FHIR).send(patient('before-reset')).expect(201);
    expect((await request(a.fhir).get('/Patient?identifier=urn:test:pg|before-reset').expect(200)).body.total).toBe(1);
    await request(a.root).post('/admin/reset').set('Authorization', ADMIN_AUTH).expect(200);
    const generated = generatePopulation(config).resources.filter((r) => r.resourceType === 'Patient').length;
    for (const server of [a, b]) {
      const all = await request(server.fhir).get('/Patient?_summary=count').expect(200);
      expect(all.body.total).toBe(generated);
    }
    const again = await request(b.fhir).post('/Patient').set('Content-Type', FHIR).send(patient('after-reset')).expect(201);
    expect((await request(a.fhir).get(`/Patient/${(again.body as Patient).id!}`).expect(200)).body.meta.versionId).toBe('1');
  });
});

describe('a server whose database is gone', () => {
  it('answers 503 with an OperationOutcome instead of stale data, and stays live', async () => {
    const own = await createDatabase();
    const { resources } = generatePopulation(config);
    const store = await createStore({ base: () => resources, baseLastUpdated: `${config.asOf}T00:00:00Z`, databaseUrl: own });
    const app = createApp({ store, population: { config, generationSeconds: 0 }, version: 'test' });
    await request(app).get('/fhir/Patient?_count=1').expect(200);
    await dropDatabase(own);
    const refused = await request(app).get('/fhir/Patient?_count=1').expect(503);
    expect(refused.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'transient' }] });
    await request(app).get('/health/live').expect(200);
    await store.close();
  });
});
