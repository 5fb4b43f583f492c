import { readdirSync, readFileSync } from 'node:fs';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { JsonDepthScanner, JsonTooDeep, MAX_JSON_DEPTH } from '../../server/json-depth.js';
import { MAX_ISSUES, OperationOutcomeError, capIssues, normalizeError, statusOf, unprocessable } from '../../server/fhir/outcomes.js';
import { parseJsonSliced } from '../../data-store/sliced-json.js';
import { fhirFixture } from './fixture.js';

type App = Awaited<ReturnType<typeof fhirFixture>>['app'];
let app: App;
let store: Awaited<ReturnType<typeof fhirFixture>>['store'];

beforeAll(async () => {
  ({ app, store } = await fhirFixture(30));
});

const fhirJson = 'application/fhir+json';

/** `{"resourceType":"Patient","extension":[{"url":"u","extension":[...]}]}`, `levels` extensions deep. */
function nestedExtensions(levels: number): string {
  let inner = '{"url":"http://example.org/x","valueString":"leaf"}';
  for (let i = 1; i < levels; i++) inner = `{"url":"http://example.org/x","extension":[${inner}]}`;
  return `{"resourceType":"Patient","extension":[${inner}]}`;
}

describe('JSON nesting depth', () => {
  it('refuses a body nested 2,000 extensions deep with 400 and an OperationOutcome (was a 500 stack overflow)', async () => {
    const before = store.counts().Patient;
    const res = await request(app).post('/fhir/Patient').set('Content-Type', fhirJson).send(nestedExtensions(2000));
    expect(res.status).toBe(400);
    expect(res.body.resourceType).toBe('OperationOutcome');
    expect(res.body.issue[0].details.text).toContain(`deeper than ${MAX_JSON_DEPTH} levels`);
    expect(store.counts().Patient).toBe(before);
  });

  it('lets a body at the limit through to validation', async () => {
    // 1 (resource) + 2 per extension level: 49 levels are 99 deep.
    const res = await request(app).post('/fhir/Patient').set('Content-Type', fhirJson).send(nestedExtensions(49));
    expect(res.status).toBe(201);
  });

  it('checks a JSON Patch carried base64 inside a transaction too', async () => {
    const patient = (await request(app).get('/fhir/Patient?_count=1')).body.entry[0].resource;
    let deep = '1';
    for (let i = 0; i < 200; i++) deep = `[${deep}]`;
    const data = Buffer.from(`[{"op":"add","path":"/extension","value":${deep}}]`).toString('base64');
    const res = await request(app)
      .post('/fhir')
      .set('Content-Type', fhirJson)
      .send({ resourceType: 'Bundle', type: 'transaction', entry: [{ resource: { resourceType: 'Binary', contentType: 'application/json-patch+json', data }, request: { method: 'PATCH', url: `Patient/${patient.id}` } }] });
    expect(res.status).toBe(400);
    expect(res.body.resourceType).toBe('OperationOutcome');
  });

  it('scans bytes across chunk boundaries, ignoring brackets inside strings and escapes', () => {
    const text = Buffer.from(`{"a":"[[[[\\"{{{{","b":[[{"c":"\\\\"}]]}`);
    for (let cut = 0; cut <= text.length; cut++) {
      const scanner = new JsonDepthScanner(4);
      scanner.push(text.subarray(0, cut));
      scanner.push(text.subarray(cut));
    }
    const shallow = new JsonDepthScanner(3);
    expect(() => shallow.push(text)).toThrow(JsonTooDeep);
  });
});

describe('OperationOutcome issue cap', () => {
  it('lists at most 100 issues and one more counting the rest', () => {
    const issues = Array.from({ length: 1000 }, (_, i) => ({ message: `problem ${i}`, path: `Patient.x${i}` }));
    const o = unprocessable(issues);
    expect(statusOf(o)).toBe(422);
    expect(o.issue).toHaveLength(MAX_ISSUES + 1);
    expect(o.issue[99].details?.text).toBe('problem 99');
    expect(o.issue[100].details?.text).toContain('900 more issues');
    const thrown = normalizeError(new OperationOutcomeError({ resourceType: 'OperationOutcome', issue: Array.from({ length: 250 }, () => ({ severity: 'error', code: 'invalid' })) }));
    expect(thrown.issue).toHaveLength(MAX_ISSUES + 1);
    expect(thrown.issue[100].details?.text).toContain('150 more issues');
    const small = unprocessable(issues.slice(0, 100));
    expect(capIssues(small)).toBe(small);
    expect(small.issue).toHaveLength(100);
  });

  it('keeps a write with a thousand errors to a small answer', async () => {
    const patient: Record<string, unknown> = { resourceType: 'Patient' };
    for (let i = 0; i < 1000; i++) patient[`unknown${i}`] = i;
    const res = await request(app).post('/fhir/Patient').set('Content-Type', fhirJson).send(patient);
    expect(res.status).toBe(422);
    expect(res.body.issue.length).toBeGreaterThan(1);
    expect(res.body.issue.length).toBeLessThanOrEqual(MAX_ISSUES + 1);
    expect(res.text.length).toBeLessThan(50_000);
  });
});

describe('search cost', () => {
  it('answers an OR of many values like the union of its values, also after writes', async () => {
    const patients = (await request(app).get('/fhir/Patient?_count=10&_elements=id')).body.entry.map((e: { resource: { id: string } }) => e.resource.id);
    expect(patients.length).toBeGreaterThan(3);
    // Writes leave slots dirty in the index snapshot: the OR must still see them exactly once.
    const observations = (await request(app).get(`/fhir/Observation?subject=Patient/${patients[0]}&_count=5`)).body.entry ?? [];
    expect(observations.length).toBeGreaterThan(0);
    for (const e of observations) await request(app).put(`/fhir/Observation/${e.resource.id}`).set('Content-Type', fhirJson).send(e.resource).expect(200);
    let sum = 0;
    for (const p of patients) sum += (await request(app).get(`/fhir/Observation?subject=Patient/${p}&_summary=count`)).body.total;
    const values = [...patients.map((p: string) => `Patient/${p}`), ...Array.from({ length: 990 }, (_, i) => `none${i}`)];
    const or = await request(app).get(`/fhir/Observation?subject=${values.join(',')}&_summary=count`);
    expect(or.status).toBe(200);
    expect(or.body.total).toBe(sum);
  });

  it('refuses more than 1,000 values for one parameter, or more than 100 parameters, with 400', async () => {
    const values = Array.from({ length: 1001 }, (_, i) => `p${i}`).join(',');
    const many = await request(app).get(`/fhir/Observation?subject=${values}`);
    expect(many.status).toBe(400);
    expect(many.body.issue[0].details.text).toContain('at most 1000');
    const params = Array.from({ length: 101 }, (_, i) => `code=c${i}`).join('&');
    const wide = await request(app).get(`/fhir/Observation?${params}`);
    expect(wide.status).toBe(400);
    expect(wide.body.resourceType).toBe('OperationOutcome');
  });
});

describe('sliced JSON parsing', () => {
  it("gives JSON.parse's result for every official R4 example", async () => {
    const dir = new URL('../../node_modules/hl7.fhir.r4.examples/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(5000);
    for (const f of files) {
      const text = readFileSync(new URL(f, dir), 'utf8');
      if (text.length > 2_000_000) continue;
      expect(await parseJsonSliced(Buffer.from(text)), f).toStrictEqual(JSON.parse(text));
    }
  }, 300_000);

  it('refuses exactly what JSON.parse refuses', async () => {
    const texts = ['', ' ', '{', '}', '[1,]', '{"a":1,}', '01', '1.', '-', '"\u0001"', '{"a" 1}', '[1 2]', 'tru', '{"a":1}x', '"abc', '{"a":}', '[,1]', '+1', '.5', '1e', '"\\x"', "'a'", 'NaN',
      '1', '-0', '1e5', '-1.5E-3', '"a\\nb"', '"\\u00e9"', '[[],{}]', ' {"a" : [ true , false , null ] } ', '"\\""', '"a\\\\"', '"\\ud800"'];
    for (const text of texts) {
      let expected: unknown;
      try {
        expected = JSON.parse(text);
      } catch {
        await expect(parseJsonSliced(Buffer.from(text)), text).rejects.toThrow(SyntaxError);
        continue;
      }
      expect(await parseJsonSliced(Buffer.from(text)), text).toStrictEqual(expected);
    }
    const proto = (await parseJsonSliced(Buffer.from('{"__proto__":{"polluted":true}}'))) as Record<string, unknown>;
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
    expect(Object.keys(proto)).toEqual(['__proto__']);
  });

  it('parses runs of array items by JSON.parse alike: brackets, commas and quotes in strings, errors inside a run', async () => {
    const item = (i: number) => ({ s: `a,]}"[{\\"${'\\'.repeat(i % 3)}`, n: [i, -i / 3, { __proto__: null, k: [] }], u: `é\u2028${i}` });
    const value = { list: Array.from({ length: 5_000 }, (_, i) => (i % 1000 === 0 ? Array.from({ length: 2000 }, (_, j) => item(j)) : item(i))), tail: [[], {}, '"'] };
    const text = JSON.stringify(value);
    expect(await parseJsonSliced(Buffer.from(text))).toStrictEqual(JSON.parse(text));
    const proto = (await parseJsonSliced(Buffer.from('[{"__proto__":{"polluted":true}},1]'))) as Array<Record<string, unknown>>;
    expect(Object.keys(proto[0])).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(proto[0])).toBe(Object.prototype);
    // A bad item deep in a run: the run is not taken, and the item by item path refuses it as JSON.parse does.
    const bad = `[${Array.from({ length: 500 }, (_, i) => (i === 400 ? '{"a":01}' : '{"a":1}')).join(',')}]`;
    await expect(parseJsonSliced(Buffer.from(bad))).rejects.toThrow(SyntaxError);
  });
});
