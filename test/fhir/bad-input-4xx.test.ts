import type { Bundle, BundleEntry } from 'fhir/r4';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../data-store/store.js';
import { fhirFixture } from './fixture.js';

type App = Awaited<ReturnType<typeof fhirFixture>>['app'];
let app: App;
let store: Store;
let patientId: string;

beforeAll(async () => {
  ({ app, store } = await fhirFixture(3));
  patientId = [...store.all('Patient')][0].id!;
});

const FHIR = 'application/fhir+json';
const PATCH = 'application/json-patch+json';

/** A 4xx OperationOutcome that names the problem, and the resource left as it was. */
async function expectRefused(res: request.Response, status: number[]): Promise<void> {
  expect(status).toContain(res.status);
  expect(res.body.resourceType).toBe('OperationOutcome');
  expect(res.body.issue[0].details.text).toBeTruthy();
}

describe('bad input is a 4xx OperationOutcome, never a 500', () => {
  const patches: unknown[][] = [
    [{ op: 'add', path: '/__proto__', value: { polluted: true } }],
    [{ op: 'add', path: '/__proto__/polluted', value: true }],
    [{ op: 'replace', path: '/constructor/prototype', value: 1 }],
    [{ op: 'move', from: '/__proto__', path: '/x' }],
    [{ op: 'copy', from: '/constructor', path: '/x' }],
    [{ op: 'copy', from: '/toString', path: '/x' }],
    [{ op: 'add', path: 5, value: 1 }],
    [null],
    [{ op: 'remove', path: '/name/999' }],
  ];
  it.each(patches.map((p) => [JSON.stringify(p), p]))('JSON Patch %s answers 400', async (_label, ops) => {
    const before = structuredClone(store.read('Patient', patientId));
    const res = await request(app).patch(`/fhir/Patient/${patientId}`).set('Content-Type', PATCH).send(JSON.stringify(ops));
    await expectRefused(res, [400]);
    expect(store.read('Patient', patientId)).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a patch whose from names what an earlier operation added is applied', async () => {
    const ops = [{ op: 'add', path: '/active', value: true }, { op: 'copy', from: '/active', path: '/deceasedBoolean' }];
    const res = await request(app).patch(`/fhir/Patient/${patientId}`).set('Content-Type', PATCH).send(JSON.stringify(ops)).expect(200);
    expect(res.body).toMatchObject({ active: true, deceasedBoolean: true });
  });

  const badRequests: Array<[string, unknown]> = [
    ['ifNoneExist: 5', { method: 'POST', url: 'Patient', ifNoneExist: 5 }],
    ['ifNoneExist: {}', { method: 'POST', url: 'Patient', ifNoneExist: {} }],
    ['ifMatch: 1', { method: 'PUT', url: 'Patient/x1', ifMatch: 1 }],
    ['ifNoneMatch: []', { method: 'GET', url: 'Patient/x1', ifNoneMatch: [] }],
    ['ifModifiedSince: true', { method: 'GET', url: 'Patient/x1', ifModifiedSince: true }],
    ['method: 5', { method: 5, url: 'Patient' }],
    ['url: {}', { method: 'POST', url: {} }],
    ['request: "POST"', 'POST Patient'],
    ['request: null', null],
  ];
  for (const type of ['transaction', 'batch'] as const) {
    it.each(badRequests)(`${type} entry request with %s is refused with 400`, async (_label, req) => {
      const counts = store.counts();
      const entry = { resource: { resourceType: 'Patient', id: 'x1' }, request: req } as unknown as BundleEntry;
      const bundle: Bundle = { resourceType: 'Bundle', type, entry: [entry] };
      const res = await request(app).post('/fhir').set('Content-Type', FHIR).send(bundle);
      if (type === 'transaction') await expectRefused(res, [400]);
      else {
        expect(res.status).toBe(200);
        expect(res.body.entry[0].response.status).toMatch(/^400/);
        expect(res.body.entry[0].response.outcome.resourceType).toBe('OperationOutcome');
      }
      expect(store.counts()).toEqual(counts);
    });
  }

  it('a non-string fullUrl is refused', async () => {
    const bundle = { resourceType: 'Bundle', type: 'transaction', entry: [{ fullUrl: 7, resource: { resourceType: 'Patient' }, request: { method: 'POST', url: 'Patient' } }] };
    await expectRefused(await request(app).post('/fhir').set('Content-Type', FHIR).send(bundle), [400]);
  });
});
