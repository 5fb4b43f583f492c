import type { Resource } from 'fhir/r4';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../data-store/index.js';
import { DEFAULT_POPULATION_CONFIG } from '../../population/config.js';
import { generatePopulation } from '../../population/generate.js';
import { createApp } from '../../server/app.js';
import { ADMIN_AUTH, ADMIN_TOKEN } from './fixture.js';

const config = { ...DEFAULT_POPULATION_CONFIG, seed: 'fhir-persist', patients: 5, historyYears: 1 };
let resources: Resource[];
let dataDir: string;

beforeAll(async () => {
  ({ resources } = generatePopulation(config));
  dataDir = await mkdtemp(join(tmpdir(), 'cdg-fhir-'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function boot() {
  const store = await createStore({ base: () => resources, dataDir, baseLastUpdated: `${config.asOf}T00:00:00Z` });
  return { store, app: createApp({ store, population: { config, generationSeconds: 0 }, version: 'test', settings: { adminToken: ADMIN_TOKEN } }) };
}

describe('writes over FHIR survive a restart', () => {
  it('finds a created and an updated resource after the store is reopened, until /admin/reset', async () => {
    const first = await boot();
    const created = await request(first.app).post('/fhir/Patient').set('Content-Type', 'application/fhir+json')
      .send({ resourceType: 'Patient', identifier: [{ system: 'urn:test:persist', value: 'p1' }] }).expect(201);
    const base = resources.find((r) => r.resourceType === 'Patient')!;
    await request(first.app).put(`/fhir/Patient/${base.id}`).set('Content-Type', 'application/fhir+json').send({ ...base, active: false }).expect(200);
    await first.store.close();

    const second = await boot();
    await request(second.app).get(`/fhir/Patient/${created.body.id}`).expect(200);
    const search = await request(second.app).get('/fhir/Patient?identifier=urn:test:persist|p1').expect(200);
    expect(search.body.total).toBe(1);
    const updated = await request(second.app).get(`/fhir/Patient/${base.id}`).expect(200);
    expect(updated.body.active).toBe(false);
    expect(updated.headers.etag).toBe('W/"2"');

    await request(second.app).post('/admin/reset').set('Authorization', ADMIN_AUTH).expect(200);
    await request(second.app).get(`/fhir/Patient/${created.body.id}`).expect(404);
    expect((await request(second.app).get(`/fhir/Patient/${base.id}`).expect(200)).headers.etag).toBe('W/"1"');
    await second.store.close();
  });
});
