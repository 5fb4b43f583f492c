import type { OperationOutcome, Patient } from 'fhir/r4';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { fhirFixture } from './fixture.js';

type App = Awaited<ReturnType<typeof fhirFixture>>['app'];
let app: App;
let patient: Patient;

beforeAll(async () => {
  const fixture = await fhirFixture(3);
  app = fixture.app;
  patient = [...fixture.store.all<Patient>('Patient')][0];
});

const FHIR = 'application/fhir+json';
const errors = (o: OperationOutcome | undefined) => (o?.issue ?? []).filter((i) => i.severity === 'error');

describe('POST [type]/[id]/$validate (instance level, R4 Resource-validate)', () => {
  it('validates the resource as an update of that instance: 200 either way, issues in the OperationOutcome', async () => {
    expect(patient?.id).toBeTruthy();
    const good = await request(app).post(`/fhir/Patient/${patient.id}/$validate`).set('Content-Type', FHIR).send(patient).expect(200);
    expect(good.body.resourceType).toBe('OperationOutcome');
    expect(errors(good.body)).toEqual([]);

    const bad = await request(app).post(`/fhir/Patient/${patient.id}/$validate`).set('Content-Type', FHIR).send({ ...patient, gender: 'robot' }).expect(200);
    expect(errors(bad.body).some((i) => (i.expression ?? []).join().includes('gender'))).toBe(true);

    const otherId = await request(app).post(`/fhir/Patient/${patient.id}/$validate`).set('Content-Type', FHIR).send({ ...patient, id: 'someone-else' }).expect(200);
    expect(errors(otherId.body).some((i) => (i.expression ?? []).includes('Patient.id'))).toBe(true);
  });

  it('takes Parameters with resource and mode; mode=delete needs only an existing instance', async () => {
    const params = { resourceType: 'Parameters', parameter: [{ name: 'mode', valueCode: 'update' }, { name: 'resource', resource: patient }] };
    const res = await request(app).post(`/fhir/Patient/${patient.id}/$validate`).set('Content-Type', FHIR).send(params).expect(200);
    expect(errors(res.body)).toEqual([]);
    const del = { resourceType: 'Parameters', parameter: [{ name: 'mode', valueCode: 'delete' }] };
    await request(app).post(`/fhir/Patient/${patient.id}/$validate`).set('Content-Type', FHIR).send(del).expect(200);
    const missing = await request(app).post('/fhir/Patient/no-such-patient/$validate').set('Content-Type', FHIR).send(del).expect(404);
    expect(missing.body.resourceType).toBe('OperationOutcome');
    const badMode = await request(app).post(`/fhir/Patient/${patient.id}/$validate?mode=explode`).set('Content-Type', FHIR).send(patient).expect(400);
    expect(badMode.body.resourceType).toBe('OperationOutcome');
    await request(app).post(`/fhir/Patient/${patient.id}/$validate`).set('Content-Type', FHIR).send({ ...patient, resourceType: 'Observation' }).expect(400);
  });

  it('writes nothing and is listed once in the CapabilityStatement', async () => {
    const before = (await request(app).get(`/fhir/Patient/${patient.id}`).expect(200)).body.meta.versionId;
    await request(app).post(`/fhir/Patient/${patient.id}/$validate`).set('Content-Type', FHIR).send({ ...patient, active: false }).expect(200);
    expect((await request(app).get(`/fhir/Patient/${patient.id}`).expect(200)).body.meta.versionId).toBe(before);
    const cs = (await request(app).get('/fhir/metadata').expect(200)).body;
    const entry = cs.rest[0].resource.find((r: { type: string }) => r.type === 'Patient');
    expect(entry.operation.filter((o: { name: string }) => o.name === 'validate')).toEqual([{ name: 'validate', definition: 'http://hl7.org/fhir/OperationDefinition/Resource-validate' }]);
  });
});
