import { describe, expect, it } from 'vitest';
import { validateResource } from '../../fhir-profiles/schema-validator.js';
import { generatePopulation } from '../../population/generate.js';

describe('schema validity of a 500-patient population', () => {
  it('every resource validates against the HL7 R4 JSON Schema and required bindings', () => {
    const { resources } = generatePopulation({ seed: '42', patients: 500, asOf: '2026-01-01', historyYears: 3, includeAddress: true });
    expect(resources.length).toBeGreaterThan(500);
    const failures: string[] = [];
    for (const resource of resources) {
      const result = validateResource(resource);
      if (!result.valid) failures.push(`${resource.resourceType}/${resource.id}: ${result.issues.map((i) => `${i.path} ${i.message}`).join('; ')}`);
    }
    // Show the first few failures in full; the count tells the rest.
    expect({ count: failures.length, first: failures.slice(0, 10) }).toEqual({ count: 0, first: [] });
  });
});
