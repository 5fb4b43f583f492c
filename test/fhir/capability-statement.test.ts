import { describe, expect, it } from 'vitest';
import { CAPABILITY_DATE, buildCapabilityStatement } from '../../fhir-profiles/capability-statement.js';
import { findSearchParameter, searchParameterByUrl } from '../../fhir-profiles/search-parameters.js';
import { resourceTypes } from '../../server/fhir/resource-types.js';
import { routes } from '../../server/fhir/routes.js';

describe('CapabilityStatement generated from the route table', () => {
  const cs = buildCapabilityStatement({ resourceTypes: resourceTypes(), interactions: routes, software: { name: 'cdg', version: '1.2.3' }, baseUrl: 'http://x/fhir' });
  const rest = cs.rest![0];
  const patient = rest.resource!.find((r) => r.type === 'Patient')!;

  it('declares the server, version and JSON-only formats', () => {
    expect(cs).toMatchObject({ resourceType: 'CapabilityStatement', status: 'active', kind: 'instance', fhirVersion: '4.0.1', date: CAPABILITY_DATE });
    expect(cs.format).toEqual(['json', 'application/fhir+json']);
    expect(cs.format!.some((f) => f.includes('xml'))).toBe(false);
    expect(cs.patchFormat).toEqual(['application/json-patch+json']);
    expect(cs.software).toEqual({ name: 'cdg', version: '1.2.3' });
  });

  it('lists every R4 resource type with the interactions of the route table', () => {
    expect(rest.resource!.map((r) => r.type)).toEqual(resourceTypes());
    expect(rest.resource!.length).toBeGreaterThan(140);
    const codes = patient.interaction!.map((i) => i.code).sort();
    expect(codes).toEqual(['create', 'delete', 'history-instance', 'history-type', 'patch', 'read', 'search-type', 'update', 'vread']);
    expect(rest.interaction!.map((i) => i.code).sort()).toEqual(['batch', 'history-system', 'search-system', 'transaction']);
    expect(patient.operation!.map((o) => o.name).sort()).toEqual(['everything', 'export', 'validate']);
    const observation = rest.resource!.find((r) => r.type === 'Observation')!;
    expect(observation.operation!.map((o) => o.name)).toEqual(['validate']);
  });

  it('lists search parameters from the R4 definitions with type and definition url', () => {
    expect(patient.searchParam).toContainEqual({ name: 'family', type: 'string', definition: 'http://hl7.org/fhir/SearchParameter/individual-family' });
    expect(patient.searchParam).toContainEqual({ name: 'birthdate', type: 'date', definition: 'http://hl7.org/fhir/SearchParameter/individual-birthdate' });
    expect(patient.searchParam!.some((p) => p.name === '_id')).toBe(true);
    expect(patient.searchInclude).toContain('Patient:organization');
    expect(patient.searchRevInclude).toContain('Observation:subject');
    expect(patient.searchRevInclude).toContain('Encounter:patient');
  });
});

describe('advertised search parameters are the ones the store evaluates', () => {
  it('omits parameters without an expression (_text, _content, _query); every advertised search and parameter is accepted by the store', async () => {
    const { createStore } = await import('../../data-store/index.js');
    const store = await createStore({ base: () => [] });
    const cs = buildCapabilityStatement({ resourceTypes: resourceTypes(), interactions: routes, software: { name: 'cdg', version: '1' }, baseUrl: 'http://x/fhir' });
    const patient = cs.rest![0].resource!.find((r) => r.type === 'Patient')!;
    const names = patient.searchParam!.map((p) => p.name);
    for (const missing of ['_text', '_content', '_query']) expect(names).not.toContain(missing);
    // A well-formed value of the parameter's type (values are checked whether or not the type holds data).
    const sample: Record<string, string> = { date: '2020', number: '1', quantity: '1' };
    const valueFor = (type: string, code: string, kind: string | undefined): string => {
      if (kind !== 'composite') return sample[kind ?? ''] ?? 'x';
      const components = findSearchParameter(type, code)?.component ?? [];
      return components.map((c) => sample[searchParameterByUrl(c.definition)?.type ?? ''] ?? 'x').join('$');
    };
    const rejected: string[] = [];
    const searchTypes = cs.rest![0].resource!.filter((x) => x.interaction!.some((i) => i.code === 'search-type'));
    expect(searchTypes.length).toBeGreaterThan(130);
    for (const r of searchTypes) {
      try {
        store.search({ resourceType: r.type, params: [] });
      } catch (err) {
        rejected.push(`${r.type}: ${(err as Error).message}`);
      }
      for (const p of r.searchParam ?? []) {
        try {
          store.search({ resourceType: r.type, params: [[p.name, valueFor(r.type, p.name, p.type)]] });
        } catch (err) {
          rejected.push(`${r.type}.${p.name}: ${(err as Error).message}`);
        }
      }
    }
    expect(rejected).toEqual([]);
    await store.close();
  });
});
