import type { CapabilityStatement, Condition, Coverage, Group, OperationOutcome, Patient, Resource } from 'fhir/r4';
import { Client } from 'fhir-kit-client';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../data-store/index.js';
import type { Store } from '../../data-store/store.js';
import { DEFAULT_POPULATION_CONFIG, type PopulationConfig } from '../../population/config.js';
import { generatePopulation } from '../../population/generate.js';
import { createApp } from '../../server/app.js';
import { parseExportRequest } from '../../server/bulk/export-request.js';
import { writeBulkExport } from '../../server/bulk/export-writer.js';
import { createJobRegistry, type JobRegistry } from '../../server/jobs/index.js';
import { createMemoryStorage } from '../../server/storage/index.js';
import { listen } from '../fhir/fixture.js';

/**
 * FHIR Bulk Data export (https://hl7.org/fhir/uv/bulkdata/export.html) against the real app on a port, followed
 * the way a client does: kick-off, poll the Content-Location, read the manifest, download and parse every file.
 * (smart-on-fhir's bulk-data-client is not published on npm, so the flow is driven by fhir-kit-client and fetch.)
 */
const config: PopulationConfig = { ...DEFAULT_POPULATION_CONFIG, seed: 'bulk-tests', patients: 30, historyYears: 1 };
let store: Store;
let jobs: JobRegistry;
let server: Awaited<ReturnType<typeof listen>>;
let base: string;

beforeAll(async () => {
  const { resources } = generatePopulation(config);
  store = await createStore({ base: () => resources, baseLastUpdated: `${config.asOf}T00:00:00Z` });
  jobs = createJobRegistry({ storage: createMemoryStorage(), timeoutMs: 60_000, retentionMs: 3_600_000, sweepEveryMs: 0 });
  server = await listen(createApp({ store, jobs, population: { config, generationSeconds: 0 }, version: 'test' }));
  base = server.baseUrl;
});

afterAll(async () => {
  jobs?.close();
  await server?.close();
  await store?.close();
});

const ASYNC = { prefer: 'respond-async', accept: 'application/fhir+json' };

async function kickOff(path: string, headers: Record<string, string> = ASYNC): Promise<Response> {
  return fetch(`${base}/${path}`, { headers });
}

interface Manifest {
  transactionTime: string;
  request: string;
  requiresAccessToken: boolean;
  output: Array<{ type: string; url: string; count: number }>;
  error: Array<{ type: string; url: string; count: number }>;
}

/** Polls the status URL until it is no longer 202 (the job runs in this process, so a few turns suffice). */
async function poll(statusUrl: string): Promise<Response> {
  for (let i = 0; i < 500; i++) {
    const res = await fetch(statusUrl);
    if (res.status !== 202) return res;
    expect(res.headers.get('x-progress')).toBeTruthy();
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('export did not finish');
}

/** Downloads every file of the manifest, parses every line, and checks each file's count. */
async function download(manifest: Manifest, list: 'output' | 'error' = 'output'): Promise<Map<string, Resource[]>> {
  const out = new Map<string, Resource[]>();
  for (const item of manifest[list]) {
    const res = await fetch(item.url, { headers: { accept: 'application/fhir+ndjson' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/fhir+ndjson');
    const text = await res.text();
    expect(text.endsWith('\n')).toBe(true);
    const resources = text.slice(0, -1).split('\n').map((line) => JSON.parse(line) as Resource);
    expect(resources.length, item.url).toBe(item.count);
    for (const r of resources) expect(r.resourceType).toBe(item.type);
    out.set(item.type, [...(out.get(item.type) ?? []), ...resources]);
  }
  return out;
}

async function completed(kickOffResponse: Response): Promise<Manifest> {
  expect(kickOffResponse.status).toBe(202);
  const status = kickOffResponse.headers.get('content-location')!;
  expect(status).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/fhir\//);
  const res = await poll(status);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return (await res.json()) as Manifest;
}

describe('Bulk Data kick-off', () => {
  it.each([
    ['$export', 'Prefer', {}],
    ['$export?_outputFormat=application/json', '_outputFormat', ASYNC],
    ['$export?_since=2026-01-01', '_since', ASYNC],
    ['$export?_typeFilter=Patient%3Fgender%3Dfemale', '_typeFilter', ASYNC],
    ['$export?_elements=id', '_elements', ASYNC],
    ['Patient/$export?_type=Organization', '_type', ASYNC],
    ['$export?_type=Nonsense', '_type', ASYNC],
  ])('refuses %s with a 400 OperationOutcome naming %s', async (path, expression, headers) => {
    const res = await kickOff(path, headers as Record<string, string>);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    const outcome = (await res.json()) as OperationOutcome;
    expect(outcome.resourceType).toBe('OperationOutcome');
    expect(outcome.issue[0].expression).toEqual([expression]);
  });

  it('answers 404 for an unknown Group and 405 for a POST kick-off', async () => {
    expect((await kickOff('Group/no-such-group/$export')).status).toBe(404);
    expect((await fetch(`${base}/$export`, { method: 'POST', headers: ASYNC })).status).toBe(405);
  });

  it('declares the operations in the CapabilityStatement and instantiates the Bulk Data one', async () => {
    const cs = (await (await fetch(`${base}/metadata`)).json()) as CapabilityStatement;
    expect(cs.instantiates).toContain('http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data');
    expect(cs.rest![0].operation).toContainEqual({ name: 'export', definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export' });
    const op = (type: string) => cs.rest![0].resource!.find((r) => r.type === type)!.operation!.find((o) => o.name === 'export')!.definition;
    expect(op('Patient')).toBe('http://hl7.org/fhir/uv/bulkdata/OperationDefinition/patient-export');
    expect(op('Group')).toBe('http://hl7.org/fhir/uv/bulkdata/OperationDefinition/group-export');
    const openapi = (await (await fetch(base.replace(/\/fhir$/, '/api/openapi.json'))).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/fhir/$export', '/fhir/Patient/$export', '/fhir/Group/{id}/$export', '/fhir/$export-poll-status/{job}', '/fhir/$export-file/{job}/{name}']));
  });
});

describe('Bulk Data export', () => {
  it('exports a Group\'s members\' compartments (kick-off by fhir-kit-client), 202 with progress while queued', async () => {
    const group = store.read<Group>('Group', 'grp-hypertension');
    const members = new Set(group.member!.map((m) => m.entity.reference!));
    expect(members.size).toBeGreaterThan(1);
    // Hold the registry's one slot so the export is seen queued (202, X-Progress, Retry-After) first.
    let release = (): void => undefined;
    const blocker = jobs.create('test-blocker', () => new Promise<void>((resolve) => (release = resolve)));
    const client = new Client({ baseUrl: base });
    const accepted = await client.operation({ name: '$export', resourceType: 'Group', id: group.id!, method: 'GET', input: { _type: 'Patient,Coverage,Condition' }, options: { headers: { prefer: 'respond-async' } } });
    const statusUrl = Client.httpFor(accepted).response!.headers.get('content-location')!;
    const queued = await fetch(statusUrl);
    expect(queued.status).toBe(202);
    expect(queued.headers.get('x-progress')).toBe('queued');
    expect(queued.headers.get('retry-after')).toBe('1');
    release();
    await jobs.wait(blocker.id);
    const res = await poll(statusUrl);
    const manifest = (await res.json()) as Manifest;
    expect(manifest).toMatchObject({ requiresAccessToken: false, error: [] });
    expect(decodeURIComponent(manifest.request)).toBe(`${base}/Group/${group.id}/$export?_type=Patient,Coverage,Condition`);
    expect(Date.parse(manifest.transactionTime)).toBeGreaterThan(0);
    expect(manifest.output.map((o) => o.type).sort()).toEqual(['Condition', 'Coverage', 'Patient']);
    const files = await download(manifest);
    expect(new Set(files.get('Patient')!.map((p) => `Patient/${p.id}`))).toEqual(members);
    for (const c of files.get('Condition') as Condition[]) expect(members.has(c.subject.reference!)).toBe(true);
    const coverages = files.get('Coverage') as Coverage[];
    expect(new Set(coverages.map((c) => c.id)).size).toBe(coverages.length);
    for (const c of coverages) expect([c.beneficiary, c.subscriber, c.policyHolder].some((r) => members.has(r?.reference ?? ''))).toBe(true);
  });

  it('exports every patient\'s compartment at Patient level, each shared resource once', async () => {
    const manifest = await completed(await kickOff('Patient/$export?_type=Patient,Coverage&_outputFormat=application/fhir%2Bndjson'));
    const files = await download(manifest);
    expect(files.get('Patient')!.length).toBe(store.counts().Patient);
    const coverages = files.get('Coverage')!;
    expect(coverages.length).toBe(store.counts().Coverage);
    expect(new Set(coverages.map((c) => c.id)).size).toBe(coverages.length);
  });

  it('exports the store as it is now at system level, client writes included, and honours _since', async () => {
    const created = await store.create<Patient>({ resourceType: 'Patient', name: [{ family: 'Bulkwritten', given: ['Ada'] }], gender: 'female' });
    const all = await completed(await kickOff('$export?_type=Patient,Group&_outputFormat=application/fhir+ndjson'));
    const files = await download(all);
    expect(files.get('Patient')!.length).toBe(store.counts().Patient);
    expect(files.get('Patient')!.map((p) => p.id)).toContain(created.id);
    expect(files.get('Group')!.length).toBe(store.counts().Group);
    const since = encodeURIComponent(`${config.asOf}T00:00:00Z`);
    const recent = await download(await completed(await kickOff(`$export?_since=${since}`)));
    expect([...recent.keys()]).toEqual(['Patient']);
    expect(recent.get('Patient')!.map((p) => p.id)).toEqual([created.id]);
  });

  it('under Prefer: handling=lenient ignores an unsupported parameter and says so in the error file', async () => {
    const manifest = await completed(await kickOff('$export?_type=Organization&_typeFilter=Organization%3Fname%3Dx', { prefer: 'respond-async, handling=lenient' }));
    expect(manifest.output.map((o) => o.type)).toEqual(['Organization']);
    const errors = await download(manifest, 'error');
    const outcome = errors.get('OperationOutcome')![0] as OperationOutcome;
    expect(outcome.issue[0]).toMatchObject({ severity: 'warning', expression: ['_typeFilter'] });
  });

  it('cancels on DELETE of the status URL: 202, then the status and the files answer 404', async () => {
    const manifestUrl = (await kickOff('$export?_type=Observation')).headers.get('content-location')!;
    const done = await poll(manifestUrl);
    const fileUrl = ((await done.json()) as Manifest).output[0].url;
    expect((await fetch(manifestUrl, { method: 'DELETE' })).status).toBe(202);
    const after = await fetch(manifestUrl);
    expect(after.status).toBe(404);
    expect(((await after.json()) as OperationOutcome).resourceType).toBe('OperationOutcome');
    expect((await fetch(fileUrl)).status).toBe(404);
    expect((await fetch(manifestUrl, { method: 'DELETE' })).status).toBe(404);
  });

  it('lists a group member that does not exist in the error file and exports the others', async () => {
    const someone = [...store.all<Patient>('Patient')][0];
    const group = await store.create<Group>({ resourceType: 'Group', type: 'person', actual: true, member: [{ entity: { reference: `Patient/${someone.id}` } }, { entity: { reference: 'Patient/nobody-here' } }] });
    const manifest = await completed(await kickOff(`Group/${group.id}/$export?_type=Patient`));
    expect((await download(manifest)).get('Patient')!.map((p) => p.id)).toEqual([someone.id]);
    const outcome = (await download(manifest, 'error')).get('OperationOutcome')![0] as OperationOutcome;
    expect(outcome.issue[0].details?.text).toContain('Patient/nobody-here');
  });
});

describe('writeBulkExport', () => {
  it('writes the store as it was at transactionTime: later updates, deletions and creations do not show', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdg-bulk-test-'));
    try {
      const [coverage, other] = [...store.all<Coverage>('Coverage')];
      const countThen = store.counts().Coverage;
      const before = new Date(Date.now() - 1).toISOString();
      await store.update<Coverage>({ ...coverage, status: 'cancelled' });
      await store.delete('Coverage', other.id!);
      await store.create<Coverage>({ ...other, id: undefined });
      const request = parseExportRequest({ kind: 'system' }, [['_type', 'Coverage']], 'respond-async', 'http://x/fhir/$export?_type=Coverage');
      const { counts } = await writeBulkExport(store, request, dir, { transactionTime: before });
      expect(counts).toEqual({ Coverage: countThen });
      const written = readFileSync(join(dir, 'Coverage.ndjson'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Coverage);
      expect(written.find((c) => c.id === coverage.id)).toMatchObject({ status: coverage.status, meta: { versionId: '1' } });
      expect(written.find((c) => c.id === other.id)).toMatchObject({ meta: { versionId: '1' } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
