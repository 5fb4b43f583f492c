import type { Resource } from 'fhir/r4';

/** A small hand-written population covering every search parameter type used in the tests. */
export function fixtureResources(): Resource[] {
  return [
    { resourceType: 'Organization', id: 'org1', name: 'Acme Health', identifier: [{ system: 'http://hl7.org/fhir/sid/us-npi', value: '1234567893' }] },
    {
      resourceType: 'Practitioner', id: 'pr1', name: [{ family: 'House', given: ['Gregory'] }],
    },
    {
      resourceType: 'Patient', id: 'p1', active: true, gender: 'female', birthDate: '1980-05-17',
      name: [{ family: 'Müller', given: ['Anna', 'Maria'] }],
      identifier: [{ system: 'https://cdg.example.org/fhir/sid/mrn', value: 'MRN001', type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] } }],
      telecom: [{ system: 'phone', value: '555-0101' }, { system: 'email', value: 'anna@example.org' }],
      address: [{ city: 'Springfield', state: 'IL', postalCode: '62701' }],
      managingOrganization: { reference: 'Organization/org1' },
      generalPractitioner: [{ reference: 'Practitioner/pr1' }],
    },
    {
      resourceType: 'Patient', id: 'p2', active: false, gender: 'male', birthDate: '1975-12-31',
      name: [{ family: 'Miller', given: ['Bob'] }],
      identifier: [{ system: 'https://cdg.example.org/fhir/sid/mrn', value: 'MRN002' }],
      address: [{ city: 'Boston', state: 'MA', postalCode: '02101' }],
      managingOrganization: { reference: 'Organization/org1' },
    },
    {
      resourceType: 'Patient', id: 'p3', gender: 'female', birthDate: '2001',
      name: [{ family: 'Smith', given: ['Carol'] }],
      deceasedDateTime: '2024-03-01T10:00:00Z',
    },
    {
      resourceType: 'Encounter', id: 'e1', status: 'finished', class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
      subject: { reference: 'Patient/p1' }, period: { start: '2025-01-10T09:00:00Z', end: '2025-01-10T09:30:00Z' },
      serviceProvider: { reference: 'Organization/org1' },
    },
    {
      resourceType: 'Encounter', id: 'e2', status: 'in-progress', class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
      subject: { reference: 'Patient/p2' }, period: { start: '2024-12-30T22:00:00-05:00' },
    },
    {
      resourceType: 'Condition', id: 'c1', subject: { reference: 'Patient/p1' }, encounter: { reference: 'Encounter/e1' },
      code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'E11.9', display: 'Type 2 diabetes mellitus without complications' }], text: 'Diabetes' },
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
      onsetDateTime: '2019-06',
    },
    {
      resourceType: 'Condition', id: 'c2', subject: { reference: 'Patient/p2' }, encounter: { reference: 'Encounter/e2' },
      code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'I10', display: 'Essential hypertension' }] },
    },
    {
      resourceType: 'Observation', id: 'o1', status: 'final', subject: { reference: 'Patient/p1' }, encounter: { reference: 'Encounter/e1' },
      code: { coding: [{ system: 'http://loinc.org', code: '4548-4', display: 'Hemoglobin A1c' }] },
      effectiveDateTime: '2025-01-10T09:15:00Z',
      valueQuantity: { value: 7.2, unit: '%', system: 'http://unitsofmeasure.org', code: '%' },
    },
    {
      resourceType: 'Observation', id: 'o2', status: 'final', subject: { reference: 'Patient/p1' },
      code: { coding: [{ system: 'http://loinc.org', code: '85354-9', display: 'Blood pressure panel' }] },
      effectiveDateTime: '2024-06-01',
      component: [
        { code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] }, valueQuantity: { value: 142, unit: 'mm[Hg]', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' } },
        { code: { coding: [{ system: 'http://loinc.org', code: '8462-4' }] }, valueQuantity: { value: 91, unit: 'mm[Hg]', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' } },
      ],
    },
    {
      resourceType: 'Observation', id: 'o3', status: 'preliminary', subject: { reference: 'Patient/p2' },
      code: { coding: [{ system: 'http://loinc.org', code: '4548-4' }] },
      effectivePeriod: { start: '2023-02-01', end: '2023-02-03' },
      valueQuantity: { value: 5.4, unit: '%', system: 'http://unitsofmeasure.org', code: '%' },
      hasMember: [{ reference: 'Observation/o1' }],
    },
    {
      resourceType: 'DiagnosticReport', id: 'dr1', status: 'final', subject: { reference: 'Patient/p1' },
      code: { coding: [{ system: 'http://loinc.org', code: '4548-4' }] },
      result: [{ reference: 'Observation/o3' }],
    },
  ] as unknown as Resource[];
}

/** Parses `a=1&b=2` into the store's raw (name, value) pairs. */
export function params(query: string): Array<[string, string]> {
  return [...new URLSearchParams(query)];
}
