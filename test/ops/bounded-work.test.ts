import type { Resource } from 'fhir/r4';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../data-store/index.js';
import { WRITE_LOG_FILE } from '../../data-store/overlay.js';
import { encodeRecord, LOG_HEADER } from '../../data-store/write-log/records.js';
import { createLogger } from '../../server/ops/logger.js';
import { startServer, type RunningServer } from '../../server/start.js';
import type { Blockage } from './loop-blockage.js';
import { whileServing } from './while-serving.js';

/**
 * Issue 11: no request freezes the server. Each heavy input is sent to the real server on a port; while it is being
 * processed, the event loop of the process the server runs in is watched (loop-blockage.ts) and /health is polled.
 * The longest step that held the loop must stay under BOUND_MS (the issue's 200 ms for /health) and /health must
 * keep answering.
 *
 * The hold is measured as CPU time of the main thread, not as /health's elapsed latency: on a loaded 2-core CI
 * runner a /health poll with nothing else running took up to 250 ms (the thread waited for a CPU), so elapsed time
 * needs a bound so generous it says little. A step that holds the loop burns this thread's CPU for as long as it
 * holds it, however busy the machine, so the bound can be the issue's own, and still fails on the old behaviour
 * (these inputs held the loop for 7 s, 10 s or forever; the 20 MB Bundle's deep copy alone, 200-300 ms).
 */
const BOUND_MS = 200;
const tmp = mkdtempSync(join(tmpdir(), 'cdg-bounded-'));
const quiet = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
let running: RunningServer;
let base: string;

beforeAll(async () => {
  running = await startServer(
    { host: '127.0.0.1', port: 0, sftpEnabled: false, patients: 20, threads: 1, dataDir: join(tmp, 'data'), validationTimeoutMs: 120_000 },
    { logger: quiet },
  );
  base = `${running.url}/fhir`;
  // The first validation compiles the R4 schema on the worker: not part of what is measured.
  await fetch(`${base}/Patient/$validate`, { method: 'POST', headers: { 'Content-Type': 'application/fhir+json' }, body: '{"resourceType":"Patient"}' });
}, 120_000);
afterAll(async () => {
  await running?.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** Answers from this size on are not parsed by the test client (see send). */
const LARGE_ANSWER = 20 * 1024 * 1024;

interface Answer {
  status: number;
  /** The parsed JSON body, when smaller than LARGE_ANSWER. */
  body: unknown;
  /** Bytes received, the first 64 of them as text, and the Content-Length header. */
  size: number;
  head: string;
  length?: string;
}

interface Measured extends Answer {
  /** Elapsed time of each /health answer (logged, not asserted: it also counts time spent waiting for a CPU). */
  latencies: number[];
  blockage: Blockage;
}

/**
 * One request by node:http, which writes the body buffer as it is (fetch copies a 20 MB body on this same event
 * loop, which would be counted against the server).
 */
function send(path: string, method: string, body?: Buffer, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const length = body ? { 'Content-Type': 'application/fhir+json', 'Content-Length': String(body.length) } : {};
    const req = httpRequest(`${base}/${path}`, { method, headers: { ...length, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        chunks.push(c);
        size += c.length;
      });
      res.on('end', () => {
        const head = chunks.length ? chunks[0].subarray(0, 64).toString('utf8') : '';
        // A large answer is neither joined nor parsed: doing either here, on the server's own event loop (a 59 MB
        // join is ~200 ms on this machine), would count against the server.
        const parsed = size < LARGE_ANSWER ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown) : undefined;
        resolve({ status: res.statusCode ?? 0, body: parsed, size, head, length: res.headers['content-length'] });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Sends the heavy request, watching the event loop and polling /health until it is answered (at least 3 polls). */
async function whileProcessing(path: string, request: { method?: string; body?: Buffer; headers?: Record<string, string> } = {}): Promise<Measured> {
  const { result, latencies, blockage } = await whileServing(running.url, () => send(path, request.method ?? 'GET', request.body, request.headers));
  return { ...result, latencies, blockage };
}

function expectOutcome(body: unknown): { issue: Array<{ code: string; details?: { text?: string } }> } {
  expect(body).toMatchObject({ resourceType: 'OperationOutcome' });
  const issues = (body as { issue: unknown[] }).issue;
  expect(issues.length).toBeGreaterThan(0);
  expect(issues.length).toBeLessThanOrEqual(101);
  return body as { issue: Array<{ code: string; details?: { text?: string } }> };
}

function expectResponsive(m: Measured, label: string, bound = BOUND_MS): void {
  expect(m.latencies.length).toBeGreaterThanOrEqual(3);
  expect(m.blockage.ticks).toBeGreaterThan(0);
  const worst = Math.max(...m.latencies);
  console.log(
    `${label}: event loop held at most ${m.blockage.maxMs.toFixed(0)} ms (${m.blockage.clock} time, bound ${bound} ms; longest GC pause ${m.blockage.gcMaxMs.toFixed(0)} ms); ` +
      `${m.latencies.length} /health answers, slowest ${worst.toFixed(0)} ms elapsed; heavy answered ${m.status}`,
  );
  expect(m.blockage.maxMs, `${label}: the event loop was held for ${m.blockage.maxMs.toFixed(0)} ms`).toBeLessThan(bound);
}

const json = (body: unknown, method = 'POST', headers: Record<string, string> = {}) => ({
  method,
  headers,
  // Encoded before the watch starts: the client's own work is not what is measured.
  body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
});

function nestedContained(depth: number): unknown {
  let resource: Record<string, unknown> = { resourceType: 'Patient' };
  for (let i = 1; i < depth; i++) resource = { resourceType: 'Patient', contained: [resource] };
  return resource;
}

describe('requests node refuses before any handler', () => {
  it('answers a 20 KB query string with 431 and an OperationOutcome (was an empty body)', async () => {
    const res = await fetch(`${base}/Patient?name=${'x'.repeat(20_000)}`);
    expect(res.status).toBe(431);
    expect(res.headers.get('content-type')).toContain('application/fhir+json');
    const body = expectOutcome(await res.json());
    expect(body.issue[0].code).toBe('too-long');
    expect(body.issue[0].details?.text).toContain('_search');
  });
});

describe('heavy requests never freeze the server', () => {
  /** POSTs a Patient that must be refused (400/422 with an OperationOutcome) while /health stays answered. */
  async function refusedPatient(patient: unknown, label: string): Promise<void> {
    const before = running.store.counts().Patient;
    const m = await whileProcessing('Patient', json(patient));
    expectResponsive(m, label);
    expect([400, 422]).toContain(m.status);
    expectOutcome(m.body);
    expect(running.store.counts().Patient).toBe(before);
  }

  it('nested contained resources (depth 4): refused, nothing stored', async () => {
    await refusedPatient(nestedContained(4), 'nested contained');
  }, 150_000);

  it('10,000 non-resource objects in contained: refused, nothing stored', async () => {
    const contained = Array.from({ length: 10_000 }, (_, i) => ({ name: `n${i}` }));
    await refusedPatient({ resourceType: 'Patient', contained }, '10,000 contained');
  }, 150_000);

  it("PUT Bundle/x with HL7's 20.8 MB Bundle-dataelements.json: validated, stored durably and acknowledged", async () => {
    const file = readFileSync(new URL('../../node_modules/hl7.fhir.r4.examples/Bundle-dataelements.json', import.meta.url), 'utf8');
    expect(file.length).toBeGreaterThan(20_000_000);
    const body = file.replace('"id" : "dataelements"', '"id" : "x"');
    expect(body).not.toBe(file);
    const entries = (JSON.parse(body) as { entry: unknown[] }).entry.length;
    const m = await whileProcessing('Bundle/x', json(body, 'PUT', { Prefer: 'return=OperationOutcome' }));
    expectResponsive(m, 'Bundle-dataelements');
    expectOutcome(m.body);
    expect(m.status).toBe(201);
    expect(running.store.read<{ resourceType: 'Bundle'; entry?: unknown[] }>('Bundle', 'x').entry).toHaveLength(entries);
  }, 180_000);

  it('a search with 1,000 OR values, after writes', async () => {
    // Writes after the index is built leave its snapshot dirty: that is what made ORs cost values squared (10 s).
    await fetch(`${base}/Observation?subject=warm-up`);
    const observations = [...running.store.all('Observation')].slice(0, 1500);
    expect(observations.length).toBeGreaterThan(100);
    await running.store.transaction(observations.map((o) => ({ method: 'PUT' as const, resource: structuredClone(o) })));
    const values = Array.from({ length: 1000 }, (_, i) => `p${i}`).join(',');
    const m = await whileProcessing(`Observation?subject=${values}`);
    expectResponsive(m, '1,000 OR values');
    expect(m.status).toBe(200);
    expect(m.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 0 });
  }, 150_000);

  it('a batch of 3,001 bad entries: every entry refused with a small outcome, nothing stored', async () => {
    const before = running.store.counts().Patient;
    const entry = Array.from({ length: 3001 }, (_, i) => ({
      resource: { resourceType: 'Patient', gender: `bad${i}`, name: [{ given: [i] }], birthDate: 'yesterday' },
      request: { method: 'POST', url: 'Patient' },
    }));
    const m = await whileProcessing('', json({ resourceType: 'Bundle', type: 'batch', entry }));
    expectResponsive(m, '3,001 bad batch entries');
    expect(m.status).toBe(200);
    const entries = (m.body as { entry: Array<{ response: { status: string; outcome?: unknown } }> }).entry;
    expect(entries).toHaveLength(3001);
    for (const e of entries) {
      expect(e.response.status).toMatch(/^4\d\d/);
      expectOutcome(e.response.outcome);
    }
    expect(running.store.counts().Patient).toBe(before);
  }, 180_000);

  it('a transaction of 3,001 bad entries: refused as a whole, nothing stored', async () => {
    const before = running.store.counts().Patient;
    const entry = Array.from({ length: 3001 }, (_, i) => ({
      resource: { resourceType: 'Patient', gender: `bad${i}` },
      request: { method: 'POST', url: 'Patient' },
    }));
    const m = await whileProcessing('', json({ resourceType: 'Bundle', type: 'transaction', entry }));
    expectResponsive(m, '3,001 bad transaction entries');
    expect([400, 422]).toContain(m.status);
    expectOutcome(m.body);
    expect(running.store.counts().Patient).toBe(before);
  }, 150_000);
});

/**
 * A DocumentReference of about 5 MB in 40,000 small elements: what makes one JSON.stringify or JSON.parse call long
 * is the number of values, not their bytes (a 5 MB base64 string is one value). The elements are shared (frozen)
 * between the copies, which the store keeps as they are given.
 */
const BIG_ELEMENTS = Array.from({ length: 40_000 }, (_, k) => ({ url: `urn:test:big:${k}`, valueString: `value ${k} ${'x'.repeat(90)}` }));
function bigDocument(patientId: string, n: number): Resource {
  return {
    resourceType: 'DocumentReference',
    identifier: [{ system: 'urn:test:big', value: `big-${n}` }],
    status: 'current',
    subject: { reference: `Patient/${patientId}` },
    content: [{ attachment: { contentType: 'text/plain', title: `big ${n}` } }],
    extension: BIG_ELEMENTS,
  } as Resource;
}

describe('answers of megabytes never freeze the server', () => {
  let patientId: string;
  beforeAll(async () => {
    patientId = [...running.store.all('Patient')][0].id!;
    // Loading the FHIRPath engine and building the index searched (before the documents exist) are not measured.
    await fetch(`${base}/DocumentReference?identifier=urn:test:big|warm-up`);
    for (let n = 0; n < 10; n++) await running.store.create(bigDocument(patientId, n));
  }, 120_000);

  /** GETs a page holding the ten big documents; the answer's first bytes. */
  async function bigPage(path: string, label: string): Promise<string> {
    const m = await whileProcessing(path);
    expectResponsive(m, label);
    expect(m.status).toBe(200);
    expect(m.size).toBeGreaterThan(10 * 5_000_000);
    expect(m.length).toBe(String(m.size));
    expect(m.head).toMatch(/^\{\s*"resourceType": ?"Bundle"/);
    return m.head;
  }

  it('a search page of ten 5 MB resources', async () => {
    await bigPage('DocumentReference?identifier=urn:test:big|&_count=10', 'search page of 10 x 5 MB');
  }, 120_000);

  it('a history page of ten 5 MB resources', async () => {
    await bigPage('DocumentReference/_history?_count=10', 'history page of 10 x 5 MB');
  }, 120_000);

  it("a patient's $everything page holding ten 5 MB resources", async () => {
    await bigPage(`Patient/${patientId}/$everything?_type=DocumentReference&_count=100`, '$everything page with 10 x 5 MB');
  }, 120_000);

  it('_pretty=true on a search page of ten 5 MB resources', async () => {
    const head = await bigPage('DocumentReference?identifier=urn:test:big|&_count=10&_pretty=true', '_pretty search page of 10 x 5 MB');
    expect(head).toMatch(/^\{\n {2}"resourceType": "Bundle",\n/);
  }, 120_000);
});

describe('replaying a write log of megabytes never freezes the server', () => {
  it('opening a store whose log holds a 25 MB record (the server listens while it replays)', async () => {
    const dataDir = join(tmp, 'replay');
    // 25 MB in 750,000 small elements: JSON.parse and freezing of it are each one long step when done whole. The
    // log is written as the store writes it (records.ts), without a store's sliced encoding, which costs seconds.
    const extension = Array.from({ length: 750_000 }, (_, k) => ({ url: 'urn:u', valueInteger: k }));
    const resource = { ...bigDocument('replayed', 0), id: 'huge', meta: { versionId: '1', lastUpdated: '2026-01-01T00:00:00Z' }, extension };
    const entry = { resourceType: 'DocumentReference', id: 'huge', versionId: '1', lastUpdated: '2026-01-01T00:00:00Z', method: 'POST', resource };
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, WRITE_LOG_FILE), Buffer.concat([encodeRecord(LOG_HEADER), encodeRecord({ ops: [{ put: [entry] }] })]));
    expect(statSync(join(dataDir, WRITE_LOG_FILE)).size).toBeGreaterThan(25_000_000);
    const m = await whileServing(running.url, () => createStore({ base: () => [], dataDir }));
    expectResponsive({ ...m, status: 0, body: undefined, size: 0, head: '' }, 'replay of a 25 MB record');
    expect(m.result.counts()).toEqual({ DocumentReference: 1 });
    await m.result.close();
  }, 120_000);
});

/**
 * A record of 20,000 members: $everything used to re-run each compartment search from offset 0 for every 1,000
 * results and walk every member for references in one step (140-170 ms held on the dev machine, 230 ms at 30,000:
 * it grows with the record). Worked out in slices now (about 15 ms whatever the size), so it is held to the issue's
 * ~100 ms for heavy work rather than BOUND_MS. So is the first search after the writes: it built each index it uses
 * over every Observation in one step (135 ms for the six below on the dev machine, growing with the table); they are
 * now built in slices before the search runs, and a snapshot made stale by writes is rebuilt in slices meanwhile.
 */
const EVERYTHING_BOUND_MS = 100;
describe("a patient's $everything of 20,000 members never freezes the server", () => {
  const MEMBERS = 20_000;
  let patientId: string;
  beforeAll(async () => {
    patientId = [...running.store.all('Patient')][1].id!;
    const observation = (i: number): Resource =>
      ({ resourceType: 'Observation', status: 'final', code: { text: `member ${i}` }, subject: { reference: `Patient/${patientId}` } }) as Resource;
    // Written through the store in one transaction: HTTP writes of 20,000 resources would cost far more.
    await running.store.transaction(Array.from({ length: MEMBERS }, (_, i) => ({ method: 'POST' as const, resource: observation(i) })));
  }, 120_000);

  it('the first searches after the writes answer while /health keeps answering (indexes built in slices)', async () => {
    // Indexes searched nowhere else here: the first search builds all six over every Observation. `subject` (what
    // $everything reads) was built earlier in a run of the whole file: the writes made its snapshot stale.
    for (const params of ['patient=Patient/ID&code:text=member&status=final&date:missing=true&encounter:missing=true&performer:missing=true', 'subject=Patient/ID']) {
      const m = await whileProcessing(`Observation?${params.replace('ID', patientId)}&_count=1&_total=accurate`);
      expectResponsive(m, `first search after 20,000 writes: ${params}`, EVERYTHING_BOUND_MS);
      expect(m.status).toBe(200);
      expect((m.body as { total: number }).total).toBeGreaterThanOrEqual(MEMBERS);
    }
  }, 120_000);

  it('a first conditional create searching them answers while /health keeps answering (its indexes built in slices)', async () => {
    // Parameters searched nowhere else here: its If-None-Exist search builds each index over every Observation. It
    // did so in one step inside the write queue; now they are built in slices before the write queues.
    const criteria = ['identifier=urn:test:none|x', 'category=x', 'combo-code=x', 'component-code=x', 'method=x', 'value-concept=x', 'combo-value-concept=x',
      'data-absent-reason=x', 'combo-data-absent-reason=x', 'value-string=x', 'value-quantity=1', 'value-date=2020', 'focus=Patient/x', 'has-member=Observation/x'];
    const m = await whileProcessing('Observation', json({ resourceType: 'Observation', status: 'final', code: { text: 'conditional' } }, 'POST', { 'If-None-Exist': criteria.join('&') }));
    expectResponsive(m, 'first conditional create after 20,000 writes', EVERYTHING_BOUND_MS);
    expect(m.status).toBe(201);
  }, 120_000);

  it('its first page and the next (as of the first) each answer while /health keeps answering', async () => {
    const first = await whileProcessing(`Patient/${patientId}/$everything?_count=1000`);
    expectResponsive(first, '$everything of 20,000 members, first page', EVERYTHING_BOUND_MS);
    expect(first.status).toBe(200);
    const bundle = first.body as { total: number; entry: unknown[]; link: Array<{ relation: string; url: string }> };
    expect(bundle.total).toBeGreaterThan(MEMBERS);
    expect(bundle.entry).toHaveLength(1000);
    const next = bundle.link.find((l) => l.relation === 'next')!.url;
    const second = await whileProcessing(next.slice(next.indexOf('/fhir/') + '/fhir/'.length));
    expectResponsive(second, '$everything of 20,000 members, next page', EVERYTHING_BOUND_MS);
    expect(second.status).toBe(200);
    expect((second.body as { total: number }).total).toBe(bundle.total);
  }, 120_000);
});
