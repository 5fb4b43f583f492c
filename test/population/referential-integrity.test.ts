import type { Resource } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { generatePopulation } from '../../population/generate.js';

/** Every Reference.reference value inside a resource, with where it sits. */
function references(node: unknown, path: string, out: Array<{ path: string; reference: string }>): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => references(item, `${path}[${i}]`, out));
  } else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'reference' && typeof value === 'string') out.push({ path, reference: value });
      else references(value, `${path}.${key}`, out);
    }
  }
}

describe('referential integrity of a 500-patient population', () => {
  it('every reference resolves to a generated resource', () => {
    const { resources } = generatePopulation({ seed: '42', patients: 500, asOf: '2026-01-01', historyYears: 3, includeAddress: true });
    const ids = new Set(resources.map((r) => `${r.resourceType}/${r.id}`));
    expect(ids.size).toBe(resources.length);
    let checked = 0;
    const dangling: string[] = [];
    for (const resource of resources as Resource[]) {
      const found: Array<{ path: string; reference: string }> = [];
      references(resource, resource.resourceType, found);
      const contained = new Set(((resource as { contained?: Resource[] }).contained ?? []).map((c) => `#${c.id}`));
      for (const { path, reference } of found) {
        checked++;
        if (!ids.has(reference) && !contained.has(reference)) dangling.push(`${resource.resourceType}/${resource.id} ${path} -> ${reference}`);
      }
    }
    expect(checked).toBeGreaterThan(0);
    expect({ count: dangling.length, first: dangling.slice(0, 10) }).toEqual({ count: 0, first: [] });
  });
});
