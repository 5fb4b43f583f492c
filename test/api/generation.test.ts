import { gunzipSync } from 'node:zlib';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../data-store/index.js';
import { createApp } from '../../server/app.js';
import { createJobRegistry, type JobRegistry } from '../../server/jobs/index.js';
import { createMemoryStorage } from '../../server/storage/index.js';
import { segmentsOf, parseWithNodeX12 } from '../edi/helpers.js';

// One app over a tiny served population; every request generates its own population from the request's seed.
let app: ReturnType<typeof createApp>;
let jobs: JobRegistry;
const config = { seed: 'api', patients: 3, asOf: '2026-01-01', historyYears: 2, includeAddress: true };

beforeAll(async () => {
  const store = await createStore({ base: () => [], baseLastUpdated: '2026-01-01T00:00:00Z' });
  jobs = createJobRegistry({ storage: createMemoryStorage(), timeoutMs: 30_000, retentionMs: 3_600_000, sweepEveryMs: 0 });
  app = createApp({ store, population: { config, generationSeconds: 0 }, version: 'test', jobs, settings: { maxRecordsPerRequest: 500 } });
});

const csvLines = (text: string): string[] => text.trim().split('\r\n');

describe('GET /api/v1/members/csv', () => {
  it('answers the CSV itself: members_num members, header first, same members for the same seed', async () => {
    const res = await request(app).get('/api/v1/members/csv?members_num=5&seed=s1').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csvLines(res.text);
    expect(lines[0]).toMatch(/^member_id,subscriber_id,/);
    expect(lines).toHaveLength(6);
    const again = await request(app).get('/api/v1/members/csv?members_num=5&seed=s1').expect(200);
    expect(again.text).toBe(res.text);
    const other = await request(app).get('/api/v1/members/csv?members_num=5&seed=s2').expect(200);
    expect(other.text).not.toBe(res.text);
  });

  it('answers the envelope to a client asking for JSON, with a download URL that serves the file', async () => {
    const res = await request(app).get('/api/v1/members/csv?record_count=3&include_metadata=true').set('Accept', 'application/json').expect(200);
    expect(res.body).toMatchObject({ success: true, data: { record_count: 3, format: 'csv' }, meta: { version: 'test' } });
    expect(res.body.meta.request_id).toMatch(/./);
    expect(res.body.data.metadata).toMatchObject({ seed: 'api', as_of: '2026-01-01' });
    const { pathname } = new URL(res.body.data.download_url as string);
    const file = await request(app).get(pathname).set('Accept-Encoding', 'identity').expect(200);
    expect(csvLines(file.text)).toHaveLength(4);
    expect(Number(file.headers['content-length'])).toBe(res.body.data.file_size_bytes);
  });

  it('refuses a bad parameter with the error envelope naming it, and starts nothing', async () => {
    const before = jobs.list().length;
    const res = await request(app).get('/api/v1/members/csv?members_num=501').expect(400);
    expect(res.body).toMatchObject({ success: false, error: { code: 'invalid_parameter', details: { parameter: 'members_num' } } });
    await request(app).get('/api/v1/members/csv?gender=robot').expect(400);
    await request(app).get('/api/v1/members/csv?state=ZZ').expect(400);
    expect(jobs.list().length).toBe(before);
  });
});

describe('member filters', () => {
  it('selects only members that pass gender, age, state and conditions', async () => {
    const res = await request(app)
      .post('/api/v1/members')
      .send({ record_count: 4, output_format: 'fhir', gender: 'female', age_range: '40-80', state: 'TX', conditions: 'diabetes' })
      .expect(200);
    const bundle = await request(app).get(new URL(res.body.data.download_url as string).pathname).expect(200);
    const body = JSON.parse(bundle.text as string) as { resourceType: string; entry: Array<{ resource: { resourceType: string; gender?: string; address?: Array<{ state: string }> } }> };
    expect(bundle.headers['content-type']).toMatch(/application\/fhir\+json/);
    const patients = body.entry.map((e) => e.resource).filter((r) => r.resourceType === 'Patient');
    expect(patients.length).toBeGreaterThan(0);
    for (const p of patients) {
      expect(p.gender).toBe('female');
      expect(p.address?.[0]?.state).toBe('TX');
    }
  });
});

describe('POST /api/v1/edi/claims', () => {
  it('makes an 837P whose claims carry the overriding codes', async () => {
    const res = await request(app).post('/api/v1/edi/claims').send({ claim_count: 3, claim_data: { diagnosis_code: 'E11.9', service_code: '99213' }, segments: 1 }).expect(200);
    expect(res.body.data).toMatchObject({ record_count: 3, format: 'edi' });
    const x12 = await request(app).get(new URL(res.body.data.download_url as string).pathname).buffer(true).parse((r, cb) => {
      let text = '';
      r.setEncoding('latin1');
      r.on('data', (c: string) => (text += c));
      r.on('end', () => cb(null, text));
    }).expect(200);
    const segments = segmentsOf(x12.body as string);
    const clms = segments.filter((s) => s[0] === 'CLM');
    expect(clms).toHaveLength(3);
    expect(segments.filter((s) => s[0] === 'HI').every((s) => s[1] === 'ABK:E119')).toBe(true);
    expect(segments.filter((s) => s[0] === 'SV1').every((s) => s[1]!.startsWith('HC:99213'))).toBe(true);
    expect(segments.filter((s) => s[0] === 'LX')).toHaveLength(3);
    expect(parseWithNodeX12(x12.body as string).length).toBeGreaterThan(0);
  });

  it('names an unknown code in a 400', async () => {
    const res = await request(app).post('/api/v1/edi/claims').send({ claim_count: 1, claim_data: { diagnosis_code: 'XYZ.1' } }).expect(400);
    expect(res.body.error).toMatchObject({ code: 'unknown_code', details: { parameter: 'claim_data.diagnosis_code', value: 'XYZ.1' } });
    const cpt = await request(app).post('/api/v1/edi/claims').send({ claim_data: { service_code: '00000' } }).expect(400);
    expect(cpt.body.error.message).toMatch(/00000/);
  });

  it('gzips on request', async () => {
    const res = await request(app).post('/api/v1/edi/claims?compress=gzip').send({ claim_count: 2, output_format: 'json' }).expect(200);
    const file = await request(app).get(new URL(res.body.data.download_url as string).pathname).buffer(true).parse((r, cb) => {
      const parts: Buffer[] = [];
      r.on('data', (c: Buffer) => parts.push(c));
      r.on('end', () => cb(null, Buffer.concat(parts)));
    }).expect(200);
    expect(file.headers['content-type']).toBe('application/gzip');
    const rows = JSON.parse(gunzipSync(file.body as Buffer).toString('utf8')) as Array<{ claim_id: string }>;
    expect(rows).toHaveLength(2);
  });
});
