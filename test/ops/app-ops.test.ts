import { Writable } from 'node:stream';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../data-store/index.js';
import type { Store } from '../../data-store/store.js';
import { DEFAULT_POPULATION_CONFIG, type PopulationConfig } from '../../population/config.js';
import { generatePopulation } from '../../population/generate.js';
import { createApp } from '../../server/app.js';
import { createLogger } from '../../server/ops/logger.js';
import { createMetrics } from '../../server/ops/metrics.js';

const ADMIN_TOKEN = 'ops-admin-token';
const ADMIN_AUTH = `Bearer ${ADMIN_TOKEN}`;
const config: PopulationConfig = { ...DEFAULT_POPULATION_CONFIG, seed: 'ops-tests', patients: 20, historyYears: 1 };
let store: Store;
const logLines: Array<Record<string, unknown>> = [];
const sink = new Writable({
  write(chunk, _enc, done) {
    for (const line of String(chunk).split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
    done();
  },
});

beforeAll(async () => {
  const { resources } = generatePopulation(config);
  store = await createStore({ base: () => resources, baseLastUpdated: `${config.asOf}T00:00:00Z` });
});

function app(settings: Parameters<typeof createApp>[0]['settings'] = {}) {
  return createApp({
    store,
    population: { config, generationSeconds: 1.25 },
    version: '9.9.9-test',
    settings: { adminToken: ADMIN_TOKEN, ...settings },
    logger: createLogger({ level: 'info', destination: sink }),
    metrics: createMetrics({ defaultMetrics: false }),
  });
}

describe('health', () => {
  it.each(['/health', '/health/live', '/health/ready'])('%s answers 200 with version, seed, patients and as-of', async (path) => {
    const res = await request(app()).get(path).expect(200);
    expect(res.body).toMatchObject({ version: '9.9.9-test', seed: 'ops-tests', patients: 20, asOf: config.asOf, ready: true });
  });
});

describe('metrics', () => {
  it('exposes request counts and latency by route and status, population size and generation time', async () => {
    const a = app();
    await request(a).get('/fhir/Patient/pt-000001').expect(200);
    await request(a).get('/fhir/Patient/does-not-exist').expect(404);
    const res = await request(a).get('/metrics').expect(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.text).toMatch(/cdg_http_requests_total\{method="GET",route="\/fhir\/Patient\/:id",status="200"\} 1/);
    expect(res.text).toMatch(/cdg_http_requests_total\{method="GET",route="\/fhir\/Patient\/:id",status="404"\} 1/);
    expect(res.text).toContain('cdg_http_request_duration_seconds_bucket');
    expect(res.text).toMatch(/cdg_population_patients 20/);
    expect(res.text).toMatch(/cdg_population_generation_seconds 1.25/);
    expect(res.text).toMatch(/cdg_population_resources\{type="Patient"\} 20/);
  });
});

describe('X12 metrics', () => {
  it('counts documents emitted, and inbound documents accepted or rejected, by type', async () => {
    const a = app();
    await request(a).get('/edi/834').expect(200);
    await request(a).get('/edi/837?type=I').expect(200);
    await request(a).post('/edi/270').set('Content-Type', 'application/edi-x12').send('not x12 at all').expect(200);
    const res = await request(a).get('/metrics').expect(200);
    expect(res.text).toMatch(/cdg_x12_documents_total\{type="834",direction="outbound",result="emitted"\} 1/);
    expect(res.text).toMatch(/cdg_x12_documents_total\{type="837I",direction="outbound",result="emitted"\} 1/);
    expect(res.text).toMatch(/cdg_x12_documents_total\{type="270",direction="inbound",result="rejected"\} 1/);
    expect(res.text).toMatch(/cdg_x12_documents_total\{type="TA1",direction="outbound",result="emitted"\} 1/);
  });
});

describe('request logs', () => {
  it('writes one JSON line per request with the request id, honouring X-Request-Id, and no query values', async () => {
    logLines.length = 0;
    const res = await request(app()).get('/fhir/Patient?family=Secretname').set('X-Request-Id', 'abc-123').expect(200);
    expect(res.headers['x-request-id']).toBe('abc-123');
    const line = logLines.find((l) => l.reqId === 'abc-123');
    expect(line).toMatchObject({ method: 'GET', route: '/fhir/Patient', status: 200, level: 30 });
    expect(JSON.stringify(logLines)).not.toContain('Secretname');
  });

  it('generates a request id when none (or a malformed one) is sent', async () => {
    const res = await request(app()).get('/health').set('X-Request-Id', 'bad id with spaces').expect(200);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('protection', () => {
  it('sets security headers on FHIR and admin responses', async () => {
    for (const path of ['/fhir/metadata', '/admin/population']) {
      const res = await request(app()).get(path).set('Authorization', ADMIN_AUTH).expect(200);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toBeDefined();
    }
  });

  it('gives API answers the OWASP API header set and the HTML docs helmet\'s browser set', async () => {
    const api = await request(app()).get('/fhir/Patient/pt-000001').expect(200);
    expect(api.headers['x-frame-options']).toBe('DENY');
    expect(api.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    const page = await request(app()).get('/api/docs/').expect(200);
    expect(page.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(page.headers['content-security-policy']).toContain("script-src 'self' 'unsafe-inline'");
  });

  it('answers CORS preflight for configured origins only', async () => {
    const a = app({ corsOrigins: ['http://ehr.test'] });
    const ok = await request(a).options('/fhir/Patient').set('Origin', 'http://ehr.test').set('Access-Control-Request-Method', 'GET');
    expect(ok.status).toBe(204);
    expect(ok.headers['access-control-allow-origin']).toBe('http://ehr.test');
    const other = await request(a).get('/fhir/metadata').set('Origin', 'http://evil.test');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('rate-limits per client with 429, Retry-After and an OperationOutcome when enabled', async () => {
    const a = app({ rateLimitEnabled: true, rateLimitWindowMs: 60_000, rateLimitMax: 3 });
    for (let i = 0; i < 3; i++) await request(a).get('/fhir/Patient/pt-000001').expect(200);
    const res = await request(a).get('/fhir/Patient/pt-000001').expect(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(JSON.parse(res.text)).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'throttled' }] });
    await request(a).get('/health').expect(200);
  });

  it('does not rate-limit when disabled (the default)', async () => {
    const a = app();
    for (let i = 0; i < 5; i++) await request(a).get('/health/live').expect(200);
    for (let i = 0; i < 5; i++) await request(a).get('/fhir/Patient/pt-000001').expect(200);
  });

  it('refuses bodies over the configured limit with 413', async () => {
    const a = app({ bodyLimit: '1kb' });
    const big = JSON.stringify({ resourceType: 'Patient', name: [{ family: 'x'.repeat(4000) }] });
    const res = await request(a).post('/fhir/Patient').set('Content-Type', 'application/fhir+json').send(big);
    expect(res.status).toBe(413);
    expect(res.body.resourceType).toBe('OperationOutcome');
  });
});

describe('admin API and its OpenAPI document', () => {
  it('serves an OpenAPI 3 document listing the admin, health and EDI endpoints', async () => {
    const res = await request(app()).get('/api/openapi.json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    for (const path of ['/admin/reset', '/admin/publish', '/admin/population', '/health/ready', '/metrics', '/edi/834', '/edi/270', '/api/v1/members/csv', '/api/v1/edi/claims', '/api/v1/jobs/{id}', '/api/v1/files']) {
      expect(res.body.paths).toHaveProperty([path]);
    }
  });

  it('serves Swagger UI from bundled assets', async () => {
    const a = app();
    const page = await request(a).get('/api/docs/').expect(200);
    expect(page.text).toContain('swagger-ui');
    await request(a).get('/api/docs/swagger-ui-bundle.js').expect(200);
  });

  it('summarises the population', async () => {
    const res = await request(app()).get('/admin/population').set('Authorization', ADMIN_AUTH).expect(200);
    expect(res.body.config.seed).toBe('ops-tests');
    expect(res.body.counts.Patient).toBe(20);
  });

  it('POST /admin/publish is 503 when SFTP is disabled', async () => {
    const res = await request(app()).post('/admin/publish').set('Authorization', ADMIN_AUTH).expect(503);
    expect(res.body.resourceType).toBe('OperationOutcome');
  });
});
