import type { Patient } from 'fhir/r4';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXTENSION } from '../../population/conventions.js';
import { CENSUS_2020_AGE_SEX } from '../../population/data/census-2020.js';
import { CENSUS_2020_RACE_ETHNICITY } from '../../population/data/race-ethnicity.js';
import { US_STATES } from '../../population/data/us-states.js';
import { ageOf, config, generatePeople, type People } from './people-fixture.js';

/** Tolerances are in percentage points; 5,000 members in ~2,200 households give a standard error under 1 pp. */
const cfg = config({ seed: 'census', patients: 5000 });
let people: People;

const pct = (n: number, d: number) => (100 * n) / d;

function censusPercent(lo: number, hi: number): number {
  let total = 0;
  let inRange = 0;
  for (const b of CENSUS_2020_AGE_SEX) {
    const per = b.percent / (b.to - b.from + 1);
    for (let a = b.from; a <= b.to; a++) {
      total += per;
      if (a >= lo && a <= hi) inRange += per;
    }
  }
  return (100 * inRange) / total;
}

function raceOf(p: Patient): { codes: string[]; hispanic: boolean } {
  const race = p.extension?.find((e) => e.url === EXTENSION.usCoreRace);
  const eth = p.extension?.find((e) => e.url === EXTENSION.usCoreEthnicity);
  return {
    codes: (race?.extension ?? []).filter((e) => e.url === 'ombCategory' || e.url === 'detailed').map((e) => e.valueCoding?.code as string),
    hispanic: eth?.extension?.[0].valueCoding?.code === '2135-2',
  };
}

beforeAll(() => {
  people = generatePeople(cfg);
});

describe('demographics follow the 2020 Census', () => {
  it('age bands are within 3 pp of the Census shares', () => {
    const ages = people.patients.map((p) => ageOf(p, cfg.asOf));
    for (const [lo, hi] of [[0, 17], [18, 24], [25, 34], [35, 44], [45, 54], [55, 64], [65, 74], [75, 99]]) {
      const got = pct(ages.filter((a) => a >= lo && a <= hi).length, ages.length);
      expect(Math.abs(got - censusPercent(lo, hi)), `${lo}-${hi}: ${got.toFixed(1)}%`).toBeLessThan(3);
    }
  });

  it('sex is about half female (Census 50.5%), and birth sex matches gender', () => {
    const female = people.patients.filter((p) => p.gender === 'female').length;
    expect(Math.abs(pct(female, people.patients.length) - 50.5)).toBeLessThan(2.5);
    for (const p of people.patients) {
      const birthSex = p.extension?.find((e) => e.url === EXTENSION.usCoreBirthSex)?.valueCode;
      expect(birthSex).toBe(p.gender === 'female' ? 'F' : 'M');
    }
  });

  it('race and ethnicity shares are within tolerance of the Census table', () => {
    const total = CENSUS_2020_RACE_ETHNICITY.reduce((s, c) => s + c.count, 0);
    const census = (race: string, hispanic: boolean | undefined) =>
      pct(CENSUS_2020_RACE_ETHNICITY.filter((c) => (race === '*' || c.race === race) && (hispanic === undefined || c.hispanic === hispanic)).reduce((s, c) => s + c.count, 0), total);
    const races = people.patients.map(raceOf);
    const n = races.length;
    const share = (f: (r: { codes: string[]; hispanic: boolean }) => boolean) => pct(races.filter(f).length, n);
    const checks: Array<[string, number, number, number]> = [
      ['Hispanic', share((r) => r.hispanic), census('*', true), 3],
      ['non-Hispanic White alone', share((r) => !r.hispanic && r.codes.length === 1 && r.codes[0] === '2106-3'), census('white', false), 4],
      ['non-Hispanic Black alone', share((r) => !r.hispanic && r.codes.length === 1 && r.codes[0] === '2054-5'), census('black', false), 3],
      ['non-Hispanic Asian alone', share((r) => !r.hispanic && r.codes.length === 1 && r.codes[0] === '2028-9'), census('asian', false), 2],
      ['two or more races', share((r) => r.codes.length === 2), census('multiple', undefined), 3],
    ];
    for (const [label, got, expected, tolerance] of checks) {
      expect(Math.abs(got - expected), `${label}: ${got.toFixed(1)}% vs ${expected.toFixed(1)}%`).toBeLessThan(tolerance);
    }
  });

  it('states follow 2020 population (California ~11.9%, Texas ~8.8%), with a ZIP and city from the state table', () => {
    const states = people.patients.map((p) => p.address?.[0].state);
    const caShare = pct(states.filter((s) => s === 'CA').length, states.length);
    const txShare = pct(states.filter((s) => s === 'TX').length, states.length);
    expect(Math.abs(caShare - 11.9)).toBeLessThan(3.5);
    expect(Math.abs(txShare - 8.8)).toBeLessThan(3);
    for (const p of people.patients) {
      const a = p.address?.[0];
      const st = US_STATES.find((s) => s.code === a?.state);
      expect(st?.cities.some((c) => c.city === a?.city && c.zip === a?.postalCode), JSON.stringify(a)).toBe(true);
      expect(a?.postalCode).toMatch(/^\d{5}$/);
    }
  });
});

describe('config filters', () => {
  it('honours the age range, the state and includeAddress=false', () => {
    const adults = generatePeople(config({ seed: 'filter', patients: 300, minAge: 40, maxAge: 60, state: 'OH', includeAddress: false }));
    for (const p of adults.patients) {
      const age = ageOf(p, adults.config.asOf);
      expect(age).toBeGreaterThanOrEqual(40);
      expect(age).toBeLessThanOrEqual(60);
      expect(p.address).toBeUndefined();
      expect(p.telecom?.[0].value?.slice(1, 4)).toMatch(/^(614|216|513)$/);
      const pcp = adults.directory.practitioners.find((x) => `Practitioner/${x.id}` === p.generalPractitioner?.[0].reference);
      expect(pcp?.address?.[0].state).toBe('OH');
    }
  });

  it('a pediatric-only population has children as their own (Medicaid) subscribers', () => {
    const kids = generatePeople(config({ seed: 'kids', patients: 200, maxAge: 10, state: 'PA' }));
    for (const p of kids.patients) {
      expect(ageOf(p, kids.config.asOf)).toBeLessThanOrEqual(10);
      expect(p.address?.[0].state).toBe('PA');
      const covs = kids.coveragesOf.get(p.id as string) ?? [];
      expect(covs.length).toBeGreaterThan(0);
      for (const c of covs) {
        expect(c.subscriber?.reference).toBe(`Patient/${p.id}`);
        expect(c.relationship?.coding?.[0].code).toBe('self');
      }
    }
  });

  it('a range with minors but no room for their parents (17-19) still yields minors, as their own subscribers', () => {
    const teens = generatePeople(config({ seed: 'teens', patients: 120, minAge: 17, maxAge: 19 }));
    const ages = teens.patients.map((p) => ageOf(p, teens.config.asOf));
    expect(Math.min(...ages)).toBe(17);
    expect(Math.max(...ages)).toBe(19);
    for (const p of teens.patients.filter((x) => ageOf(x, teens.config.asOf) === 17)) {
      expect(teens.coveragesOf.get(p.id as string)?.[0].relationship?.coding?.[0].code).toBe('self');
    }
  });

  it('rejects an unknown state code', () => {
    expect(() => generatePeople(config({ patients: 5, state: 'ZZ' }))).toThrow(/unknown US state/);
  });
});
