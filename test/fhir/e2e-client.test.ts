import type { Bundle, CapabilityStatement, OperationOutcome, Patient } from 'fhir/r4';
import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fhirFixture, listen } from './fixture.js';

let client: Client;
let close: () => Promise<void>;
let patientCount: number;
let coveredPatient: string;

beforeAll(async () => {
  const { app, resources } = await fhirFixture(35);
  patientCount = resources.filter((r) => r.resourceType === 'Patient').length;
  coveredPatient = (resources.find((r) => r.resourceType === 'Coverage') as unknown as { beneficiary: { reference: string } }).beneficiary.reference;
  const server = await listen(app);
  close = server.close;
  client = new Client({ baseUrl: server.baseUrl });
});

afterAll(async () => {
  await close();
});

/** fhir-kit-client rejects with `{ response: { status, data } }` on HTTP errors. */
async function failure(promise: Promise<unknown>): Promise<{ status: number; data: OperationOutcome }> {
  try {
    await promise;
  } catch (err) {
    const { response } = err as { response: { status: number; data: OperationOutcome | string } };
    return { status: response.status, data: typeof response.data === 'string' ? (JSON.parse(response.data) as OperationOutcome) : response.data };
  }
  throw new Error('expected the request to fail');
}

describe('fhir-kit-client against the running server', () => {
  it('reads the CapabilityStatement', async () => {
    const cs = (await client.capabilityStatement()) as unknown as CapabilityStatement;
    expect(cs.fhirVersion).toBe('4.0.1');
    expect(cs.rest![0].resource!.some((r) => r.type === 'Patient')).toBe(true);
  });

  it('searches and pages to the last page with nextPage', async () => {
    let bundle = (await client.search({ resourceType: 'Patient', searchParams: { _count: 8 } })) as unknown as Bundle;
    expect(bundle.total).toBe(patientCount);
    const ids = new Set<string>();
    for (;;) {
      for (const e of bundle.entry ?? []) ids.add(e.resource!.id!);
      const next = (await client.nextPage({ bundle: bundle as never })) as unknown as Bundle | undefined;
      if (!next) break;
      bundle = next;
    }
    expect(ids.size).toBe(patientCount);
    const back = (await client.prevPage({ bundle: bundle as never })) as unknown as Bundle;
    expect(back.entry!.length).toBe(8);
  });

  it('reads a patient and its coverage with _revinclude / _include', async () => {
    const [type, id] = coveredPatient.split('/');
    const patient = (await client.read({ resourceType: type, id })) as unknown as Patient;
    expect(patient.id).toBe(id);
    const rev = (await client.search({ resourceType: 'Patient', searchParams: { _id: id, _revinclude: 'Coverage:beneficiary' } })) as unknown as Bundle;
    expect(rev.entry!.some((e) => e.search!.mode === 'include' && e.resource!.resourceType === 'Coverage')).toBe(true);
    const inc = (await client.search({ resourceType: 'Coverage', searchParams: { beneficiary: coveredPatient, _include: 'Coverage:beneficiary' } })) as unknown as Bundle;
    expect(inc.entry!.some((e) => e.search!.mode === 'include' && e.resource!.id === id)).toBe(true);
  });

  it('creates, updates and deletes', async () => {
    const created = (await client.create({ resourceType: 'Patient', body: { resourceType: 'Patient', name: [{ family: 'Kit' }] } })) as unknown as Patient;
    expect(created.meta!.versionId).toBe('1');
    const updated = (await client.update({ resourceType: 'Patient', id: created.id!, body: { ...created, gender: 'female' } })) as unknown as Patient;
    expect(updated.meta!.versionId).toBe('2');
    const patched = (await client.patch({ resourceType: 'Patient', id: created.id!, jsonPatch: [{ op: 'add', path: '/active', value: true }] })) as unknown as Patient;
    expect(patched.active).toBe(true);
    await client.delete({ resourceType: 'Patient', id: created.id! });
    const gone = await failure(client.read({ resourceType: 'Patient', id: created.id! }));
    expect(gone.status).toBe(410);
    expect(gone.data.resourceType).toBe('OperationOutcome');
  });

  it('runs a transaction with urn:uuid references', async () => {
    const urn = 'urn:uuid:11111111-2222-4333-8444-555555555555';
    const result = (await client.transaction({
      body: {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          { fullUrl: urn, resource: { resourceType: 'Patient', name: [{ family: 'KitTxn' }] }, request: { method: 'POST', url: 'Patient' } },
          { resource: { resourceType: 'Encounter', status: 'finished', class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' }, subject: { reference: urn } }, request: { method: 'POST', url: 'Encounter' } },
        ],
      },
    })) as unknown as Bundle;
    expect(result.type).toBe('transaction-response');
    const patientId = result.entry![0].resource!.id!;
    const encounters = (await client.search({ resourceType: 'Encounter', searchParams: { subject: `Patient/${patientId}` } })) as unknown as Bundle;
    expect(encounters.total).toBe(1);
  });

  it('conditional create returns the existing resource the second time', async () => {
    const body = { resourceType: 'Patient', identifier: [{ system: 'urn:test:kit', value: 'cc-1' }] };
    const options = { headers: { 'If-None-Exist': 'identifier=urn:test:kit|cc-1' } };
    const first = (await client.create({ resourceType: 'Patient', body, options })) as unknown as Patient;
    const second = (await client.create({ resourceType: 'Patient', body, options })) as unknown as Patient;
    expect(second.id).toBe(first.id);
  });

  it('surfaces errors as OperationOutcomes', async () => {
    const missing = await failure(client.read({ resourceType: 'Patient', id: 'no-such-patient' }));
    expect(missing.status).toBe(404);
    expect(missing.data.resourceType).toBe('OperationOutcome');
    const bad = await failure(client.search({ resourceType: 'Patient', searchParams: { notAParam: 'x' } }));
    expect(bad.status).toBe(400);
    expect(bad.data.issue[0].severity).toBe('error');
    const invalid = await failure(client.create({ resourceType: 'Patient', body: { resourceType: 'Patient', gender: 'robot' } }));
    expect(invalid.status).toBe(422);
  });
});
