import { describe, expect, it } from 'vitest';
import { validateResource } from '../../fhir-profiles/schema-validator.js';
import { clinicalSample } from './clinical-fixture.js';

describe('clinical records are valid FHIR R4', () => {
  it('every resource of 120 patients validates against the official R4 JSON schema and required bindings', () => {
    const failures: string[] = [];
    const types = new Set<string>();
    for (const { resources } of clinicalSample(120, { seed: 'schema' })) {
      for (const r of resources) {
        types.add(r.resourceType);
        const result = validateResource(r);
        if (!result.valid) failures.push(`${r.resourceType}/${r.id ?? ''}: ${result.issues.map((i) => `${i.path} ${i.message}`).join('; ')}`);
      }
    }
    expect(failures.slice(0, 10)).toEqual([]);
    // Device (a glucose meter with insulin) is rare at this size: the 500-patient test/population/schema-validity.test.ts has some.
    types.delete('Device');
    expect([...types].sort()).toEqual([
      'AllergyIntolerance', 'CarePlan', 'CareTeam', 'Claim', 'Condition', 'DiagnosticReport', 'DocumentReference', 'Encounter', 'ExplanationOfBenefit',
      'Goal', 'Immunization', 'MedicationDispense', 'MedicationRequest', 'Observation', 'Procedure',
    ]);
  });
});
