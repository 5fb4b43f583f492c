import type { Observation, Patient, Resource } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPopulationIndex } from '../../../data-store/compact/population-index.js';
import { createStore, StoreError, type SearchQuery, type Store } from '../../../data-store/index.js';
import { DEFAULT_POPULATION_CONFIG } from '../../../population/config.js';
import { directoryResources, generateDirectory } from '../../../population/directory.js';
import { populationResources } from '../../../population/generate.js';
import { RECORD_TYPES } from '../../../population/record-types.js';
import { versionJson } from '../../../data-store/version-json.js';
import { freshWrites } from '../backend.js';

const config = { ...DEFAULT_POPULATION_CONFIG, patients: 40 };
const AS_OF = `${config.asOf}T00:00:00Z`;
const clock = () => new Date('2026-02-01T00:00:00Z');
let kept: Store;
let regenerated: Store;
let all: Resource[];

beforeAll(async () => {
  const directory = generateDirectory(config);
  all = [...populationResources(config, directory)].filter((r) => r.resourceType !== 'Group');
  kept = await createStore({ base: () => all.map((r) => structuredClone(r)), baseLastUpdated: AS_OF, clock });
  regenerated = await createStore({ base: () => directoryResources(directory), baseLastUpdated: AS_OF, clock, regenerated: { config, directory }, ...(await freshWrites()) });
});
afterAll(async () => {
  await kept.close();
  await regenerated.close();
});

const ids = (page: { matches: Resource[] }) => page.matches.map((r) => `${r.resourceType}/${r.id ?? ''}`);
const both = (query: SearchQuery) => [kept.search(query), regenerated.search(query)] as const;

describe('POPULATION_MODE=regenerated answers as the kept population does', () => {
  it('holds no type a record holds outside RECORD_TYPES', () => {
    const types = new Set(all.filter((r) => !['Organization', 'Practitioner', 'PractitionerRole', 'Location', 'InsurancePlan'].includes(r.resourceType)).map((r) => r.resourceType));
    expect(types.size).toBeGreaterThan(10);
    for (const t of types) expect(RECORD_TYPES.has(t), t).toBe(true);
  });

  it('reads and vreads every generated resource the same', () => {
    const sample = all.filter((_, i) => i % 37 === 0);
    expect(sample.length).toBeGreaterThan(50);
    for (const r of sample) {
      expect(regenerated.read(r.resourceType, r.id!)).toEqual(kept.read(r.resourceType, r.id!));
      expect(regenerated.vread(r.resourceType, r.id!, '1')).toEqual(kept.vread(r.resourceType, r.id!, '1'));
    }
    expect(() => regenerated.read('Patient', 'pt-999999')).toThrow(StoreError);
    expect(() => regenerated.read('Observation', 'nope')).toThrow(StoreError);
  });

  it('reads every Patient and Coverage alone (without its household) as the record holds it', async () => {
    const directory = generateDirectory(config);
    const fresh = await createStore({ base: () => directoryResources(directory), baseLastUpdated: AS_OF, clock, regenerated: { config, directory } });
    const people = all.filter((r) => r.resourceType === 'Patient' || r.resourceType === 'Coverage');
    expect(people.length).toBeGreaterThan(config.patients);
    for (const r of people) expect(fresh.read(r.resourceType, r.id!)).toEqual(kept.read(r.resourceType, r.id!));
    await fresh.close();
  });

  it('reads and finds Patients from the population index\'s stored rows as the kept store', async () => {
    const directory = generateDirectory(config);
    const index = startPopulationIndex(config, { threads: 1 });
    await index.whenBuilt();
    const indexed = await createStore({ base: () => directoryResources(directory), baseLastUpdated: AS_OF, clock, regenerated: { config, directory, index } });
    const patients = all.filter((r): r is Patient => r.resourceType === 'Patient');
    expect(patients).toHaveLength(config.patients);
    // A decoded Patient is served from its row's text: it must be the very bytes JSON.stringify would give.
    const servedAsStringified = (r: Resource): void => {
      const json = versionJson(r);
      expect(json, r.id).toBeDefined();
      expect(json!.toString('utf8'), r.id).toBe(JSON.stringify(r));
    };
    for (const p of patients) {
      const read = indexed.read('Patient', p.id!);
      expect(read).toEqual(kept.read('Patient', p.id!));
      servedAsStringified(read);
      for (const params of [[['family', p.name![0].family!]], [['birthdate', p.birthDate!], ['_total', 'accurate']]] as Array<Array<[string, string]>>) {
        const a = kept.search({ resourceType: 'Patient', params });
        const b = indexed.search({ resourceType: 'Patient', params });
        expect(b.matches, JSON.stringify(params)).toEqual(a.matches);
        expect(b.matches.length).toBeGreaterThan(0);
        b.matches.forEach(servedAsStringified);
      }
    }
    expect([...indexed.all('Patient')]).toEqual([...kept.all('Patient')]);
    await indexed.close();
    await index.close();
  });

  it('finds a patient compartment, _id and paged results as the kept store', () => {
    const familyOf = (id: string): string => (all.find((r) => r.resourceType === 'Patient' && r.id === id) as Patient).name![0].family!;
    const queries: SearchQuery[] = [
      { resourceType: 'Observation', params: [['patient', 'Patient/pt-000007'], ['_count', '1000']] },
      { resourceType: 'Observation', params: [['subject', 'pt-000007'], ['category', 'vital-signs'], ['_count', '7'], ['_offset', '3']] },
      { resourceType: 'Coverage', params: [['subscriber', 'Patient/pt-000000']] },
      { resourceType: 'ExplanationOfBenefit', params: [['patient', 'Patient/pt-000012,Patient/pt-000030'], ['_count', '50']] },
      { resourceType: 'Patient', params: [['_id', 'pt-000003,pt-000011']] },
      { resourceType: 'Encounter', params: [['patient', 'Patient/pt-000005'], ['_sort', '-date'], ['_count', '5']] },
      { resourceType: 'Observation', params: [['patient', 'Patient/pt-000004'], ['_include', 'Observation:patient'], ['_count', '3']] },
      { resourceType: 'Patient', params: [['_id', 'pt-000002'], ['_revinclude', 'Coverage:beneficiary']] },
      { resourceType: 'Observation', params: [['status', 'final'], ['_count', '10']] },
      // Patient and Coverage: each candidate patient's people part alone, read as far as the page (and the total).
      { resourceType: 'Patient', params: [['gender', 'female'], ['_count', '7'], ['_offset', '3']] },
      { resourceType: 'Patient', params: [['birthdate', 'ge1980'], ['_count', '100']] },
      { resourceType: 'Patient', params: [['family', familyOf('pt-000005')], ['_total', 'accurate']] },
      { resourceType: 'Coverage', params: [['status', 'active'], ['_count', '5'], ['_offset', '4'], ['_total', 'accurate']] },
      { resourceType: 'Organization', params: [['_id', 'org-prov-001'], ['_revinclude', 'PractitionerRole:organization']] },
      // Generated referrers of a directory resource: every household is read (40 patients fit the scan budget).
      { resourceType: 'Practitioner', params: [['_id', 'pract-0001'], ['_revinclude', 'Encounter:participant']] },
    ];
    for (const query of queries) {
      const [a, b] = both(query);
      expect(a.matches.length, JSON.stringify(query.params)).toBeGreaterThan(0);
      expect(ids(b), JSON.stringify(query.params)).toEqual(ids(a));
      expect(b.includes.map((r) => r.id).sort()).toEqual(a.includes.map((r) => r.id).sort());
      if (!b.estimated) expect(b.total).toBe(a.total);
    }
  });

  it('finds generated identifiers by arithmetic on their values, and nothing for a value no record holds', () => {
    const withIds = all.filter((r) => (r as { identifier?: unknown[] }).identifier?.length).filter((_, i) => i % 29 === 0);
    expect(withIds.length).toBeGreaterThan(20);
    for (const r of withIds) {
      const id = (r as unknown as { identifier: Array<{ system: string; value: string }> }).identifier[0];
      for (const token of [`${id.system}|${id.value}`, id.value]) {
        const [a, b] = both({ resourceType: r.resourceType, params: [['identifier', token], ['_count', '100']] });
        expect(ids(a)).toContain(`${r.resourceType}/${r.id}`);
        expect(ids(b)).toEqual(ids(a));
        expect(b.estimated).toBeFalsy();
        expect(b.total).toBe(a.total);
      }
    }
    const none = regenerated.search({ resourceType: 'Claim', params: [['identifier', 'https://cdg.example.org/fhir/sid/x12-claim-submission|whatever']] });
    expect(none.total).toBe(0);
    expect(none.estimated).toBeFalsy();
  });

  it('refuses what it would have to regenerate the population for, with too-costly', () => {
    const refused = (query: SearchQuery) => {
      try {
        regenerated.search(query);
      } catch (err) {
        return (err as StoreError).code;
      }
      return 'answered';
    };
    expect(refused({ resourceType: 'Observation', params: [['subject.name', 'x']] })).toBe('too-costly');
    expect(refused({ params: [['_lastUpdated', 'gt2000']] })).toBe('too-costly');
    expect(refused({ resourceType: 'Observation', params: [['bogus', '1']] })).toBe('invalid');
  });

  it('continues the generated version 1 on a client write, and shadows the generated one', async () => {
    const p = regenerated.read<Patient>('Patient', 'pt-000009');
    const { resource } = await regenerated.update({ ...p, gender: 'other' });
    expect(resource.meta?.versionId).toBe('2');
    expect(regenerated.read<Patient>('Patient', 'pt-000009').gender).toBe('other');
    expect(regenerated.vread<Patient>('Patient', 'pt-000009', '1').gender).toBe(p.gender);
    expect(regenerated.history({ resourceType: 'Patient', id: 'pt-000009' }).map((e) => e.versionId)).toEqual(['2', '1']);
    const found = regenerated.search({ resourceType: 'Patient', params: [['_id', 'pt-000009']] });
    expect(found.matches.map((r) => (r as Patient).gender)).toEqual(['other']);
    const obs = regenerated.search({ resourceType: 'Observation', params: [['patient', 'Patient/pt-000009'], ['_count', '1']] }).matches[0] as Observation;
    await regenerated.delete('Observation', obs.id!);
    expect(() => regenerated.read('Observation', obs.id!)).toThrow(/deleted/);
    const left = regenerated.search({ resourceType: 'Observation', params: [['patient', 'Patient/pt-000009'], ['_count', '1000']] });
    expect(ids(left)).not.toContain(`Observation/${obs.id}`);
    await expect(regenerated.create({ ...p, meta: undefined })).rejects.toThrow(/already exists/);
    const twin = await regenerated.conditionalCreate({ resourceType: 'Patient' }, [['_id', 'pt-000010']]);
    expect(twin.created).toBe(false);
    await regenerated.reset();
    expect(regenerated.read<Patient>('Patient', 'pt-000009').gender).toBe(p.gender);
    expect(regenerated.read('Observation', obs.id!).id).toBe(obs.id);
  });

  it('pages a kept search as it stood at its first page, whatever is written between pages', async () => {
    const directory = generateDirectory(config);
    const store = await createStore({ base: () => directoryResources(directory), baseLastUpdated: AS_OF, clock, regenerated: { config, directory }, ...(await freshWrites()) });
    const params: Array<[string, string]> = [['gender', 'female'], ['_count', '3']];
    const first = store.search({ resourceType: 'Patient', params, keep: true });
    const expected = store.search({ resourceType: 'Patient', params: [...params, ['_offset', '3']] });
    expect(first.cursor).toBeDefined();
    expect(expected.matches).toHaveLength(3);
    const written = await store.create<Patient>({ resourceType: 'Patient', gender: 'female' });
    expect(ids(first.cursor!.page(3, 3)!)).toEqual(ids(expected));
    expect(store.search({ resourceType: 'Patient', params }).matches[0].id).toBe(written.id); // a new search sees it first
    await store.reset();
    expect(first.cursor!.page(6, 3)).toBeUndefined(); // its mark is gone with the reset
    await store.close();
  });

  it('pages a kept search as it stood at its first page when a generated match is updated or deleted between pages', async () => {
    const directory = generateDirectory(config);
    const store = await createStore({ base: () => directoryResources(directory), baseLastUpdated: AS_OF, clock, regenerated: { config, directory }, ...(await freshWrites()) });
    const params: Array<[string, string]> = [['gender', 'female'], ['_count', '4']];
    const everyMatch = ids(store.search({ resourceType: 'Patient', params: [['gender', 'female'], ['_count', '1000']] }));
    expect(everyMatch.length).toBeGreaterThan(12);
    const first = store.search({ resourceType: 'Patient', params, keep: true });
    const mark = store.mark();
    // One match already served, one still to come: both leave the population's part for the written one now.
    const [served, ahead] = [everyMatch[1], everyMatch[9]].map((key) => store.read<Patient>('Patient', key.split('/')[1]));
    await store.update({ ...served, gender: 'male', meta: undefined });
    await store.delete('Patient', ahead.id!);
    const paged = [...first.matches];
    for (let offset = 4; offset < everyMatch.length; offset += 4) paged.push(...first.cursor!.page(offset, 4)!.matches);
    expect(ids({ matches: paged })).toEqual(everyMatch);
    expect(paged[9]).toEqual(ahead); // as generated, not as written
    // Read as of the mark ($everything's consistent view), each is its generated version.
    expect(store.readAsOf('Patient', served.id!, mark)).toEqual(served);
    expect(store.readAsOf('Patient', ahead.id!, mark)).toEqual(ahead);
    expect(store.read<Patient>('Patient', served.id!).gender).toBe('male');
    const now = ids(store.search({ resourceType: 'Patient', params: [['gender', 'female'], ['_count', '1000']] }));
    expect(now).toHaveLength(everyMatch.length - 2);
    await store.close();
  });

  it('counts and lists a type as the kept store once counts are known', () => {
    expect(regenerated.counts().Patient).toBe(kept.counts().Patient);
    const mine = [...regenerated.all('Coverage')].map((r) => r.id);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine).toEqual([...kept.all('Coverage')].map((r) => r.id));
  });
});
