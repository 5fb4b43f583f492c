import type { Resource } from 'fhir/r4';
import fhirpath from 'fhirpath';
import r4model from 'fhirpath/fhir-context/r4';
import { beforeAll, describe, expect, it } from 'vitest';
import { createStore, type Store } from '../../data-store/index.js';
import { compileExpression } from '../../data-store/search/compile-expression.js';
import { entriesFor } from '../../data-store/search/index-values.js';
import { expressionForBase, searchParameterDefinitions } from '../../fhir-profiles/search-parameters.js';
import { DEFAULT_POPULATION_CONFIG } from '../../population/config.js';
import { generatePopulation } from '../../population/generate.js';

let resources: Resource[];
let store: Store;
beforeAll(async () => {
  resources = generatePopulation({ ...DEFAULT_POPULATION_CONFIG, patients: 25 }).resources;
  store = await createStore({ base: () => structuredClone(resources), baseLastUpdated: '2026-01-01T00:00:00Z' });
});

const byType = () => {
  const m = new Map<string, Resource[]>();
  for (const r of resources) m.set(r.resourceType, [...(m.get(r.resourceType) ?? []), r]);
  return m;
};

describe('generated population', () => {
  it('indexes the same values as the fhirpath engine for every parameter of every generated type', () => {
    let compared = 0;
    for (const [type, list] of byType()) {
      for (const sp of searchParameterDefinitions(type)) {
        const expr = expressionForBase(sp, type);
        if (!expr || sp.type === 'composite' || sp.type === 'special') continue;
        const compiled = compileExpression(expr);
        if (!compiled.fast) continue;
        // fhirpath.js only resolves references asynchronously; for the relative references we generate,
        // `resolve() is X` is the same as the reference starting with `X/`. It also insists on a
        // singleton before `as`, which R4 expressions like `(Observation.component.value as Quantity)`
        // break; `ofType` is the collection-safe reading we implement.
        const referenceExpr = expr
          .replace(/resolve\(\) is (\w+)/g, "reference.startsWith('$1/')")
          .replace(/([\w.]+) as (\w+)/g, '$1.ofType($2)')
          .replace(/\.as\((\w+)\)/g, '.ofType($1)');
        const reference = fhirpath.compile(referenceExpr, r4model);
        for (const r of list) {
          const ours = entriesFor(sp.type, compiled.extract(r));
          // A copy: fhirpath marks the objects it returns, and another file in this worker may have frozen shared ones.
          const theirs = entriesFor(sp.type, reference(structuredClone(r)) as unknown[]);
          expect(ours, `${type}.${sp.code} on ${r.id}`).toEqual(theirs);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(10_000);
  });

  it('finds every resource by _id and every patient member by its own references', () => {
    for (const [type, list] of byType()) {
      const page = store.search({ resourceType: type, params: [['_count', '1000']] });
      expect(page.total).toBe(list.length);
      const sample = list[list.length >> 1];
      expect(store.search({ resourceType: type, params: [['_id', sample.id!]] }).matches.map((r) => r.id)).toEqual([sample.id]);
    }
    const patient = resources.find((r) => r.resourceType === 'Patient')!;
    const own = resources.filter((r) => r.resourceType === 'Encounter' && JSON.stringify(r).includes(`"Patient/${patient.id}"`)).map((r) => r.id).sort();
    const found = store.search({ resourceType: 'Encounter', params: [['patient', patient.id!], ['_count', '1000']] }).matches.map((r) => r.id).sort();
    expect(found).toEqual(own);
    expect(own.length).toBeGreaterThan(0);
  });

  it('agrees with a brute-force filter for date and token searches', () => {
    const observations = resources.filter((r) => r.resourceType === 'Observation') as Array<Resource & { effectiveDateTime?: string; code?: { coding?: Array<{ system?: string; code?: string }> } }>;
    const since = Date.parse('2025-01-01T00:00:00Z');
    const expectedDate = observations.filter((o) => o.effectiveDateTime && Date.parse(o.effectiveDateTime) >= since).length;
    expect(store.search({ resourceType: 'Observation', params: [['date', 'ge2025-01-01'], ['_count', '0']] }).total).toBe(expectedDate);
    const code = observations[0].code!.coding![0];
    const expectedCode = observations.filter((o) => o.code?.coding?.some((c) => c.system === code.system && c.code === code.code)).length;
    expect(store.search({ resourceType: 'Observation', params: [['code', `${code.system}|${code.code}`], ['_count', '0']] }).total).toBe(expectedCode);
  });
});
