import { describe, expect, it } from 'vitest';
import type { Claim, Observation, Patient } from 'fhir/r4';
import { toFhirPath, validateResource } from '../../fhir-profiles/schema-validator.js';

const patient: Patient = {
  resourceType: 'Patient',
  id: 'p1',
  identifier: [{ use: 'official', system: 'https://example.org/mrn', value: '123' }],
  name: [{ use: 'official', family: 'Doe', given: ['Jane'] }],
  gender: 'female',
  birthDate: '1980-02-29',
  address: [{ use: 'home', line: ['1 Main St'], city: 'Boston', state: 'MA', postalCode: '02110' }],
  extension: [{ url: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex', valueCode: 'F' }],
};

const claim: Claim = {
  resourceType: 'Claim',
  id: 'c1',
  status: 'active',
  use: 'claim',
  type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claim-type', code: 'professional' }] },
  patient: { reference: 'Patient/p1' },
  created: '2025-03-01',
  provider: { reference: 'Organization/o1' },
  priority: { coding: [{ code: 'normal' }] },
  insurance: [{ sequence: 1, focal: true, coverage: { reference: 'Coverage/cov1' } }],
  item: [{ sequence: 1, productOrService: { coding: [{ code: '99213' }] }, net: { value: 120, currency: 'USD' } }],
};

const paths = (resource: unknown): string[] => validateResource(resource).issues.map((i) => i.path);

describe('validateResource (HL7 R4 JSON Schema + required bindings)', () => {
  it('accepts valid resources', () => {
    expect(validateResource(patient)).toEqual({ valid: true, issues: [], omitted: 0 });
    expect(validateResource(claim)).toEqual({ valid: true, issues: [], omitted: 0 });
    const obs: Observation = {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
      subject: { reference: 'Patient/p1' },
      effectiveDateTime: '2025-01-02T10:00:00Z',
      valueQuantity: { value: 72, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
    };
    expect(validateResource(obs).issues).toEqual([]);
  });

  it('rejects a bad gender code, naming the path and the value', () => {
    const result = validateResource({ ...patient, gender: 'M' });
    expect(result.valid).toBe(false);
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0].path).toBe('Patient.gender');
    expect(result.issues[0].message).toContain("'M'");
  });

  it('rejects a missing required status (a primitive the JSON Schema does not require)', () => {
    const { status: _omit, ...noStatus } = claim;
    expect(paths(noStatus)).toEqual(['Claim.status']);
    expect(paths({ resourceType: 'Observation', code: { text: 'x' } })).toEqual(['Observation.status']);
  });

  it('rejects codes outside required value sets that the schema has no enum for', () => {
    expect(paths({ ...claim, status: 'done' })).toEqual(['Claim.status']);
    expect(paths({ ...claim, use: 'bill' })).toEqual(['Claim.use']);
    expect(paths({ ...patient, identifier: [{ use: 'primary', value: '1' }] })).toEqual(['Patient.identifier[0].use']);
    const eob = validateResource({ resourceType: 'ExplanationOfBenefit', outcome: 'paid' });
    expect(eob.issues.map((i) => i.path)).toContain('ExplanationOfBenefit.outcome');
    expect(paths({ resourceType: 'Encounter', status: 'done', class: { code: 'AMB' } })).toEqual(['Encounter.status']);
  });

  it('rejects wrong types and unknown elements with their paths', () => {
    expect(paths({ ...patient, name: [{ family: 42 }] })).toEqual(['Patient.name[0].family']);
    expect(paths({ ...patient, birthDate: '1980-13-01' })).toEqual(['Patient.birthDate']);
    expect(paths({ ...patient, nickname: 'JD' })).toEqual(['Patient.nickname']);
    expect(paths({ ...claim, patient: undefined })).toContain('Claim.patient');
  });

  it('rejects a string or number where a complex type belongs (the official schema omits type: object)', () => {
    expect(paths({ ...patient, meta: 'x' })).toEqual(['Patient.meta']);
    expect(paths({ ...patient, name: ['Doe'] })).toEqual(['Patient.name[0]']);
    expect(paths({ ...patient, maritalStatus: 7 })).toEqual(['Patient.maritalStatus']);
  });

  it('rejects non-resources and unknown types', () => {
    expect(validateResource(null).valid).toBe(false);
    expect(paths({ id: 'x' })).toEqual(['resourceType']);
    expect(paths({ resourceType: 'Patients' })).toEqual(['resourceType']);
  });

  it('turns JSON pointers into FHIRPath-like paths', () => {
    expect(toFhirPath('Claim', '/item/0/net/value')).toBe('Claim.item[0].net.value');
  });
});
