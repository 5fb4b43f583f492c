import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../data-store/index.js';
import type { Store } from '../../data-store/store.js';
import { DEFAULT_POPULATION_CONFIG, type PopulationConfig } from '../../population/config.js';
import { generatePopulation } from '../../population/generate.js';
import { createApp } from '../../server/app.js';
import { isLoopback, resolveAdminToken } from '../../server/ops/admin-guard.js';

const config: PopulationConfig = { ...DEFAULT_POPULATION_CONFIG, seed: 'admin-tests', patients: 3, historyYears: 1 };
const TOKEN = 'admin-test-token';
let store: Store;

beforeAll(async () => {
  const { resources } = generatePopulation(config);
  store = await createStore({ base: () => resources, baseLastUpdated: `${config.asOf}T00:00:00Z` });
});

const app = (settings: { adminToken?: string; host?: string }) => createApp({ store, population: { config, generationSeconds: 0 }, version: 'test', settings });

/** Creates a client write, so a reset that got through would be visible. */
async function withClientWrite(a: ReturnType<typeof app>): Promise<string> {
  const res = await request(a).post('/fhir/Patient').set('Content-Type', 'application/fhir+json').send({ resourceType: 'Patient', name: [{ family: 'Kept' }] }).expect(201);
  return res.body.id as string;
}

describe('/admin/* needs the bearer token and refuses cross-site requests', () => {
  it('refuses a simple cross-site POST /admin/reset (text/plain, foreign Origin) and keeps client writes', async () => {
    const a = app({ adminToken: TOKEN });
    const id = await withClientWrite(a);
    const res = await request(a).post('/admin/reset').set('Content-Type', 'text/plain').set('Origin', 'https://evil.example').send('x').expect(403);
    expect(res.body.resourceType).toBe('OperationOutcome');
    expect(res.body.issue[0].details.text).toMatch(/cross-site/i);
    const fetchMeta = await request(a).post('/admin/reset').set('Sec-Fetch-Site', 'cross-site').set('Authorization', `Bearer ${TOKEN}`).expect(403);
    expect(fetchMeta.body.resourceType).toBe('OperationOutcome');
    // A foreign page that somehow knows the token is still refused.
    await request(a).post('/admin/reset').set('Origin', 'https://evil.example').set('Authorization', `Bearer ${TOKEN}`).expect(403);
    await request(a).get(`/fhir/Patient/${id}`).expect(200);
  });

  it('answers 401 without or with a wrong token, and runs with the right one', async () => {
    const a = app({ adminToken: TOKEN });
    const id = await withClientWrite(a);
    const missing = await request(a).post('/admin/reset').expect(401);
    expect(missing.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(missing.body.resourceType).toBe('OperationOutcome');
    await request(a).post('/admin/reset').set('Authorization', 'Bearer wrong').expect(401);
    await request(a).get('/admin/population').set('Authorization', `Basic ${TOKEN}`).expect(401);
    await request(a).get(`/fhir/Patient/${id}`).expect(200);
    // Same-origin browser requests (and non-browser ones) with the token are served.
    const base = 'http://127.0.0.1';
    await request(a).get('/admin/population').set('Authorization', `Bearer ${TOKEN}`).set('Sec-Fetch-Site', 'same-origin').expect(200);
    const host = await request(a).get('/admin/population').set('Authorization', `Bearer ${TOKEN}`).set('Host', '127.0.0.1').set('Origin', base).expect(200);
    expect(host.body.counts.Patient).toBeGreaterThan(0);
    await request(a).post('/admin/reset').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    await request(a).get(`/fhir/Patient/${id}`).expect(404);
  });

  it('is disabled with a reason when there is no token (beyond loopback), and /metrics-style routes stay open', async () => {
    const a = app({ host: '0.0.0.0' });
    const res = await request(a).post('/admin/reset').set('Authorization', 'Bearer anything').expect(403);
    expect(res.body.issue[0].details.text).toContain('0.0.0.0');
    expect(res.body.issue[0].details.text).toContain('ADMIN_TOKEN');
    await request(a).get('/health').expect(200);
  });

  it('resolves the token: ADMIN_TOKEN, else generated on loopback, else none', () => {
    expect(resolveAdminToken({ adminToken: 'given', host: '0.0.0.0' })).toEqual({ token: 'given', generated: false });
    const generated = resolveAdminToken({ adminToken: '', host: '127.0.0.1' });
    expect(generated.generated).toBe(true);
    expect(generated.token.length).toBeGreaterThanOrEqual(32);
    expect(resolveAdminToken({ adminToken: '', host: '127.0.0.1' }).token).not.toBe(generated.token);
    expect(resolveAdminToken({ adminToken: '', host: '0.0.0.0' })).toEqual({ token: '', generated: false });
    expect(['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '::', '10.0.0.1', '192.168.1.2', 'example.com'].some(isLoopback)).toBe(false);
  });

  it('documents the bearer scheme on every /admin operation in the OpenAPI document', async () => {
    const doc = (await request(app({})).get('/api/openapi.json').expect(200)).body;
    expect(doc.components.securitySchemes.adminToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    const ops = Object.entries(doc.paths as Record<string, Record<string, { security?: unknown }>>).filter(([p]) => p.startsWith('/admin/'));
    expect(ops.length).toBeGreaterThanOrEqual(3);
    for (const [, methods] of ops) for (const op of Object.values(methods)) expect(op.security).toEqual([{ adminToken: [] }]);
  });
});
