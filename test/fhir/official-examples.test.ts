import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Bundle, BundleEntry, Resource } from 'fhir/r4';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { resourceTypes } from '../../server/fhir/resource-types.js';
import type { Store } from '../../data-store/store.js';
import { fhirFixture } from './fixture.js';

/**
 * Every official R4 example of a served type (HL7's hl7.fhir.r4.examples package) is accepted by
 * `PUT /fhir/{type}/{id}` and read back identical but for meta.versionId / meta.lastUpdated.
 * Sent as batch Bundles of PUTs (each entry runs the same update handler as a plain PUT) to fit the CI budget.
 */
const DIR = dirname(createRequire(import.meta.url).resolve('hl7.fhir.r4.examples/package.json'));
/** Examples above this size (the 13 definition Bundles, the IG, the largest CodeSystems and ValueSets) are left to the benchmarks: one is beyond the 20 MB body limit, together they are 170 MB. */
const MAX_BYTES = 2 * 1024 * 1024;
const BATCH_BYTES = 4 * 1024 * 1024;
const ID = /^[A-Za-z0-9\-.]{1,64}$/;

/**
 * Official examples that break a rule of R4 itself (txt-2, cardinalities, id length), each with its rule: the same
 * list the validator's own test uses, so rejecting them is right and every other example must be accepted.
 */
const INVALID_BY_SPEC = new Set(
  (JSON.parse(readFileSync(new URL('../validation/invalid-official-examples.json', import.meta.url), 'utf8')) as { examples: Array<{ file: string }> }).examples.map((e) => e.file),
);

interface Example {
  file: string;
  resource: Resource;
}

function loadExamples(): Example[] {
  const served = new Set(resourceTypes());
  const out: Example[] = [];
  for (const file of readdirSync(DIR).sort()) {
    if (!file.endsWith('.json') || file === 'package.json' || statSync(join(DIR, file)).size > MAX_BYTES) continue;
    const resource = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Resource;
    if (typeof resource.resourceType !== 'string' || !served.has(resource.resourceType) || typeof resource.id !== 'string' || !ID.test(resource.id)) continue;
    out.push({ file, resource });
  }
  return out;
}

/** Batches under BATCH_BYTES with one example per type/id each, so each read-back sees its own example. */
function batches(examples: Example[]): Example[][] {
  const out: Example[][] = [];
  let current: Example[] = [];
  let bytes = 0;
  let keys = new Set<string>();
  for (const e of examples) {
    const size = JSON.stringify(e.resource).length;
    const key = `${e.resource.resourceType}/${e.resource.id}`;
    if (current.length && (bytes + size > BATCH_BYTES || keys.has(key))) {
      out.push(current);
      current = [];
      bytes = 0;
      keys = new Set();
    }
    current.push(e);
    bytes += size;
    keys.add(key);
  }
  if (current.length) out.push(current);
  return out;
}

/** The resource without what the server sets (meta.versionId, meta.lastUpdated); an emptied meta goes too. */
function comparable(r: Resource): Resource {
  const { meta, ...rest } = structuredClone(r);
  if (!meta) return rest as Resource;
  const { versionId: _v, lastUpdated: _l, ...kept } = meta;
  return (Object.keys(kept).length ? { ...rest, meta: kept } : rest) as Resource;
}

type App = Awaited<ReturnType<typeof fhirFixture>>['app'];
let app: App;
const examples = loadExamples();
const results = new Map<string, { status: string; outcome: string; answered?: Resource; stored?: Resource }>();

beforeAll(async () => {
  let store: Store;
  ({ app, store } = await fhirFixture(1));
  for (const batch of batches(examples)) {
    const put: Bundle = { resourceType: 'Bundle', type: 'batch', entry: batch.map((e) => ({ resource: e.resource, request: { method: 'PUT', url: `${e.resource.resourceType}/${e.resource.id}` } })) };
    const written = (await request(app).post('/fhir').set('Content-Type', 'application/fhir+json').send(put).expect(200)).body as Bundle;
    batch.forEach((e, i) => {
      const w: BundleEntry | undefined = written.entry?.[i];
      // What the server answered it stored, and what a read serves (the stored object, before any write to it).
      const stored = /^20[01]/.test(w?.response?.status ?? '') ? store.read(e.resource.resourceType, e.resource.id!) : undefined;
      results.set(e.file, { status: w?.response?.status ?? '', outcome: JSON.stringify(w?.response?.outcome ?? ''), answered: w?.resource, stored });
    });
  }
}, 600_000);

describe('official R4 examples round trip through PUT and read', () => {
  it('loads thousands of examples of served types', () => {
    expect(examples.length).toBeGreaterThan(4000);
    expect(results.size).toBe(examples.length);
  });

  it('accepts every valid example and reads it back identical (but for meta.versionId/lastUpdated)', () => {
    const failures: string[] = [];
    for (const e of examples) {
      const r = results.get(e.file)!;
      if (INVALID_BY_SPEC.has(e.file)) {
        expect(r.status, `${e.file} breaks a rule of R4 and must be refused`).toMatch(/^422/);
        continue;
      }
      if (!/^20[01]/.test(r.status)) {
        failures.push(`${e.file}: ${r.status} ${r.outcome.slice(0, 300)}`);
        continue;
      }
      // Key order too: the server must keep what it was sent, without normalising it.
      const sent = JSON.stringify(comparable(e.resource));
      if (!r.stored || JSON.stringify(comparable(r.stored)) !== sent) failures.push(`${e.file}: stored content differs from the example`);
      else if (!r.answered || JSON.stringify(comparable(r.answered)) !== sent) failures.push(`${e.file}: answered content differs from the example`);
    }
    expect(failures, failures.slice(0, 20).join('\n')).toEqual([]);
  });

  it('accepts a plain PUT of an example and keeps its content and key order', async () => {
    const e = examples.find((x) => x.resource.resourceType === 'Observation' && results.get(x.file)?.status.startsWith('20'))!;
    expect(e).toBeDefined();
    const res = await request(app).put(`/fhir/Observation/${e.resource.id}`).set('Content-Type', 'application/fhir+json').send(e.resource);
    expect([200, 201]).toContain(res.status);
    expect(Object.keys(comparable(res.body as Resource))).toEqual(Object.keys(comparable(e.resource)));
    expect(comparable(res.body as Resource)).toEqual(comparable(e.resource));
  });
});
