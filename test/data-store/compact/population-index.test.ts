import type { Coverage, Patient, Resource } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseLastUpdated, baseVersion } from '../../../data-store/base-version.js';
import { ANY_DAY, DAY_MS, NO_DAY } from '../../../data-store/compact/chunk-index.js';
import { indexedParams } from '../../../data-store/compact/index-plan.js';
import { candidatesIn, unionAscending } from '../../../data-store/compact/index-queries.js';
import { startPopulationIndex, type PopulationIndex } from '../../../data-store/compact/population-index.js';
import { mergeChunks } from '../../../data-store/compact/posting-merge.js';
import { parseDateRange } from '../../../data-store/search/date-range.js';
import { compareDate } from '../../../data-store/search/value-matchers.js';
import { createStore, type Store } from '../../../data-store/index.js';
import { DEFAULT_POPULATION_CONFIG } from '../../../population/config.js';
import { generateDirectory } from '../../../population/directory.js';
import { generatePatientPeople, patientRecordsInRange } from '../../../population/generate-patient.js';

const config = { ...DEFAULT_POPULATION_CONFIG, patients: 160 };
const directory = generateDirectory(config);
const records = [...patientRecordsInRange(config, directory, 0, config.patients)];
/** `Type/id` -> the patient whose record holds it. */
const owner = new Map(records.flatMap((r) => r.resources.map((x) => [`${x.resourceType}/${x.id}`, r.patientIndex] as const)));
const ofType = <T extends Resource>(type: string): T[] => records.flatMap((r) => r.resources.filter((x) => x.resourceType === type) as T[]);

let index: PopulationIndex;
let store: Store;
let portsBefore: number;
const ports = (): number => process.getActiveResourcesInfo().filter((r) => r === 'MessagePort').length;

beforeAll(async () => {
  portsBefore = ports();
  index = startPopulationIndex(config, { threads: 2 });
  store = await createStore({ base: () => records.flatMap((r) => structuredClone(r.resources)), maxCount: 100_000 });
  await index.whenBuilt();
});
afterAll(() => index.close());

/** The patients whose record holds a match, by the real search engine over the same records. */
function engineMatches(type: string, param: string, value: string): Set<number> {
  const page = store.search({ resourceType: type, params: [[param, value], ['_count', '100000']] });
  return new Set(page.matches.map((r) => owner.get(`${r.resourceType}/${r.id}`)!));
}

/** Every engine match is a candidate; candidates are ascending and distinct. Returns how many patients matched. */
function expectSuperset(type: string, param: string, value: string): number {
  const [code, modifier] = param.split(':');
  const found = index.candidates(type, code, modifier, value);
  expect(found, `${type}?${param}=${value}`).toBeDefined();
  const list = Array.from(found!);
  for (let i = 1; i < list.length; i++) expect(list[i]).toBeGreaterThan(list[i - 1]);
  const expected = engineMatches(type, param, value);
  const missing = [...expected].filter((p) => !list.includes(p));
  expect(missing, `${type}?${param}=${value}: patients the index misses`).toEqual([]);
  return expected.size;
}

/** Checks a sample of (param, value) pairs and that the sample found matches at all. */
function checkSample(type: string, pairs: Array<[string, string]>): void {
  expect(pairs.length).toBeGreaterThan(0);
  const matched = pairs.map(([param, value]) => expectSuperset(type, param, value));
  expect(matched.filter((n) => n > 0).length, `${type}: sampled values with matches`).toBeGreaterThan(pairs.length / 2);
}

const every = <T>(list: T[], n: number): T[] => list.filter((_, i) => i % Math.max(1, Math.floor(list.length / n)) === 0);

describe('population index', () => {
  it('indexes the Patient and Coverages of the full record: generatePatientPeople gives the same ones', () => {
    for (const r of every(records, 20)) {
      const people = generatePatientPeople(config, directory, r.patientIndex);
      expect(r.resources[0]).toEqual(people.patient);
      expect(r.resources.filter((x) => x.resourceType === 'Coverage')).toEqual(people.coverages);
    }
  });

  it('finds every patient matching Patient identifier, name, family, given, birthdate and gender', () => {
    const patients = every(ofType<Patient>('Patient'), 12);
    const ids = patients.flatMap((p) => p.identifier ?? []);
    checkSample('Patient', ids.flatMap((i) => [['identifier', i.value!], ['identifier', `${i.system}|${i.value}`], ['identifier', `|${i.value}`]] as Array<[string, string]>));
    checkSample('Patient', ids.map((i) => ['identifier:of-type', `${i.type!.coding![0].system}|${i.type!.coding![0].code}|${i.value}`]));
    const names = patients.flatMap((p) => p.name ?? []);
    checkSample('Patient', names.flatMap((n) => [['name', n.family!.slice(0, 2)], ['name', n.given![0].toUpperCase()], ['family', n.family!], ['family:exact', n.family!], ['given', n.given![0].slice(0, 3)], ['name:contains', n.family!.slice(1, 4)]] as Array<[string, string]>));
    const days = patients.map((p) => p.birthDate!);
    checkSample('Patient', days.flatMap((d) => [['birthdate', d], ['birthdate', d.slice(0, 7)], ['birthdate', `ge${d}`], ['birthdate', `lt${d}`], ['birthdate', `gt${d.slice(0, 4)}`], ['birthdate', `le${d}`], ['birthdate', `sa${d}`], ['birthdate', `eb${d.slice(0, 4)}`], ['birthdate', `ne${d}`]] as Array<[string, string]>));
    checkSample('Patient', [['gender', 'female'], ['gender', 'male'], ['gender', 'http://hl7.org/fhir/administrative-gender|female']]);
  });

  it('finds every patient matching a Coverage identifier', () => {
    const ids = every(ofType<Coverage>('Coverage'), 15).flatMap((c) => c.identifier ?? []);
    checkSample('Coverage', ids.flatMap((i) => [['identifier', i.value!], ['identifier', `${i.system}|${i.value}`]] as Array<[string, string]>));
  });

  it('finds every patient matching the codes and identifiers of the other types of a record', () => {
    const types = [...new Set(records.flatMap((r) => r.resources.map((x) => x.resourceType)))].filter((t) => t !== 'Patient' && t !== 'Coverage');
    let sampled = 0;
    for (const type of types) {
      const resources = every(ofType(type), 6) as Array<Resource & Record<string, unknown>>;
      const pairs: Array<[string, string]> = [];
      for (const r of resources) {
        const concept = (r.code ?? r.vaccineCode ?? r.medicationCodeableConcept) as { coding?: Array<{ system?: string; code?: string }> } | undefined;
        const param = r.vaccineCode ? 'vaccine-code' : 'code';
        for (const c of concept?.coding?.slice(0, 1) ?? []) pairs.push([param, c.code!], [param, `${c.system}|${c.code}`]);
        for (const i of ((r.identifier as Array<{ system?: string; value?: string }> | undefined) ?? []).slice(0, 1)) pairs.push(['identifier', i.value!], ['identifier', `${i.system}|${i.value}`]);
      }
      if (pairs.length === 0) continue;
      checkSample(type, pairs);
      sampled += pairs.length;
    }
    expect(sampled).toBeGreaterThan(50);
    expect(index.candidates('Claim', 'identifier', undefined, `C${config.patients + 5}-1`)).toHaveLength(0);
  });

  it('answers a value still carrying its query-string escapes for both readings', () => {
    const mrn = (records[3].resources[0] as Patient).identifier![0].value!;
    expect(Array.from(index.candidates('Patient', 'identifier', undefined, `${mrn.slice(0, 3)}\\${mrn.slice(3)}`)!)).toContain(3);
  });

  it('counts the resources of each type in the records', () => {
    for (const type of ['Patient', 'Coverage', 'Observation', 'Claim', 'Immunization']) expect(index.baseCount(type)).toBe(ofType(type).length);
    expect(index.baseCount('Specimen')).toBe(0);
  });

  it('gives undefined for what it cannot narrow, and no candidates for values no record holds', () => {
    expect(index.candidates('Patient', 'address', undefined, 'x')).toBeUndefined();
    expect(index.candidates('Patient', 'name', 'missing', 'true')).toBeUndefined();
    expect(index.candidates('Observation', 'code', 'not', '8867-4')).toBeUndefined();
    expect(index.candidates('Observation', 'code', undefined, 'http://loinc.org|')).toBeUndefined();
    expect(index.candidates('Observation', 'value-quantity', undefined, 'gt5')).toBeUndefined();
    expect(index.candidates('Patient', 'birthdate', undefined, 'ap2000-01-01')).toBeUndefined();
    expect(index.candidates('Patient', 'birthdate', undefined, 'not-a-date')).toBeUndefined();
    expect(index.candidates('Patient', 'identifier', undefined, 'no-such-identifier')).toHaveLength(0);
    expect(index.candidates('Patient', 'family', undefined, 'zzzzzz')).toHaveLength(0);
  });

  it('keeps every generated Patient as its stored version 1\'s JSON, and none outside the population', () => {
    for (let i = 0; i < config.patients; i++) {
      const json = JSON.stringify(baseVersion(generatePatientPeople(config, directory, i).patient, baseLastUpdated(config)));
      expect(index.patient(i), `patient ${i}`).toEqual({ patient: JSON.parse(json), json });
    }
    for (const i of [config.patients, -1, 2.5]) expect(index.patient(i)).toBeUndefined();
  });

  it('reports progress until both passes are ready, and close() ends its workers', async () => {
    expect(index.status()).toEqual([
      { name: 'people', ready: true, patientsDone: config.patients, patients: config.patients },
      { name: 'records', ready: true, patientsDone: config.patients, patients: config.patients },
    ]);
    const other = startPopulationIndex({ ...config, patients: 40 }, { threads: 1 });
    expect(other.status().map((s) => s.ready)).toEqual([false, false]);
    expect(other.candidates('Patient', 'gender', undefined, 'female')).toBeUndefined();
    expect(other.baseCount('Patient')).toBeUndefined();
    expect(other.patient(0)).toBeUndefined();
    const outcome = other.whenBuilt().then(() => 'built', (e: Error) => e.message);
    await other.close();
    expect(await outcome).toMatch(/closed/);
    expect(ports()).toBe(portsBefore);
  });
});

describe('population index tables', () => {
  const enc = new TextEncoder();
  const day = (iso: string): number => Date.parse(iso) / DAY_MS;
  /** Two chunks of a five-patient population, given out of order: names and birth days only. */
  const tables = mergeChunks(
    [
      { pass: 'people', from: 3, to: 5, hash: { keys: new Uint32Array(0), counts: new Int32Array(0), patients: new Int32Array(0) }, strings: { 'Patient.name': { text: enc.encode('ann\u0000zoe'), counts: Int32Array.of(1, 1), patients: Int32Array.of(4, 3) } }, days: { 'Patient.birthdate': { days: Int32Array.of(ANY_DAY, day('1990-05-01')) } }, counts: {} },
      { pass: 'people', from: 0, to: 3, hash: { keys: new Uint32Array(0), counts: new Int32Array(0), patients: new Int32Array(0) }, strings: { 'Patient.name': { text: enc.encode('anna\u0000bob'), counts: Int32Array.of(2, 1), patients: Int32Array.of(0, 2, 1) } }, days: { 'Patient.birthdate': { days: Int32Array.of(day('1990-05-01'), NO_DAY, day('1950-01-31')) } }, counts: {} },
    ],
    5,
  );
  const ask = (code: string, modifier: string | undefined, value: string): number[] | undefined => {
    const found = candidatesIn(tables, indexedParams('Patient').get(code)!, modifier, value, 5);
    return found && Array.from(found);
  };

  it('finds names by prefix, :exact and :contains across chunks, ascending', () => {
    expect(ask('name', undefined, 'An')).toEqual([0, 2, 4]);
    expect(ask('name', 'exact', 'anna')).toEqual([0, 2]);
    expect(ask('name', 'contains', 'o')).toEqual([1, 3]);
    expect(ask('name', 'contains', '')).toEqual([0, 1, 2, 3, 4]);
    expect(ask('name', 'contains', 'na\u0000b')).toEqual([]);
    expect(ask('name', undefined, 'annab')).toEqual([]);
  });

  it('finds birth days by prefix, keeping a value that is not one whole day as a candidate and none without a value', () => {
    expect(ask('birthdate', undefined, '1990-05')).toEqual([0, 3, 4]);
    expect(ask('birthdate', undefined, 'lt1960')).toEqual([2, 3]);
    expect(ask('birthdate', undefined, 'ne1990-05-01')).toEqual([2, 3]);
    expect(ask('birthdate', 'missing', 'true')).toBeUndefined();
  });

  it('finds the same birth days as testing every day of the table, for each prefix and precision', () => {
    // 90 patients born on consecutive days from 1999-12-01, one whose value is not a whole day (always a candidate).
    const first = day('1999-12-01');
    const days = Int32Array.from({ length: 90 }, (_, i) => (i === 45 ? ANY_DAY : first + i));
    const table = mergeChunks([{ pass: 'people', from: 0, to: 90, hash: { keys: new Uint32Array(0), counts: new Int32Array(0), patients: new Int32Array(0) }, strings: {}, days: { 'Patient.birthdate': { days } }, counts: {} }], 90);
    const values = ['2000', '1999', '2000-01', '2000-02', '1999-12-01', '2000-01-15', '2000-02-28', '2000-03-01', '1980-01-01', '2030', '2000-01-15T10:00:00Z', '2000-01-15T23:30:00-05:00', '2000-01-15T00:30:00+09:00', '2000-01-31T12:00:00.5Z'];
    let compared = 0;
    for (const op of ['', 'eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb']) {
      for (const v of values) {
        const q = parseDateRange(v)!;
        const expected = Array.from({ length: 90 }, (_, i) => i).filter((i) => {
          if (i === 45) return true;
          const r = { lo: (first + i) * DAY_MS, hi: (first + i + 1) * DAY_MS };
          return op === 'ne' ? !compareDate('eq', r, q, 0) : compareDate(op || 'eq', r, q, 0);
        });
        const found = candidatesIn(table, indexedParams('Patient').get('birthdate')!, undefined, `${op}${v}`, 90);
        expect(found && Array.from(found), `${op}${v}`).toEqual(expected);
        compared++;
      }
    }
    expect(compared).toBe(9 * values.length);
  });

  it('unites sorted lists by sorting a few or marking many', () => {
    expect(Array.from(unionAscending([Int32Array.of(1, 5), Int32Array.of(0, 5, 9)], 1000))).toEqual([0, 1, 5, 9]);
    expect(Array.from(unionAscending([Int32Array.of(1, 5), Int32Array.of(0, 5, 9)], 10))).toEqual([0, 1, 5, 9]);
  });
});
