import type { Bundle, DocumentReference, MedicationDispense, Resource } from 'fhir/r4';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { fhirFixture } from './fixture.js';

// The resource types issue 16 adds are served and searchable by their R4 search parameters, and listed in the
// CapabilityStatement.
type App = Awaited<ReturnType<typeof fhirFixture>>['app'];
let app: App;
let resources: Resource[];

beforeAll(async () => {
  ({ app, resources } = await fhirFixture(40));
});

const ids = (bundle: Bundle): string[] => (bundle.entry ?? []).map((e) => `${e.resource?.resourceType}/${e.resource?.id}`).sort();

describe('MedicationDispense and DocumentReference over FHIR', () => {
  it('finds a patient\'s fills by patient and by NDC code', async () => {
    const fill = resources.find((r): r is MedicationDispense => r.resourceType === 'MedicationDispense');
    expect(fill).toBeDefined();
    const patient = fill?.subject?.reference ?? '';
    const expected = resources.filter((r) => r.resourceType === 'MedicationDispense' && (r as MedicationDispense).subject?.reference === patient)
      .map((r) => `MedicationDispense/${r.id}`).sort();
    const byPatient = await request(app).get(`/fhir/MedicationDispense?patient=${patient}&_count=500`).expect(200);
    expect(ids(byPatient.body as Bundle)).toEqual(expected);
    const ndc = fill?.medicationCodeableConcept?.coding?.find((c) => c.system === 'http://hl7.org/fhir/sid/ndc')?.code ?? '';
    const byCode = await request(app).get(`/fhir/MedicationDispense?code=http://hl7.org/fhir/sid/ndc|${ndc}&patient=${patient}&_count=500`).expect(200);
    expect(ids(byCode.body as Bundle)).toContain(`MedicationDispense/${fill?.id}`);
  });

  it('finds the note of an encounter by encounter and by LOINC type', async () => {
    const note = resources.find((r): r is DocumentReference => r.resourceType === 'DocumentReference');
    expect(note).toBeDefined();
    const encounter = note?.context?.encounter?.[0]?.reference ?? '';
    const res = await request(app).get(`/fhir/DocumentReference?encounter=${encounter}`).expect(200);
    expect(ids(res.body as Bundle)).toEqual([`DocumentReference/${note?.id}`]);
    const type = note?.type?.coding?.[0]?.code ?? '';
    const byType = await request(app).get(`/fhir/DocumentReference?type=http://loinc.org|${type}&subject=${note?.subject?.reference}`).expect(200);
    expect(ids(byType.body as Bundle)).toContain(`DocumentReference/${note?.id}`);
  });

  it('lists MedicationDispense, DocumentReference and Device in the CapabilityStatement with their search parameters', async () => {
    const res = await request(app).get('/fhir/metadata').expect(200);
    const rest = (res.body as { rest: { resource: { type: string; searchParam?: { name: string }[] }[] }[] }).rest[0].resource;
    for (const [type, param] of [['MedicationDispense', 'patient'], ['DocumentReference', 'encounter'], ['Device', 'patient']]) {
      const entry = rest.find((r) => r.type === type);
      expect(entry, type).toBeDefined();
      expect(entry?.searchParam?.map((p) => p.name)).toContain(param);
    }
  });
});
