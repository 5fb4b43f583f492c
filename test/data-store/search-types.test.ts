import { beforeAll, describe, expect, it } from 'vitest';
import { createStore, type Store } from '../../data-store/index.js';
import { fixtureResources, params } from './fixtures.js';

let store: Store;
beforeAll(async () => {
  store = await createStore({ base: fixtureResources, baseLastUpdated: '2026-01-01T00:00:00Z', clock: () => new Date('2026-01-02T00:00:00Z') });
});

const ids = (type: string, query: string) => store.search({ resourceType: type, params: params(query) }).matches.map((r) => r.id);

// [resource type, query, expected ids in the default (stable) order]
const cases: Array<[string, string, string[]]> = [
  // string: starts-with, case- and accent-insensitive; :exact; :contains; HumanName and Address parts
  ['Patient', 'family=mul', ['p1']],
  ['Patient', 'family=MÜLLER', ['p1']],
  ['Patient', 'family=mi', ['p2']],
  ['Patient', 'family:exact=Müller', ['p1']],
  ['Patient', 'family:exact=müller', []],
  ['Patient', 'family:contains=ll', ['p1', 'p2']],
  ['Patient', 'name=maria', ['p1']],
  ['Patient', 'name=carol', ['p3']],
  ['Patient', 'given=bo', ['p2']],
  ['Patient', 'address-city=spring', ['p1']],
  ['Patient', 'address=bost', ['p2']],
  ['Patient', 'address-postalcode=627', ['p1']],
  ['Patient', 'family=smith,miller', ['p2', 'p3']],
  // token: code, system|code, |code, system|, :not, :text, :of-type, booleans, ContactPoint
  ['Patient', 'gender=female', ['p1', 'p3']],
  ['Patient', 'gender:not=female', ['p2']],
  ['Patient', 'active=true', ['p1']],
  ['Patient', 'active=false', ['p2']],
  ['Patient', 'identifier=MRN002', ['p2']],
  ['Patient', 'identifier=https://cdg.example.org/fhir/sid/mrn|MRN001', ['p1']],
  ['Patient', 'identifier=https://cdg.example.org/fhir/sid/mrn|', ['p1', 'p2']],
  ['Patient', 'identifier=|MRN001', []],
  ['Patient', 'identifier:of-type=http://terminology.hl7.org/CodeSystem/v2-0203|MR|MRN001', ['p1']],
  ['Patient', 'phone=555-0101', ['p1']],
  ['Patient', 'email=anna@example.org', ['p1']],
  ['Patient', 'deceased=true', ['p3']],
  ['Observation', 'code=4548-4', ['o1', 'o3']],
  ['Observation', 'code=http://loinc.org|4548-4', ['o1', 'o3']],
  ['Observation', 'code=http://snomed.info/sct|4548-4', []],
  ['Observation', 'code=http://loinc.org|', ['o1', 'o2', 'o3']],
  ['Observation', 'code:text=hemoglobin', ['o1']],
  ['Observation', 'status=final,preliminary', ['o1', 'o2', 'o3']],
  ['Observation', 'status:not=final', ['o3']],
  ['Observation', 'status:not=final,preliminary', []],
  ['Observation', 'code:not=4548-4,8480-6', ['o2']],
  ['Observation', 'component-code=8480-6', ['o2']],
  ['Condition', 'code:text=diabetes', ['c1']],
  ['Condition', 'clinical-status=active', ['c1']],
  ['Encounter', 'class=AMB', ['e1']],
  ['Patient', '_id=p2,p3', ['p2', 'p3']],
  // reference: id, Type/id, absolute URL, :Type, :identifier, where(resolve() is Patient)
  ['Observation', 'subject=Patient/p1', ['o1', 'o2']],
  ['Observation', 'subject=p2', ['o3']],
  ['Observation', 'subject:Patient=p2', ['o3']],
  ['Observation', 'patient=p1', ['o1', 'o2']],
  ['Observation', 'subject=http://example.org/fhir/Patient/p1', ['o1', 'o2']],
  ['Observation', 'encounter=Encounter/e1', ['o1']],
  ['Observation', 'has-member=Observation/o1', ['o3']],
  ['Patient', 'organization=Organization/org1', ['p1', 'p2']],
  ['Patient', 'general-practitioner=Practitioner/pr1', ['p1']],
  // date: prefixes, precision ranges, time zones, Period, missing end
  ['Patient', 'birthdate=1980', ['p1']],
  ['Patient', 'birthdate=1980-05', ['p1']],
  ['Patient', 'birthdate=eq1980-05-17', ['p1']],
  ['Patient', 'birthdate=ne1980-05-17', ['p2', 'p3']],
  ['Patient', 'birthdate=ge1980-01-01', ['p1', 'p3']],
  ['Patient', 'birthdate=gt1980', ['p3']],
  ['Patient', 'birthdate=lt1980-05-17', ['p2']],
  ['Patient', 'birthdate=le1980-05-17', ['p1', 'p2']],
  ['Patient', 'birthdate=sa1990', ['p3']],
  ['Patient', 'birthdate=eb1976', ['p2']],
  // ap: within 10% of the gap between now (2026-01-02) and the value: ±4.6 years around 1980, ±2.5 around 2001
  ['Patient', 'birthdate=ap1980-05-17', ['p1', 'p2']],
  ['Patient', 'birthdate=ap2001', ['p3']],
  ['Patient', 'birthdate=2001-06-01', []],
  ['Patient', 'birthdate=ge1980-01-01&birthdate=le2000-12-31', ['p1']],
  ['Patient', 'death-date=2024-03-01', ['p3']],
  ['Observation', 'date=ge2025-01-01', ['o1']],
  ['Observation', 'date=2025-01-10T09:15:00Z', ['o1']],
  ['Observation', 'date=2025-01-10T10:15:00%2B01:00', ['o1']],
  ['Observation', 'date=2025-01-10T04:15:00-05:00', ['o1']],
  ['Observation', 'date=2025-01-10T10:15:00Z', []],
  ['Observation', 'date=2025-01-10T09:15', ['o1']],
  ['Observation', 'date=2023-02', ['o3']],
  ['Observation', 'date=2023-02-02', []],
  ['Observation', 'date=ge2023-02-02&date=le2023-02-02', ['o3']],
  ['Observation', 'date=lt2024', ['o3']],
  // Encounter e2 starts 2024-12-30T22:00-05:00 = 2024-12-31T03:00Z and has no end (ongoing)
  ['Encounter', 'date=ge2025-06-01', ['e2']],
  ['Encounter', 'date=2024-12-31', []],
  ['Encounter', 'date=lt2024-12-31T03:00:00Z', []],
  ['Encounter', 'date=lt2024-12-31T03:00:01Z', ['e2']],
  ['Encounter', 'date=eb2025-01-11', ['e1']],
  ['Condition', 'onset-date=2019', ['c1']],
  ['Condition', 'onset-date=2019-06-15', []],
  ['Patient', '_lastUpdated=2026-01-01', ['p1', 'p2', 'p3']],
  ['Patient', '_lastUpdated=gt2026-01-01', []],
  // quantity and number: implicit precision, prefixes, system/code
  ['Observation', 'value-quantity=7.2', ['o1']],
  ['Observation', 'value-quantity=7', ['o1']],
  ['Observation', 'value-quantity=7.0', []],
  ['Observation', 'value-quantity=5.4|http://unitsofmeasure.org|%', ['o3']],
  ['Observation', 'value-quantity=5.4||%', ['o3']],
  ['Observation', 'value-quantity=5.4|http://unitsofmeasure.org|mg', []],
  ['Observation', 'value-quantity=gt6', ['o1']],
  ['Observation', 'value-quantity=le5.4', ['o3']],
  ['Observation', 'value-quantity=ap7', ['o1']],
  ['Observation', 'value-quantity=ne7.2', ['o3']],
  ['Observation', 'combo-value-quantity=gt140', ['o2']],
  // composite: both parts must match within one element
  ['Observation', 'code-value-quantity=http://loinc.org|4548-4$gt6', ['o1']],
  ['Observation', 'code-value-quantity=4548-4$lt6,4548-4$gt7', ['o1', 'o3']],
  ['Observation', 'component-code-value-quantity=8480-6$gt140', ['o2']],
  ['Observation', 'component-code-value-quantity=8462-4$gt140', []],
  ['Observation', 'combo-code-value-quantity=8462-4$91', ['o2']],
  // :missing
  ['Observation', 'value-quantity:missing=true', ['o2']],
  ['Observation', 'encounter:missing=false', ['o1']],
  ['Patient', 'death-date:missing=false', ['p3']],
];

describe('search parameter types, modifiers and prefixes', () => {
  it.each(cases)('%s?%s', (type, query, expected) => {
    expect(ids(type, query)).toEqual(expected);
  });
});

describe('number search', () => {
  it('uses the implicit precision of the value for eq and plain comparisons otherwise', async () => {
    const s = await createStore({
      base: () => [
        { resourceType: 'RiskAssessment', id: 'r1', status: 'final', subject: { reference: 'Patient/p1' }, prediction: [{ probabilityDecimal: 0.25 }] },
        { resourceType: 'RiskAssessment', id: 'r2', status: 'final', subject: { reference: 'Patient/p2' }, prediction: [{ probabilityDecimal: 0.7 }] },
      ],
    });
    const q = (query: string) => s.search({ resourceType: 'RiskAssessment', params: params(query) }).matches.map((r) => r.id);
    expect(q('probability=0.25')).toEqual(['r1']);
    expect(q('probability=0.3')).toEqual(['r1']);
    expect(q('probability=0.30')).toEqual([]);
    expect(q('probability=gt0.5')).toEqual(['r2']);
    expect(q('probability=le0.25')).toEqual(['r1']);
    expect(q('probability=ne0.7')).toEqual(['r1']);
    expect(q('probability=1')).toEqual(['r2']);
    expect(q('probability=7e-1')).toEqual(['r2']);
  });
});

describe('uri search', () => {
  it('matches exactly, :below and :above', async () => {
    const s = await createStore({
      base: () => [
        { resourceType: 'ValueSet', id: 'vs1', status: 'active', url: 'http://example.org/fhir/ValueSet/a' },
        { resourceType: 'ValueSet', id: 'vs2', status: 'active', url: 'http://example.org/fhir/ValueSet/a/b' },
      ],
    });
    const q = (query: string) => s.search({ resourceType: 'ValueSet', params: params(query) }).matches.map((r) => r.id);
    expect(q('url=http://example.org/fhir/ValueSet/a')).toEqual(['vs1']);
    expect(q('url:below=http://example.org/fhir/ValueSet')).toEqual(['vs1', 'vs2']);
    expect(q('url:above=http://example.org/fhir/ValueSet/a/b/c')).toEqual(['vs1', 'vs2']);
  });
});
