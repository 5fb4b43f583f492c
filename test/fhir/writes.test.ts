import type { OperationOutcome, Patient } from 'fhir/r4';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_AUTH, fhirFixture } from './fixture.js';

type App = Awaited<ReturnType<typeof fhirFixture>>['app'];
let app: App;

beforeAll(async () => {
  ({ app } = await fhirFixture(30));
});

const FHIR = 'application/fhir+json';
const newPatient = (family: string, identifier = `id-${family}`): Patient => ({
  resourceType: 'Patient',
  identifier: [{ system: 'urn:test:mrn', value: identifier }],
  name: [{ family, given: ['Test'] }],
  gender: 'female',
  birthDate: '1990-02-03',
});

describe('create, update, patch, delete', () => {
  it('walks a resource through its life with the right statuses and headers', async () => {
    const created = await request(app).post('/fhir/Patient').set('Content-Type', FHIR).send(newPatient('Lifecycle')).expect(201);
    const id = created.body.id as string;
    expect(created.headers.location).toMatch(new RegExp(`^http://.+/fhir/Patient/${id}/_history/1$`));
    expect(created.headers.etag).toBe('W/"1"');

    const updated = await request(app).put(`/fhir/Patient/${id}`).set('Content-Type', FHIR).set('If-Match', 'W/"1"')
      .send({ ...newPatient('Lifecycle'), id, gender: 'male' }).expect(200);
    expect(updated.headers.etag).toBe('W/"2"');

    const stale = await request(app).put(`/fhir/Patient/${id}`).set('Content-Type', FHIR).set('If-Match', 'W/"1"').send({ ...newPatient('Lifecycle'), id }).expect(412);
    expect(stale.body.resourceType).toBe('OperationOutcome');

    const patched = await request(app).patch(`/fhir/Patient/${id}`).set('Content-Type', 'application/json-patch+json')
      .send(JSON.stringify([{ op: 'replace', path: '/gender', value: 'other' }])).expect(200);
    expect(patched.body.gender).toBe('other');
    expect(patched.headers.etag).toBe('W/"3"');

    await request(app).patch(`/fhir/Patient/${id}`).set('Content-Type', FHIR).send([{ op: 'replace', path: '/gender', value: 'x' }]).expect(415);
    const badPatch = await request(app).patch(`/fhir/Patient/${id}`).set('Content-Type', 'application/json-patch+json')
      .send(JSON.stringify([{ op: 'replace', path: '/gender', value: 'not-a-gender' }])).expect(422);
    expect(badPatch.body.issue[0].expression[0]).toContain('gender');

    const history = await request(app).get(`/fhir/Patient/${id}/_history`).expect(200);
    expect(history.body.type).toBe('history');
    expect(history.body.entry.map((e: { response: { etag: string } }) => e.response.etag)).toEqual(['W/"3"', 'W/"2"', 'W/"1"']);

    const deleted = await request(app).delete(`/fhir/Patient/${id}`).expect(200);
    expect(deleted.body.resourceType).toBe('OperationOutcome');
    const gone = await request(app).get(`/fhir/Patient/${id}`).expect(410);
    expect(gone.body.resourceType).toBe('OperationOutcome');
  });

  it('patches deep inside a resource without changing the version it was patched from, also when a later operation fails', async () => {
    const telecom = [{ system: 'phone', value: '1' }, { system: 'email', value: 'a@b.c' }];
    const body = { ...newPatient('Deep'), name: [{ family: 'Deep', given: ['A', 'B'] }, { family: 'Other', given: ['C'] }], telecom };
    const id = (await request(app).post('/fhir/Patient').set('Content-Type', FHIR).send(body).expect(201)).body.id as string;
    const v1 = (await request(app).get(`/fhir/Patient/${id}/_history/1`).expect(200)).body as Patient;
    const ops = [
      { op: 'replace', path: '/name/0/given/1', value: 'Z' },
      { op: 'add', path: '/name/1/given/-', value: 'D' },
      { op: 'copy', from: '/name/1', path: '/name/-' },
      { op: 'replace', path: '/name/2/family', value: 'Copied' },
      { op: 'move', from: '/telecom/0', path: '/telecom/-' },
      { op: 'remove', path: '/name/0/given/0' },
    ];
    const failing = [...ops, { op: 'test', path: '/gender', value: 'male' }];
    const patch = (o: object[]) => request(app).patch(`/fhir/Patient/${id}`).set('Content-Type', 'application/json-patch+json').send(JSON.stringify(o));
    await patch(failing).expect(422);
    expect((await request(app).get(`/fhir/Patient/${id}`).expect(200)).body).toEqual(v1);
    const patched = (await patch(ops).expect(200)).body as Patient;
    expect(patched.name).toEqual([{ family: 'Deep', given: ['Z'] }, { family: 'Other', given: ['C', 'D'] }, { family: 'Copied', given: ['C', 'D'] }]);
    expect(patched.telecom).toEqual([telecom[1], telecom[0]]);
    expect((await request(app).get(`/fhir/Patient/${id}/_history/1`).expect(200)).body).toEqual(v1);
  });

  it('update-as-create answers 201; body id must match the URL', async () => {
    await request(app).put('/fhir/Patient/client-chosen-1').set('Content-Type', FHIR).send({ ...newPatient('Chosen'), id: 'client-chosen-1' }).expect(201);
    const mismatch = await request(app).put('/fhir/Patient/client-chosen-1').set('Content-Type', FHIR).send({ ...newPatient('Chosen'), id: 'other' }).expect(400);
    expect(mismatch.body.issue[0].expression).toEqual(['Patient.id']);
    await request(app).put('/fhir/Patient/client-chosen-1').set('Content-Type', FHIR).send(newPatient('Chosen')).expect(400);
  });

  it('conditional create: 0 matches creates, 1 returns the existing one, more is 412', async () => {
    const criteria = 'identifier=urn:test:mrn|cond-1';
    const first = await request(app).post('/fhir/Patient').set('Content-Type', FHIR).set('If-None-Exist', criteria).send(newPatient('Cond', 'cond-1')).expect(201);
    const again = await request(app).post('/fhir/Patient').set('Content-Type', FHIR).set('If-None-Exist', criteria).send(newPatient('Cond', 'cond-1')).expect(200);
    expect(again.body.id).toBe(first.body.id);
    await request(app).post('/fhir/Patient').set('Content-Type', FHIR).send(newPatient('Twin', 'twin')).expect(201);
    await request(app).post('/fhir/Patient').set('Content-Type', FHIR).send(newPatient('Twin', 'twin')).expect(201);
    await request(app).post('/fhir/Patient').set('Content-Type', FHIR).set('If-None-Exist', 'identifier=urn:test:mrn|twin').send(newPatient('Twin', 'twin')).expect(412);
  });

  it('conditional update creates, then updates the single match', async () => {
    const created = await request(app).put('/fhir/Patient?identifier=urn:test:mrn|cu-1').set('Content-Type', FHIR).send(newPatient('CondUpd', 'cu-1')).expect(201);
    const updated = await request(app).put('/fhir/Patient?identifier=urn:test:mrn|cu-1').set('Content-Type', FHIR).send({ ...newPatient('CondUpd', 'cu-1'), gender: 'male' }).expect(200);
    expect(updated.body.id).toBe(created.body.id);
    expect(updated.body.meta.versionId).toBe('2');
  });

  it('rejects invalid resources with 422 naming the path, wrong media types with 415, malformed JSON with 400', async () => {
    const invalid = await request(app).post('/fhir/Patient').set('Content-Type', FHIR).send({ ...newPatient('Bad'), gender: 'robot' }).expect(422);
    expect((invalid.body as OperationOutcome).issue.some((i) => i.expression?.some((e) => e.includes('gender')))).toBe(true);
    const unknownElement = await request(app).post('/fhir/Patient').set('Content-Type', FHIR).send({ ...newPatient('Bad'), favouriteColour: 'blue' }).expect(422);
    expect(JSON.stringify(unknownElement.body)).toContain('favouriteColour');
    await request(app).post('/fhir/Patient').set('Content-Type', 'text/plain').send('hello').expect(415);
    await request(app).post('/fhir/Patient').set('Content-Type', 'application/fhir+xml').send('<Patient/>').expect(415);
    const malformed = await request(app).post('/fhir/Patient').set('Content-Type', FHIR).send('{"resourceType": "Patient",').expect(400);
    expect(malformed.body.resourceType).toBe('OperationOutcome');
    await request(app).post('/fhir/Patient').set('Content-Type', FHIR).send({ resourceType: 'Observation', status: 'final', code: { text: 'x' } }).expect(400);
    await request(app).post('/fhir/Patient').set('Content-Type', `${FHIR}; charset=utf-8`).send(JSON.stringify(newPatient('Charset'))).expect(201);
    await request(app).post('/fhir/Patient').set('Content-Type', 'application/json').send(JSON.stringify([1, 2])).expect(400);
  });

  it('answers 405 for unsupported methods and never crashes on odd input', async () => {
    const res = await request(app).post('/fhir/Patient/123').set('Content-Type', FHIR).send(newPatient('X')).expect(405);
    expect(res.body.resourceType).toBe('OperationOutcome');
    await request(app).options('/fhir/Patient').expect(405);
    await request(app).get('/fhir/Patient/%E0%A4%A').expect(400);
    await request(app).post('/fhir/Patient').set('Content-Type', FHIR).send('null').expect(400);
    await request(app).post('/fhir/Patient').set('Content-Type', FHIR).send(`{"resourceType":"Patient","name":[{"family":"${'a'.repeat(1000)}"}]}`).expect(201);
    await request(app).get('/fhir/metadata').expect(200);
  });

  it('$validate answers 200 with an OperationOutcome either way', async () => {
    const okRes = await request(app).post('/fhir/Patient/$validate').set('Content-Type', FHIR).send(newPatient('Valid')).expect(200);
    expect(okRes.body.issue[0].severity).toBe('information');
    const bad = await request(app).post('/fhir/Patient/$validate').set('Content-Type', FHIR).send({ ...newPatient('Valid'), gender: 'robot' }).expect(200);
    expect(bad.body.issue.some((i: { severity: string }) => i.severity === 'error')).toBe(true);
  });

  it('POST /admin/reset drops client writes', async () => {
    const created = await request(app).post('/fhir/Patient').set('Content-Type', FHIR).send(newPatient('Reset')).expect(201);
    await request(app).post('/admin/reset').set('Authorization', ADMIN_AUTH).expect(200);
    await request(app).get(`/fhir/Patient/${created.body.id}`).expect(404);
  });
});

describe('history, conditional delete, caching headers and Prefer', () => {
  it('type and system history list client writes newest first with paging links', async () => {
    const a = await request(app).post('/fhir/Patient').set('Content-Type', FHIR).send(newPatient('HistA')).expect(201);
    const b = await request(app).post('/fhir/Patient').set('Content-Type', FHIR).send(newPatient('HistB')).expect(201);
    const type = await request(app).get('/fhir/Patient/_history?_count=1').expect(200);
    expect(type.body.type).toBe('history');
    expect(type.body.entry[0].resource.id).toBe(b.body.id);
    expect(type.body.entry[0].request).toEqual({ method: 'POST', url: 'Patient' });
    expect(type.body.link.find((l: { relation: string }) => l.relation === 'next').url).toMatch(/\/fhir\/Patient\/_history\?.*_offset=1/);
    const system = await request(app).get('/fhir/_history?_count=2').expect(200);
    expect(system.body.entry.map((e: { resource: { id: string } }) => e.resource.id)).toEqual([b.body.id, a.body.id]);
    await request(app).get('/fhir/_history?_since=not-a-date').expect(400);
  });

  it('conditional delete removes the single match and is a no-op without one', async () => {
    const created = await request(app).post('/fhir/Patient').set('Content-Type', FHIR).send(newPatient('CondDel', 'cd-1')).expect(201);
    await request(app).delete('/fhir/Patient?identifier=urn:test:mrn|cd-1').expect(200);
    await request(app).get(`/fhir/Patient/${created.body.id}`).expect(410);
    await request(app).delete('/fhir/Patient?identifier=urn:test:mrn|cd-1').expect(200);
    await request(app).delete('/fhir/Patient').expect(400);
  });

  it('answers If-None-Match with 304, HEAD without a body, unknown versions with 404', async () => {
    const created = await request(app).post('/fhir/Patient').set('Content-Type', FHIR).send(newPatient('Cache')).expect(201);
    await request(app).get(`/fhir/Patient/${created.body.id}`).set('If-None-Match', 'W/"1"').expect(304);
    const head = await request(app).head(`/fhir/Patient/${created.body.id}`).expect(200);
    expect(head.headers.etag).toBe('W/"1"');
    await request(app).get(`/fhir/Patient/${created.body.id}/_history/9`).expect(404);
  });

  it('honours Prefer: return=minimal and return=OperationOutcome', async () => {
    const minimal = await request(app).post('/fhir/Patient').set('Content-Type', FHIR).set('Prefer', 'return=minimal').send(newPatient('Minimal')).expect(201);
    expect(minimal.text).toBe('');
    expect(minimal.headers.location).toMatch(/\/fhir\/Patient\/.+\/_history\/1$/);
    const oo = await request(app).post('/fhir/Patient').set('Content-Type', FHIR).set('Prefer', 'return=OperationOutcome').send(newPatient('Oo')).expect(201);
    expect(oo.body.resourceType).toBe('OperationOutcome');
  });
});

describe('body limit', () => {
  it('answers 413 with an OperationOutcome beyond the configured limit', async () => {
    const express = (await import('express')).default;
    const { createFhirRouter } = await import('../../server/fhir/http-adapter.js');
    const { store } = await fhirFixture(2);
    const small = express().use('/fhir', createFhirRouter(store, { bodyLimit: 200 }));
    const res = await request(small).post('/fhir/Patient').set('Content-Type', FHIR).send({ ...newPatient('Big'), text: { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml">${'x'.repeat(500)}</div>` } }).expect(413);
    expect(res.body.resourceType).toBe('OperationOutcome');
    await request(small).post('/fhir/Patient').set('Content-Type', FHIR).send(newPatient('Ok')).expect(201);
  });
});
