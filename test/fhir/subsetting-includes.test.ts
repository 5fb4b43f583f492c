import type { Bundle, Coverage, Resource } from 'fhir/r4';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { fhirFixture } from './fixture.js';

type App = Awaited<ReturnType<typeof fhirFixture>>['app'];
let app: App;
let coverage: Coverage;
let patientId: string;

beforeAll(async () => {
  let resources: Resource[];
  ({ app, resources } = await fhirFixture(40));
  coverage = resources.find((r): r is Coverage => r.resourceType === 'Coverage')!;
  patientId = coverage.beneficiary.reference!.split('/')[1];
});

const isSubsetted = (r: Resource): boolean => (r.meta?.tag ?? []).some((t) => t.system === 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue' && t.code === 'SUBSETTED');

interface Case {
  name: string;
  query: () => string;
  /** The matched resource: exactly these keys (when given), none of `lacks`. */
  match: { keys?: string[]; lacks: string[]; subsetted: boolean };
  include: { has: string[]; lacks: string[]; subsetted: boolean };
}

const byMode = (b: Bundle, mode: 'match' | 'include'): Resource[] => (b.entry ?? []).filter((e) => e.search?.mode === mode).map((e) => e.resource!);

describe('_summary / _elements on included resources (R4 search.html#summary, #elements)', () => {
  // R4 #elements: "The list of elements does not apply to included resources." R4 #summary makes no such exception,
  // and HAPI's parser applies summary mode to every resource it writes, includes too.
  it.each<Case>([
    {
      name: '_elements subsets the matches only',
      query: () => `Coverage?_id=${coverage.id}&_include=Coverage:beneficiary&_elements=subscriberId`,
      match: { keys: ['beneficiary', 'id', 'meta', 'payor', 'resourceType', 'status', 'subscriberId'], lacks: [], subsetted: true },
      include: { has: ['name', 'birthDate', 'address', 'maritalStatus', 'communication'], lacks: [], subsetted: false },
    },
    {
      name: '_summary=true subsets matches and includes',
      query: () => `Coverage?_id=${coverage.id}&_include=Coverage:beneficiary&_summary=true`,
      match: { lacks: ['costToBeneficiary'], subsetted: true },
      include: { has: ['name', 'birthDate', 'address'], lacks: ['maritalStatus', 'communication', 'extension'], subsetted: true },
    },
    {
      name: '_summary=text subsets _revinclude-d resources too',
      query: () => `Patient?_id=${patientId}&_revinclude=Coverage:beneficiary&_summary=text`,
      match: { lacks: ['name', 'birthDate'], subsetted: true },
      include: { has: ['status', 'beneficiary', 'payor'], lacks: ['period', 'class', 'subscriberId'], subsetted: true },
    },
    {
      name: '_summary=false leaves everything whole',
      query: () => `Coverage?_id=${coverage.id}&_include=Coverage:beneficiary&_summary=false&_elements=status`,
      match: { lacks: [], subsetted: false },
      include: { has: ['maritalStatus'], lacks: [], subsetted: false },
    },
  ])('$name', async ({ query, match, include }) => {
    const bundle = (await request(app).get(`/fhir/${query()}`).expect(200)).body as Bundle;
    const [matched] = byMode(bundle, 'match');
    const included = byMode(bundle, 'include');
    expect(included.length).toBeGreaterThan(0);
    expect(isSubsetted(matched)).toBe(match.subsetted);
    if (match.keys) expect(Object.keys(matched).sort()).toEqual(match.keys);
    for (const key of match.lacks) expect(matched).not.toHaveProperty(key);
    for (const r of included) {
      expect(isSubsetted(r)).toBe(include.subsetted);
      for (const key of include.has) expect(r).toHaveProperty(key);
      for (const key of include.lacks) expect(r).not.toHaveProperty(key);
    }
  });

  it('tags every subsetted entry, match and include, exactly once', async () => {
    const bundle = (await request(app).get(`/fhir/Coverage?_id=${coverage.id}&_include=Coverage:beneficiary&_summary=data`).expect(200)).body as Bundle;
    for (const e of bundle.entry!) expect(e.resource!.meta!.tag!.filter((t) => t.code === 'SUBSETTED')).toHaveLength(1);
  });
});
