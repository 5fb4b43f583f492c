import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { parquetReadObjects } from 'hyparquet';
import protobuf from 'protobufjs';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../data-store/index.js';
import { createApp } from '../../server/app.js';
import { CLAIMS } from '../../server/api/datasets/claims.js';
import { MEMBERS } from '../../server/api/datasets/members.js';
import { VACCINES } from '../../server/api/datasets/vaccines.js';
import { createJobRegistry, type JobRegistry } from '../../server/jobs/index.js';
import { createMemoryStorage } from '../../server/storage/index.js';
import { validateDocument } from '../../edi/validate-document.js';
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

describe('GET /api/v1/members/edi', () => {
  it('answers the 834 itself, one INS loop per member', async () => {
    const res = await request(app).get('/api/v1/members/edi?members_num=3').set('Accept-Encoding', 'identity').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/edi-x12/);
    const segments = segmentsOf(res.text);
    expect(segments.find((s) => s[0] === 'ST')?.[1]).toBe('834');
    expect(segments.filter((s) => s[0] === 'INS')).toHaveLength(3);
    expect(validateDocument(res.text).ok).toBe(true);
  });

  it('fails a request that outlives GENERATION_TIMEOUT_SECONDS with 503 and keeps nothing', async () => {
    const store = await createStore({ base: () => [], baseLastUpdated: '2026-01-01T00:00:00Z' });
    const quick = createJobRegistry({ storage: createMemoryStorage(), timeoutMs: 1, retentionMs: 3_600_000, sweepEveryMs: 0 });
    const impatient = createApp({ store, population: { config, generationSeconds: 0 }, version: 'test', jobs: quick });
    const res = await request(impatient).post('/api/v1/edi/claims').send({ claim_count: 200 }).expect(503);
    expect(res.body.error.code).toBe('generation_timeout');
    expect(await quick.storage.list()).toEqual([]);
    quick.close();
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
    const resources = body.entry.map((e) => e.resource as { resourceType: string; id?: string; payor?: Array<{ reference: string }> });
    const ids = new Set(resources.map((r) => `${r.resourceType}/${r.id}`));
    expect(ids.size).toBe(resources.length);
    const latestPayors = resources.filter((r) => r.resourceType === 'Coverage').map((c) => c.payor![0]!.reference);
    expect(latestPayors.some((ref) => ids.has(ref))).toBe(true);
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
    expect(validateDocument(x12.body as string)).toMatchObject({ ok: true });
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

/** A stored file's bytes, fetched through its download URL. */
async function download(url: string): Promise<Buffer> {
  const res = await request(app).get(new URL(url).pathname).set('Accept-Encoding', 'identity').buffer(true).parse((r, cb) => {
    const parts: Buffer[] = [];
    r.on('data', (c: Buffer) => parts.push(c));
    r.on('end', () => cb(null, Buffer.concat(parts)));
  }).expect(200);
  return res.body as Buffer;
}

describe('binary formats', () => {
  it('protobuf: a length-delimited stream that protobufjs decodes with proto/cdg.proto', async () => {
    const res = await request(app).get('/api/v1/members?record_count=4&output_format=protobuf').expect(200);
    const bytes = await download(res.body.data.download_url as string);
    const root = await protobuf.load(fileURLToPath(new URL('../../proto/cdg.proto', import.meta.url)));
    const Member = root.lookupType('cdg.v1.Member');
    const reader = protobuf.Reader.create(bytes);
    const members: Array<Record<string, unknown>> = [];
    while (reader.pos < reader.len) members.push(Member.toObject(Member.decodeDelimited(reader)));
    expect(members).toHaveLength(4);
    const csv = csvLines((await request(app).get('/api/v1/members/csv?members_num=4').expect(200)).text);
    expect(csv[1]!.startsWith(`${String(members[0]!.memberId)},`)).toBe(true);
  });

  it('parquet: claims that hyparquet reads back with their types', async () => {
    const res = await request(app).post('/api/v1/edi/claims').send({ claim_count: 3, output_format: 'parquet' }).expect(200);
    const bytes = await download(res.body.data.download_url as string);
    const file = new Uint8Array(bytes).buffer;
    const rows = await parquetReadObjects({ file });
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({ claim_type: 'professional' });
    expect(typeof rows[0]!.total_charge).toBe('number');
    expect(rows[0]!.diagnosis_code).toMatch(/^[A-Z]\d/);
  });

  it('every dataset column is a field of its .proto message with the same type', async () => {
    const root = await protobuf.load(fileURLToPath(new URL('../../proto/cdg.proto', import.meta.url)));
    const datasets = [MEMBERS, CLAIMS, VACCINES] as const;
    for (const d of datasets) {
      const fields = root.lookupType(d.message).fields;
      expect(d.columns.length).toBeGreaterThan(0);
      const camel = (s: string): string => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
      for (const c of d.columns) expect(fields[camel(c.name)]?.type, `${d.message}.${c.name}`).toBe(c.type);
    }
  });
});

describe('vaccines, reports, eligibility', () => {
  it('POST /vaccines: Moderna doses as Immunizations with CVX 207, MVX MOD and dose numbers', async () => {
    const res = await request(app).post('/api/v1/vaccines').send({ entries: 4, vaccine_type: 'Moderna', output_format: 'json' }).expect(200);
    const rows = JSON.parse((await download(res.body.data.download_url as string)).toString('utf8')) as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.cvx_code === '207' && r.mvx_code === 'MOD')).toBe(true);
    expect(rows.map((r) => r.dose_number)).toEqual([1, 2, 1, 2]);
    const janssen = await request(app).post('/api/v1/vaccines').send({ entries: 2, vaccine_type: 'janssen', dose_number: 1 }).expect(200);
    const bundle = JSON.parse((await download(janssen.body.data.download_url as string)).toString('utf8')) as { entry: Array<{ resource: { vaccineCode: { coding: Array<{ code: string }> }; protocolApplied: Array<{ doseNumberPositiveInt: number }> } }> };
    expect(bundle.entry).toHaveLength(2);
    expect(bundle.entry[0]!.resource.vaccineCode.coding[0]!.code).toBe('212');
    await request(app).post('/api/v1/vaccines').send({ vaccine_type: 'Sputnik' }).expect(400);
  });

  it('POST /fhir/diagnostic-reports: reports with the Observations they point to', async () => {
    const res = await request(app).post('/api/v1/fhir/diagnostic-reports').send({ record_count: 2, output_format: 'ndjson' }).expect(200);
    const lines = (await download(res.body.data.download_url as string)).toString('utf8').trim().split('\n').map((l) => JSON.parse(l) as { resourceType: string; id: string; result?: Array<{ reference: string }> });
    const reports = lines.filter((r) => r.resourceType === 'DiagnosticReport');
    expect(reports).toHaveLength(2);
    const ids = new Set(lines.map((r) => `${r.resourceType}/${r.id}`));
    for (const ref of reports.flatMap((r) => r.result ?? [])) expect(ids.has(ref.reference)).toBe(true);
  });

  it('POST /eligibility: a 270 and the 271 this server answers, one inquiry and one answer per member', async () => {
    const res = await request(app).post('/api/v1/eligibility').send({ record_count: 3 }).expect(200);
    expect(res.body.data.files).toHaveLength(2);
    const [inquiry, answer] = await Promise.all((res.body.data.files as Array<{ download_url: string }>).map(async (f) => (await download(f.download_url)).toString('latin1')));
    const q = segmentsOf(inquiry!);
    const a = segmentsOf(answer!);
    expect(validateDocument(inquiry!)).toMatchObject({ ok: true });
    expect(validateDocument(answer!)).toMatchObject({ ok: true });
    expect(q.find((s) => s[0] === 'ST')?.[1]).toBe('270');
    expect(a.find((s) => s[0] === 'ST')?.[1]).toBe('271');
    expect(q.filter((s) => s[0] === 'TRN')).toHaveLength(3);
    expect(a.filter((s) => s[0] === 'TRN').map((s) => s[2])).toEqual(expect.arrayContaining(q.filter((s) => s[0] === 'TRN').map((s) => s[2])));
    expect(a.filter((s) => s[0] === 'EB').length).toBeGreaterThan(0);
    expect(a.some((s) => s[0] === 'AAA')).toBe(false);
  });
});

describe('jobs', () => {
  // The one test of the worker thread that background jobs run on (slow under vitest: the worker compiles the sources).
  it('runs an async request as a job on a worker: 202, then state, counts, and files listed and downloadable', async () => {
    const res = await request(app).get('/api/v1/members?record_count=5&output_format=ndjson').set('Prefer', 'respond-async').expect(202);
    expect(res.headers.location).toBe(`/api/v1/jobs/${res.body.data.id}`);
    expect(['queued', 'running']).toContain(res.body.data.state);
    await jobs.wait(res.body.data.id as string);
    const status = await request(app).get(res.headers.location!).expect(200);
    expect(status.body.data).toMatchObject({ state: 'completed', percent: 100, counts: { records: 5 } });
    const files = await request(app).get('/api/v1/files').expect(200);
    const file = (files.body.data as Array<{ job_id: string; download_url: string }>).find((f) => f.job_id === res.body.data.id);
    const lines = (await download(file!.download_url)).toString('utf8').trim().split('\n');
    expect(lines.filter((l) => l.includes('"resourceType":"Patient"'))).toHaveLength(5);
    await request(app).get('/api/v1/jobs/no-such-job').expect(404);
  });

  it('DELETE cancels a job and removes its files', async () => {
    const res = await request(app).post('/api/v1/edi/claims').send({ claim_count: 2 }).expect(200);
    const id = res.body.data.id as string;
    const file = (await request(app).get(`/api/v1/jobs/${id}`)).body.data.files[0] as { download_url: string };
    const del = await request(app).delete(`/api/v1/jobs/${id}`).expect(200);
    expect(del.body.data.state).toBe('cancelled');
    await request(app).get(new URL(file.download_url).pathname).expect(404);
  });
});
