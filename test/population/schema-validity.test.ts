import type { Resource } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { validateResource } from '../../fhir-profiles/schema-validator.js';
import type { PopulationConfig } from '../../population/config.js';
import { generatePopulation } from '../../population/generate.js';

function invalid(resources: Resource[]): { count: number; first: string[] } {
  const failures: string[] = [];
  for (const resource of resources) {
    const result = validateResource(resource);
    if (!result.valid) failures.push(`${resource.resourceType}/${resource.id}: ${result.issues.map((i) => `${i.path} ${i.message}`).join('; ')}`);
  }
  // The first few failures in full; the count tells the rest.
  return { count: failures.length, first: failures.slice(0, 10) };
}

describe('schema validity', () => {
  it('every resource of a 500-patient population validates against the HL7 R4 JSON Schema and required bindings', () => {
    const { resources } = generatePopulation({ seed: '42', patients: 500, asOf: '2026-01-01', historyYears: 3, includeAddress: true });
    expect(resources.length).toBeGreaterThan(500);
    expect(invalid(resources)).toEqual({ count: 0, first: [] });
    // Not a speed check: ~40,000 validations need more than the default minute when the shared machine is loaded.
  }, 240_000);

  it('stays valid at the edges of the configuration (no address, elderly only, one state, leap-day as-of, long history)', () => {
    const config: PopulationConfig = { seed: 'edge', patients: 60, asOf: '2024-02-29', historyYears: 10, includeAddress: false, minAge: 85, maxAge: 110, state: 'AK' };
    const { resources } = generatePopulation(config);
    expect(resources.filter((r) => r.resourceType === 'Patient')).toHaveLength(60);
    expect(invalid(resources)).toEqual({ count: 0, first: [] });
  });
});
