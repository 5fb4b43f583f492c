import type { Bundle, Observation, Patient } from 'fhir/r4';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fhirFixture, listen } from './fixture.js';

const FHIR = 'application/fhir+json';
const N = 50;
let base: string;
let close: () => Promise<void>;

beforeAll(async () => {
  const { app } = await fhirFixture(5);
  ({ baseUrl: base, close } = await listen(app));
});
afterAll(() => close());

const patient = (value: string): Patient => ({ resourceType: 'Patient', identifier: [{ system: 'urn:test:race', value }], name: [{ family: 'Race' }] });

/** Sends N requests at once over real sockets and returns [status, id] of each. */
async function race(send: () => request.Test, idOf: (body: unknown) => string | undefined): Promise<Array<[number, string | undefined]>> {
  const responses = await Promise.all(Array.from({ length: N }, () => send()));
  return responses.map((r) => [r.status, idOf(r.body)]);
}

/** Exactly one 201, every other answer 200, all with one id, and a search finds exactly that one. */
async function expectOneCreated(results: Array<[number, string | undefined]>, value: string): Promise<void> {
  expect(results).toHaveLength(N);
  expect(results.filter(([s]) => s === 201)).toHaveLength(1);
  expect(results.filter(([s]) => s === 200)).toHaveLength(N - 1);
  const ids = new Set(results.map(([, id]) => id));
  expect(ids.size).toBe(1);
  expect([...ids][0]).toBeTruthy();
  const found = await request(base).get(`/Patient?identifier=urn:test:race|${value}`).expect(200);
  expect(found.body.total).toBe(1);
  expect(found.body.entry[0].resource.id).toBe([...ids][0]);
}

describe('conditional writes are atomic under concurrency', () => {
  it(`${N} parallel POSTs with one If-None-Exist create one resource`, async () => {
    const value = 'post-race';
    const results = await race(
      () => request(base).post('/Patient').set('Content-Type', FHIR).set('If-None-Exist', `identifier=urn:test:race|${value}`).send(patient(value)),
      (b) => (b as Patient).id,
    );
    await expectOneCreated(results, value);
  });

  it(`${N} parallel conditional PUTs create one resource and update it`, async () => {
    const value = 'put-race';
    const results = await race(
      () => request(base).put(`/Patient?identifier=urn:test:race|${value}`).set('Content-Type', FHIR).send(patient(value)),
      (b) => (b as Patient).id,
    );
    await expectOneCreated(results, value);
    const history = await request(base).get(`/Patient/${results[0][1]}/_history`).expect(200);
    expect(history.body.total).toBe(N);
  });

  it(`${N} parallel transactions with one ifNoneExist entry create one resource`, async () => {
    const value = 'tx-race';
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { fullUrl: 'urn:uuid:9a1c1f7e-0000-4000-8000-000000000001', resource: patient(value), request: { method: 'POST', url: 'Patient', ifNoneExist: `identifier=urn:test:race|${value}` } },
        {
          resource: { resourceType: 'Observation', status: 'final', code: { text: 'race' }, subject: { reference: 'urn:uuid:9a1c1f7e-0000-4000-8000-000000000001' } } as Observation,
          request: { method: 'POST', url: 'Observation' },
        },
      ],
    };
    const responses = await Promise.all(Array.from({ length: N }, () => request(base).post('/').set('Content-Type', FHIR).send(bundle)));
    expect(responses.map((r) => r.status)).toEqual(Array.from({ length: N }, () => 200));
    // The transaction answers 200; the entry's own status says whether it created (201) or matched (200).
    const results = responses.map((r): [number, string | undefined] => {
      const entry = (r.body as Bundle).entry?.[0];
      return [Number.parseInt(entry?.response?.status ?? '', 10), entry?.resource?.id];
    });
    await expectOneCreated(results, value);
    // Every Observation points at the one Patient, though each transaction had its own placeholder for it.
    const observations = responses.map((r) => (r.body as Bundle).entry?.[1]?.resource as { subject?: { reference?: string } } | undefined);
    expect(observations.map((o) => o?.subject?.reference)).toEqual(Array.from({ length: N }, () => `Patient/${results[0][1]}`));
  });
});
