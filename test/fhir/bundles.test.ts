import type { Bundle, Observation, Patient } from 'fhir/r4';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { fhirFixture } from './fixture.js';

type App = Awaited<ReturnType<typeof fhirFixture>>['app'];
let app: App;

beforeAll(async () => {
  ({ app } = await fhirFixture(30));
});

const FHIR = 'application/fhir+json';
const patientUrn = 'urn:uuid:6f1c9a4e-2b7d-4e8a-9c1f-0a1b2c3d4e5f';

function transaction(mrn: string, observationStatus = 'final'): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      {
        fullUrl: patientUrn,
        resource: { resourceType: 'Patient', identifier: [{ system: 'urn:test:mrn', value: mrn }], name: [{ family: 'Txn' }] } as Patient,
        request: { method: 'POST', url: 'Patient' },
      },
      {
        fullUrl: 'urn:uuid:0d4b6c1e-7f2a-4b3c-8d9e-1a2b3c4d5e6f',
        resource: { resourceType: 'Observation', status: observationStatus, code: { text: 'weight' }, subject: { reference: patientUrn } } as Observation,
        request: { method: 'POST', url: 'Observation' },
      },
    ],
  };
}

describe('transaction', () => {
  it('creates all entries and rewrites urn:uuid references', async () => {
    const res = await request(app).post('/fhir').set('Content-Type', FHIR).send(transaction('txn-1')).expect(200);
    const bundle = res.body as Bundle;
    expect(bundle.type).toBe('transaction-response');
    expect(bundle.entry!.map((e) => e.response!.status)).toEqual(['201 Created', '201 Created']);
    for (const e of bundle.entry!) {
      expect(e.response!.location).toMatch(/^(Patient|Observation)\/[^/]+\/_history\/1$/);
      expect(e.response!.etag).toBe('W/"1"');
    }
    const patientId = bundle.entry![0].resource!.id!;
    const obsLocation = bundle.entry![1].response!.location!.split('/_history')[0];
    const obs = await request(app).get(`/fhir/${obsLocation}`).expect(200);
    expect(obs.body.subject.reference).toBe(`Patient/${patientId}`);
  });

  it('is all-or-nothing: one invalid entry writes nothing', async () => {
    const res = await request(app).post('/fhir').set('Content-Type', FHIR).send(transaction('txn-fail', 'not-a-status')).expect(422);
    expect(res.body.resourceType).toBe('OperationOutcome');
    expect(JSON.stringify(res.body)).toContain('Bundle.entry[1]');
    const search = await request(app).get('/fhir/Patient?identifier=urn:test:mrn|txn-fail').expect(200);
    expect(search.body.total).toBe(0);
  });

  it('honours ifNoneExist inside a transaction and maps the fullUrl to the existing resource', async () => {
    const first = await request(app).post('/fhir').set('Content-Type', FHIR).send(transaction('txn-cond')).expect(200);
    const bundle = transaction('txn-cond');
    bundle.entry![0].request!.ifNoneExist = 'identifier=urn:test:mrn|txn-cond';
    const second = await request(app).post('/fhir').set('Content-Type', FHIR).send(bundle).expect(200);
    expect(second.body.entry[0].response.status).toBe('200 OK');
    expect(second.body.entry[0].resource.id).toBe(first.body.entry[0].resource.id);
    const obs = await request(app).get(`/fhir/${second.body.entry[1].response.location.split('/_history')[0]}`).expect(200);
    expect(obs.body.subject.reference).toBe(`Patient/${first.body.entry[0].resource.id}`);
  });

  it('rejects bundles that are not batch or transaction', async () => {
    await request(app).post('/fhir').set('Content-Type', FHIR).send({ resourceType: 'Bundle', type: 'collection' }).expect(400);
    await request(app).post('/fhir').set('Content-Type', FHIR).send({ resourceType: 'Patient' }).expect(400);
  });
});

describe('batch', () => {
  it('runs entries independently with a per-entry outcome', async () => {
    const res = await request(app).post('/fhir').set('Content-Type', FHIR).send({
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        { resource: { resourceType: 'Patient', name: [{ family: 'Batch' }] }, request: { method: 'POST', url: 'Patient' } },
        { request: { method: 'GET', url: 'Patient/does-not-exist' } },
        { resource: { resourceType: 'Patient', gender: 'robot' }, request: { method: 'POST', url: 'Patient' } },
        { request: { method: 'GET', url: 'Patient?_count=1' } },
      ],
    }).expect(200);
    const bundle = res.body as Bundle;
    expect(bundle.type).toBe('batch-response');
    expect(bundle.entry!.map((e) => e.response!.status)).toEqual(['201 Created', '404 Not Found', '422 Unprocessable Entity', '200 OK']);
    expect(bundle.entry![1].response!.outcome!.resourceType).toBe('OperationOutcome');
    expect((bundle.entry![3].resource as Bundle).type).toBe('searchset');
  });
});

describe('transaction rules', () => {
  it('rejects a transaction that writes the same resource twice, naming the entry', async () => {
    const patient = { resourceType: 'Patient', id: 'twice-1', name: [{ family: 'Twice' }] };
    const res = await request(app).post('/fhir').set('Content-Type', FHIR).send({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { resource: patient, request: { method: 'PUT', url: 'Patient/twice-1' } },
        { resource: { ...patient, active: true }, request: { method: 'PUT', url: 'Patient/twice-1' } },
      ],
    }).expect(400);
    expect(res.body.issue[0].expression).toContain('Bundle.entry[1]');
    await request(app).get('/fhir/Patient/twice-1').expect(404);
  });
});
