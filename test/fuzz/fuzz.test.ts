import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Resource } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../data-store/store.js';
import { resourceTypes } from '../../server/fhir/resource-types.js';
import { build270 } from '../edi/helpers.js';
import { fhirFixture, listen } from '../fhir/fixture.js';
import { Gen, encode, prng } from './generators.js';

/**
 * Seeded fuzzing of the real server over a port: mutated official examples, random JSON, JSON Patches, Bundles,
 * search queries, and damaged X12 270/837 bodies built from what the server emits. Every answer must come in time,
 * be below 500, and be an OperationOutcome (FHIR) or carry a TA1/999 (X12) when it is an error; a rejected write
 * changes nothing; /health keeps answering. Reproduce a case with FUZZ_SEED and FUZZ_CASES; `npm run fuzz` runs long.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 11);
const CASES = Number(process.env.FUZZ_CASES ?? (process.env.FUZZ_LONG ? 20_000 : 1_500));
const TIMEOUT_MS = 15_000;
const FHIR = 'application/fhir+json';

const EXAMPLES_DIR = dirname(createRequire(import.meta.url).resolve('hl7.fhir.r4.examples/package.json'));

/**
 * The types whose official examples seed mutation: the clinical and payer core this server is about. Each type's
 * validator is compiled on its first use (start.ts warms up the stored types); a bounded set keeps warm-up short.
 */
const TYPES = ['Patient', 'Observation', 'Organization', 'Practitioner', 'PractitionerRole', 'Encounter', 'Condition', 'Procedure', 'MedicationRequest', 'Medication',
  'Coverage', 'Claim', 'ClaimResponse', 'ExplanationOfBenefit', 'AllergyIntolerance', 'Immunization', 'DiagnosticReport', 'Location', 'CarePlan', 'Goal', 'ServiceRequest',
  'Appointment', 'Account', 'RiskAssessment', 'QuestionnaireResponse', 'Device', 'DocumentReference', 'Provenance'];

/** Small official examples of those types: the seeds of mutation. */
function seedExamples(): Resource[] {
  const served = new Set(resourceTypes().filter((t) => TYPES.includes(t)));
  const out: Resource[] = [];
  for (const file of readdirSync(EXAMPLES_DIR).sort()) {
    if (!file.endsWith('.json') || file === 'package.json' || statSync(join(EXAMPLES_DIR, file)).size > 6_000) continue;
    const r = JSON.parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8')) as Resource;
    if (served.has(r.resourceType) && typeof r.id === 'string' && !r.resourceType.startsWith('Bundle')) out.push(r);
  }
  return out;
}

interface Case {
  kind: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body?: string;
  contentType?: string;
  x12?: boolean;
  write?: boolean;
}

let base: string;
let origin: string;
let close: () => Promise<void>;
let store: Store;
let examples: Resource[];
let patientId: string;
const x12Seeds: Array<{ path: string; body: string }> = [];

beforeAll(async () => {
  const fixture = await fhirFixture(4);
  store = fixture.store;
  ({ baseUrl: base, close } = await listen(fixture.app));
  origin = base.replace(/\/fhir$/, '');
  examples = seedExamples();
  patientId = [...store.all('Patient')][0].id!;
  // Compile each type's validator before timing answers, as start-up does for the types it stores.
  for (const type of new Set(examples.map((e) => e.resourceType))) {
    await fetch(`${base}/${type}/$validate`, { method: 'POST', headers: { 'content-type': FHIR }, body: JSON.stringify(examples.find((e) => e.resourceType === type)) });
  }
  const claims = await (await fetch(`${origin}/edi/837?type=P`)).text();
  x12Seeds.push({ path: '/edi/837', body: claims });
  x12Seeds.push({ path: '/edi/270', body: build270([{ payerId: 'EVG01', memberId: 'M000000001', last: 'DOE', first: 'JANE', birthDate: '1980-01-01', trace: 'T1' }]) });
  x12Seeds.push({ path: '/edi/837', body: await (await fetch(`${origin}/edi/834`)).text() });
});
afterAll(() => close?.());

/** Case `i` of the run: a pure function of (SEED, i). */
function makeCase(i: number): Case {
  const g = new Gen(prng(SEED * 1_000_003 + i));
  const example = g.pick(examples);
  const type = g.chance(0.9) ? example.resourceType : g.pick(['Patient', 'Observation', 'Nope', 'patient', '$validate', '_history', 'Bundle']);
  switch (g.int(9)) {
    case 0:
      return { kind: 'put-example', method: 'PUT', path: `/fhir/${type}/${example.id}`, body: JSON.stringify(g.mutate(example)), contentType: FHIR, write: true };
    case 1:
      return { kind: 'post-example', method: 'POST', path: `/fhir/${type}`, body: JSON.stringify(g.mutate(example)), contentType: FHIR, write: true };
    case 2:
      return { kind: 'post-random', method: g.pick(['POST', 'PUT']), path: `/fhir/${type}${g.chance(0.5) ? `/${example.id}` : ''}`, body: JSON.stringify(g.json(4)), contentType: g.pick([FHIR, 'application/json', 'text/plain']), write: true };
    case 3:
      return { kind: 'patch', method: 'PATCH', path: `/fhir/Patient/${patientId}`, body: JSON.stringify(g.patch()), contentType: 'application/json-patch+json', write: true };
    case 4: {
      const entries = Array.from({ length: 1 + g.int(3) }, () => ({
        fullUrl: g.chance(0.5) ? `urn:uuid:${g.int(1e9)}` : g.json(0),
        resource: g.chance(0.8) ? g.mutate(g.pick(examples)) : g.json(2),
        request: g.chance(0.9) ? { method: g.pick(['POST', 'PUT', 'GET', 'DELETE', 'PATCH', 'HEAD']), url: g.pick([type, `${type}/${example.id}`, `${type}?_id=x`, '', g.string()]), ...(g.chance(0.3) ? { ifNoneExist: g.chance(0.5) ? 'identifier=a|b' : g.json(1) } : {}), ...(g.chance(0.2) ? { ifMatch: g.json(0) } : {}) } : g.json(1),
      }));
      return { kind: 'bundle', method: 'POST', path: '/fhir', body: JSON.stringify({ resourceType: 'Bundle', type: g.pick(['transaction', 'batch', 'collection', 5]), entry: entries }), contentType: FHIR, write: true };
    }
    case 5:
    case 6:
      return { kind: 'search', method: g.chance(0.8) ? 'GET' : 'POST', path: `/fhir/${g.chance(0.85) ? type : ''}${g.chance(0.1) ? '/_search' : ''}?${g.query()}` };
    case 7:
      return { kind: 'read', method: g.pick(['GET', 'DELETE']), path: `/fhir/${type}/${g.chance(0.5) ? example.id : encode(g.string())}${g.pick(['', '/_history', '/_history/1', '/$validate', '/$everything'])}`, write: true };
    default: {
      const seed = g.pick(x12Seeds);
      return { kind: 'x12', method: 'POST', path: seed.path, body: g.x12(seed.body), contentType: 'application/edi-x12', x12: true, write: true };
    }
  }
}

/** What a rejected write must leave alone: resources by type and the number of versions ever written. */
const fingerprint = () => JSON.stringify([store.counts(), store.historyCount({})]);

/** Problems with one case's answer; empty when it is fine. */
async function run(c: Case): Promise<string[]> {
  const before = c.write ? fingerprint() : '';
  let res: Response;
  try {
    res = await fetch(`${origin}${c.path}`, { method: c.method, body: c.body, headers: c.contentType ? { 'content-type': c.contentType } : {}, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (err) {
    return [`no answer within ${TIMEOUT_MS} ms (${String(err)})`];
  }
  const text = await res.text();
  const problems: string[] = [];
  if (res.status >= 500) problems.push(`${res.status}: ${text.slice(0, 200)}`);
  if (res.status >= 400) {
    if (c.x12) {
      if (!/TA1\*|ST\*999\*/.test(text)) problems.push(`X12 error ${res.status} without a TA1 or 999: ${text.slice(0, 120)}`);
    } else if (!text.includes('"resourceType":"OperationOutcome"')) problems.push(`error ${res.status} is not an OperationOutcome: ${text.slice(0, 120)}`);
    if (c.write && fingerprint() !== before) problems.push(`rejected write (${res.status}) changed the store`);
  }
  return problems;
}

describe(`fuzz (seed ${SEED}, ${CASES} cases)`, () => {
  it('answers every case in time, below 500, with an OperationOutcome or TA1/999 on error, and changes nothing it rejects', async () => {
    expect(examples.length).toBeGreaterThan(100);
    expect(x12Seeds.every((s) => s.body.startsWith('ISA'))).toBe(true);
    const failures: string[] = [];
    const kinds = new Map<string, number>();
    const ms = new Map<string, number>();
    for (let i = 0; i < CASES; i++) {
      const c = makeCase(i);
      kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
      const started = performance.now();
      const problems = await run(c);
      ms.set(c.kind, (ms.get(c.kind) ?? 0) + performance.now() - started);
      if (process.env.FUZZ_DUMP && problems.length) console.log(JSON.stringify(c).slice(0, 3000));
      for (const p of problems) failures.push(`case ${i} (FUZZ_SEED=${SEED}) ${c.kind} ${c.method} ${c.path.slice(0, 120)}: ${p}`);
      if (i % 200 === 199) {
        const health = await fetch(`${origin}/health`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
        if (health.status !== 200) failures.push(`case ${i}: /health answered ${health.status}`);
      }
    }
    if (process.env.FUZZ_TIMING) console.log([...ms].map(([k, t]) => `${k}: ${kinds.get(k)} cases, ${Math.round(t)} ms`).join('\n'));
    expect([...kinds.keys()].sort()).toEqual(['bundle', 'patch', 'post-example', 'post-random', 'put-example', 'read', 'search', 'x12']);
    expect((await fetch(`${origin}/health`)).status).toBe(200);
    expect(failures, failures.slice(0, 25).join('\n')).toEqual([]);
  }, 3_600_000);
});
