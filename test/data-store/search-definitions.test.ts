import { describe, expect, it } from 'vitest';
import { compileExpression } from '../../data-store/search/compile-expression.js';
import { freezeDeep } from '../../data-store/freeze.js';
import { parseDateRange } from '../../data-store/search/date-range.js';
import { expressionForBase, findSearchParameter, searchParameterDefinitions } from '../../fhir-profiles/search-parameters.js';

describe('R4 SearchParameter definitions', () => {
  it('loads only the HL7 core set, indexed by base and code', () => {
    const all = searchParameterDefinitions();
    expect(all.length).toBeGreaterThan(1300);
    expect(all.every((sp) => sp.url.startsWith('http://hl7.org/fhir/SearchParameter/'))).toBe(true);
    const patient = searchParameterDefinitions('Patient').map((sp) => sp.code);
    expect(patient).toEqual(expect.arrayContaining(['_id', '_lastUpdated', 'family', 'birthdate', 'identifier', 'general-practitioner']));
    expect(findSearchParameter('Observation', 'patient')?.type).toBe('reference');
    expect(findSearchParameter('Observation', 'code-value-quantity')?.type).toBe('composite');
    expect(findSearchParameter('Patient', 'nonsense')).toBeUndefined();
  });

  it('keeps the branches of a multi-base expression that apply to one type', () => {
    const sp = findSearchParameter('Observation', 'patient')!;
    expect(expressionForBase(sp, 'Observation')).toBe('Observation.subject.where(resolve() is Patient)');
    expect(expressionForBase(findSearchParameter('Patient', 'family')!, 'Patient')).toBe('Patient.name.family');
    expect(expressionForBase(findSearchParameter('Patient', '_id')!, 'Patient')).toBe('Resource.id');
  });

  it('compiles nearly every expression into a fast extractor and evaluates the rest with fhirpath', () => {
    let fast = 0;
    let slow = 0;
    for (const sp of searchParameterDefinitions()) {
      for (const base of sp.base) {
        const expr = expressionForBase(sp, base);
        if (!expr) continue;
        if (compileExpression(expr).fast) fast++;
        else slow++;
      }
    }
    expect(fast).toBeGreaterThan(1600);
    expect(slow).toBeLessThan(10);
    const deceased = compileExpression('Patient.deceased.exists() and Patient.deceased != false');
    expect(deceased.fast).toBe(false);
    expect(deceased.extract({ resourceType: 'Patient', deceasedBoolean: true })).toEqual([true]);
  });

  it('evaluates a fhirpath expression over a stored (deeply frozen) version, whose objects fhirpath may not mark', () => {
    const composition = compileExpression('Bundle.entry[0].resource');
    expect(composition.fast).toBe(false);
    const bundle = { resourceType: 'Bundle', type: 'document', entry: [{ resource: { resourceType: 'Composition', id: 'c1' } }] };
    freezeDeep(bundle);
    expect(composition.extract(bundle)).toEqual([{ resourceType: 'Composition', id: 'c1' }]);
  });

  it.each([
    ['Observation.effective', { resourceType: 'Observation', effectivePeriod: { start: '2020' } }, [{ start: '2020' }]],
    ['(Observation.value as Quantity)', { resourceType: 'Observation', valueQuantity: { value: 1 } }, [{ value: 1 }]],
    ['Observation.component.value.as(Quantity)', { resourceType: 'Observation', component: [{ valueQuantity: { value: 2 } }, { valueString: 'x' }] }, [{ value: 2 }]],
    ['Patient.telecom.where(system=\'email\')', { resourceType: 'Patient', telecom: [{ system: 'phone', value: '1' }, { system: 'email', value: 'a@b' }] }, [{ system: 'email', value: 'a@b' }]],
    ['Encounter.participant.individual.where(resolve() is Practitioner)', { resourceType: 'Encounter', participant: [{ individual: { reference: 'Practitioner/1' } }, { individual: { reference: 'RelatedPerson/2' } }] }, [{ reference: 'Practitioner/1' }]],
    ['Patient.name.family | Practitioner.name.family', { resourceType: 'Practitioner', name: [{ family: 'A' }, { family: 'B' }] }, ['A', 'B']],
  ])('%s', (expr, resource, expected) => {
    const compiled = compileExpression(expr);
    expect(compiled.fast).toBe(true);
    expect(compiled.extract(resource)).toEqual(expected);
  });
});

describe('date precision ranges', () => {
  const iso = (v: string) => {
    const r = parseDateRange(v);
    return r && [new Date(r.lo).toISOString(), new Date(r.hi).toISOString()];
  };
  it.each([
    ['2025', ['2025-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z']],
    ['2024-02', ['2024-02-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z']],
    ['2024-02-29', ['2024-02-29T00:00:00.000Z', '2024-03-01T00:00:00.000Z']],
    ['2025-03-01T10:00', ['2025-03-01T10:00:00.000Z', '2025-03-01T10:01:00.000Z']],
    ['2025-03-01T10:00:00Z', ['2025-03-01T10:00:00.000Z', '2025-03-01T10:00:01.000Z']],
    ['2025-03-01T10:00:00+02:00', ['2025-03-01T08:00:00.000Z', '2025-03-01T08:00:01.000Z']],
    ['2025-03-01T10:00:00.5-05:00', ['2025-03-01T15:00:00.500Z', '2025-03-01T15:00:00.600Z']],
    ['2025-03-01T10:00:00.123Z', ['2025-03-01T10:00:00.123Z', '2025-03-01T10:00:00.124Z']],
    ['2025-03-01T23:30+01:00', ['2025-03-01T22:30:00.000Z', '2025-03-01T22:31:00.000Z']],
  ])('%s', (value, expected) => {
    expect(iso(value)).toEqual(expected);
  });

  it.each(['2025-02-29', '2025-13', '25-01-01', '2025-01-01T25:00', 'today', ''])('rejects %s', (value) => {
    expect(parseDateRange(value)).toBeUndefined();
  });
});
