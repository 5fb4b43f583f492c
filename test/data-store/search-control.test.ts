import type { Resource } from 'fhir/r4';
import { beforeAll, describe, expect, it } from 'vitest';
import { createStore, StoreError, type SearchPage, type Store } from '../../data-store/index.js';
import { fixtureResources, params } from './fixtures.js';

let store: Store;
beforeAll(async () => {
  store = await createStore({ base: fixtureResources, baseLastUpdated: '2026-01-01T00:00:00Z', maxCount: 50 });
});

const run = (type: string | undefined, query: string, lenient = false): SearchPage => store.search({ resourceType: type, params: params(query), lenient });
const ids = (rs: Resource[]) => rs.map((r) => `${r.resourceType}/${r.id}`);

function invalid(fn: () => unknown): StoreError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe('invalid');
    return err as StoreError;
  }
  throw new Error('expected a StoreError');
}

describe('chained parameters and _has', () => {
  it.each([
    ['Observation', 'subject:Patient.name=smith,miller', ['Observation/o3']],
    ['Observation', 'patient.family=müller', ['Observation/o1', 'Observation/o2']],
    ['Observation', 'patient.gender=male', ['Observation/o3']],
    ['Condition', 'encounter.status=finished', ['Condition/c1']],
    ['Observation', 'subject.organization.name=acme', ['Observation/o1', 'Observation/o2', 'Observation/o3']],
    ['Patient', '_has:Observation:patient:code=4548-4', ['Patient/p1', 'Patient/p2']],
    ['Patient', '_has:Observation:patient:code=85354-9', ['Patient/p1']],
    ['Patient', '_has:Condition:subject:code=I10&gender=male', ['Patient/p2']],
    ['Encounter', '_has:Condition:encounter:code=E11.9', ['Encounter/e1']],
  ] as Array<[string, string, string[]]>)('%s?%s', (type, query, expected) => {
    expect(ids(run(type, query).matches)).toEqual(expected);
  });

  it('rejects a chain on a non-reference parameter and an unknown chained parameter', () => {
    invalid(() => run('Observation', 'code.name=x'));
    expect(invalid(() => run('Observation', 'patient.nonsense=x')).message).toContain('nonsense');
  });
});

describe('_include and _revinclude', () => {
  it('includes referenced resources without counting or duplicating them', () => {
    const page = run('Observation', 'patient=p1&_include=Observation:patient&_include=Observation:encounter');
    expect(ids(page.matches)).toEqual(['Observation/o1', 'Observation/o2']);
    expect(page.total).toBe(2);
    expect(ids(page.includes)).toEqual(['Patient/p1', 'Encounter/e1']);
  });

  it('honours Type:param:Target and *', () => {
    expect(ids(run('Observation', '_id=o1&_include=Observation:subject:Group').includes)).toEqual([]);
    expect(ids(run('Observation', '_id=o1&_include=Observation:subject:Patient').includes)).toEqual(['Patient/p1']);
    expect(ids(run('Encounter', '_id=e1&_include=*').includes).sort()).toEqual(['Organization/org1', 'Patient/p1']);
    expect(ids(run('Encounter', '_id=e1&_include=Encounter:*').includes).sort()).toEqual(['Organization/org1', 'Patient/p1']);
  });

  it('revincludes referencing resources', () => {
    const page = run('Encounter', 'patient=p1&_revinclude=Condition:encounter&_revinclude=Observation:encounter');
    expect(ids(page.matches)).toEqual(['Encounter/e1']);
    expect(ids(page.includes)).toEqual(['Condition/c1', 'Observation/o1']);
  });

  it('iterates only with :iterate', () => {
    const q = '_id=dr1&_include=DiagnosticReport:result&_include=Observation:has-member';
    expect(ids(run('DiagnosticReport', q).includes)).toEqual(['Observation/o3']);
    const it = '_id=dr1&_include=DiagnosticReport:result&_include:iterate=Observation:has-member&_include:iterate=Observation:patient';
    expect(ids(run('DiagnosticReport', it).includes)).toEqual(['Observation/o3', 'Observation/o1', 'Patient/p2', 'Patient/p1']);
  });

  it('does not repeat a match as an include', () => {
    const page = run('Observation', '_id=o1,o3&_include=Observation:has-member');
    expect(ids(page.matches)).toEqual(['Observation/o1', 'Observation/o3']);
    expect(page.includes).toEqual([]);
  });

  it('rejects an include of a non-reference parameter', () => {
    invalid(() => run('Observation', '_include=Observation:code'));
    invalid(() => run('Observation', '_include=nonsense'));
  });
});

describe('_sort', () => {
  it.each([
    ['Patient', '_sort=birthdate', ['p2', 'p1', 'p3']],
    ['Patient', '_sort=-birthdate', ['p3', 'p1', 'p2']],
    ['Patient', '_sort=family', ['p2', 'p1', 'p3']],
    ['Patient', '_sort=gender,-birthdate', ['p3', 'p1', 'p2']],
    ['Patient', '_sort=-gender,birthdate', ['p2', 'p1', 'p3']],
    // missing values sort last; ties are broken by id
    ['Observation', '_sort=value-quantity', ['o3', 'o1', 'o2']],
    ['Observation', '_sort=status', ['o1', 'o2', 'o3']],
    ['Observation', '_sort=-status', ['o3', 'o1', 'o2']],
    ['Patient', '_sort=_id', ['p1', 'p2', 'p3']],
  ] as Array<[string, string, string[]]>)('%s?%s', (type, query, expected) => {
    expect(run(type, query).matches.map((r) => r.id)).toEqual(expected);
  });

  it('rejects an unknown sort parameter, or ignores it when lenient', () => {
    invalid(() => run('Patient', '_sort=nonsense'));
    const page = run('Patient', '_sort=nonsense,-birthdate', true);
    expect(page.matches.map((r) => r.id)).toEqual(['p3', 'p1', 'p2']);
    expect(page.ignored).toEqual(['_sort=nonsense']);
  });
});

describe('paging', () => {
  it('pages with _count and _offset without overlap, keeping the total', () => {
    const seen: string[] = [];
    for (let offset = 0; offset < 20; offset += 2) {
      const page = run('Observation', `_count=2&_offset=${offset}&_sort=-date`);
      expect(page.total).toBe(3);
      expect(page.count).toBe(2);
      expect(page.offset).toBe(offset);
      seen.push(...page.matches.map((r) => r.id!));
      if (offset + 2 >= page.total) break;
    }
    expect(seen).toEqual(['o1', 'o2', 'o3']);
  });

  it('defaults _count to 20, clamps it to maxCount and allows _count=0', () => {
    expect(run('Patient', '').count).toBe(20);
    expect(run('Patient', '_count=5000').count).toBe(50);
    const zero = run('Patient', '_count=0');
    expect(zero.matches).toEqual([]);
    expect(zero.total).toBe(3);
  });

  it('accepts _total values and rejects bad control values', () => {
    expect(run('Patient', '_total=accurate').total).toBe(3);
    invalid(() => run('Patient', '_total=sometimes'));
    invalid(() => run('Patient', '_count=-1'));
    invalid(() => run('Patient', '_offset=abc'));
  });
});

describe('unknown parameters and bad values', () => {
  it('rejects an unknown parameter by name when strict', () => {
    const err = invalid(() => run('Patient', 'nonsense=1'));
    expect(err.message).toContain('nonsense');
    expect(err.expression).toBe('nonsense');
  });

  it('ignores and lists unknown parameters when lenient', () => {
    const page = run('Patient', 'nonsense=1&gender=male&other:exact=2', true);
    expect(page.matches.map((r) => r.id)).toEqual(['p2']);
    expect(page.ignored).toEqual(['nonsense', 'other:exact']);
  });

  it('ignores presentation parameters', () => {
    expect(run('Patient', '_summary=true&_elements=id&_format=json&_pretty=true').total).toBe(3);
  });

  it.each([
    ['Patient', 'birthdate=yesterday'],
    ['Patient', 'birthdate=xx2020'],
    ['Patient', 'birthdate=2020-02-30'],
    ['Observation', 'value-quantity=abc'],
    ['Observation', 'code-value-quantity=4548-4'],
    ['Patient', 'gender:below=x'],
    ['Patient', 'active:missing=maybe'],
  ])('%s?%s is invalid and names the parameter', (type, query) => {
    const err = invalid(() => run(type, query));
    expect(err.message).toContain(query.split(/[=:]/)[0].replace('Nonsense', '') || type);
  });
});

describe('resource types', () => {
  it('rejects an unknown resource type and answers empty for a known type with no resources', () => {
    expect(invalid(() => run('Nonsense', '')).message).toContain('Nonsense');
    expect(invalid(() => run(undefined, '_type=Nonsense')).message).toContain('Nonsense');
    expect(run('Medication', '').total).toBe(0);
    // types without parameters of their own are still searchable by the Resource ones
    expect(run('Binary', '_id=x').total).toBe(0);
    invalid(() => run('Binary', 'name=x'));
    invalid(() => run('HumanName', ''));
  });
});

describe('system-level search', () => {
  it('searches across _type with common parameters', () => {
    expect(ids(run(undefined, '_type=Patient,Encounter&_id=p1,e1').matches)).toEqual(['Patient/p1', 'Encounter/e1']);
    expect(ids(run(undefined, '_id=p1,e1').matches)).toEqual(['Encounter/e1', 'Patient/p1']);
    expect(run(undefined, '_lastUpdated=2026-01-01').total).toBe(fixtureResources().length);
  });

  it('pages across types without overlap', () => {
    const page = (offset: number) => run(undefined, `_type=Patient,Encounter&_count=2&_offset=${offset}`);
    expect([0, 2, 4].flatMap((o) => ids(page(o).matches))).toEqual(['Patient/p1', 'Patient/p2', 'Patient/p3', 'Encounter/e1', 'Encounter/e2']);
    expect(page(2).total).toBe(5);
  });

  it('skips types lacking a parameter and rejects a parameter no type knows', () => {
    expect(ids(run(undefined, '_type=Patient,Observation&gender=male').matches)).toEqual(['Patient/p2']);
    invalid(() => run(undefined, 'nonsense=1'));
  });
});
