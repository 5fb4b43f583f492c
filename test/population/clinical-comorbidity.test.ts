import type { Condition, Resource } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { COMORBIDITY_TARGETS } from '../../population/data/clinical/comorbidity.js';
import { CHRONIC_CONDITIONS } from '../../population/data/clinical/chronic-conditions.js';
import { clinicalSample, ofType } from './clinical-fixture.js';

// Comorbidity clusters (issue 16): cardiometabolic conditions co-occur as in NHANES while headline prevalences
// (clinical-prevalence.test.ts) stay at the national figures.
const sample = clinicalSample(4000, { seed: 'comorbidity' });
const ICD10 = new Map(CHRONIC_CONDITIONS.map((c) => [c.key, c.icd10]));
const problems = (resources: readonly Resource[]): Set<string> => new Set(ofType<Condition>(resources, 'Condition')
  .filter((c) => c.category?.[0]?.coding?.[0]?.code === 'problem-list-item').map((c) => c.code?.coding?.[0]?.code ?? ''));
const adultRecords = sample.filter((s) => s.ctx.ageYears >= 18).map((s) => ({ age: s.ctx.ageYears, problems: problems(s.resources) }));
const adults = adultRecords.map((a) => a.problems);

describe('cardiometabolic conditions cluster', () => {
  it.each(COMORBIDITY_TARGETS.map((t) => [`${t.given} -> ${t.has}: ${t.share.toFixed(3)} (${t.source})`, t] as const))('%s', (_label, t) => {
    const given = adults.filter((p) => p.has(ICD10.get(t.given) ?? '?'));
    expect(given.length).toBeGreaterThan(150);
    const share = given.filter((p) => p.has(ICD10.get(t.has) ?? '?')).length / given.length;
    expect(Math.abs(share - t.share), `${share}`).toBeLessThan(0.07);
  });

  it('diabetes makes obesity and CKD more likely than in adults without it (not just an age effect)', () => {
    const dm = ICD10.get('diabetes-type2') ?? '?';
    // Within one age group (60+), so the difference is not the age gradient both conditions share.
    const old = adultRecords.filter((a) => a.age >= 60).map((a) => a.problems);
    const withDm = old.filter((p) => p.has(dm));
    const without = old.filter((p) => !p.has(dm));
    expect(withDm.length).toBeGreaterThan(100);
    const share = (group: Set<string>[], key: string): number => group.filter((p) => p.has(ICD10.get(key) ?? '?')).length / group.length;
    expect(share(withDm, 'obesity')).toBeGreaterThan(share(without, 'obesity') + 0.15);
    expect(share(withDm, 'ckd')).toBeGreaterThan(share(without, 'ckd'));
  });

  it('the diabetes-hypertension-CKD triad is more common than independent draws would make it, within one age group', () => {
    const old = adultRecords.filter((a) => a.age >= 60).map((a) => a.problems);
    const share = (...keys: string[]): number => old.filter((p) => keys.every((k) => p.has(ICD10.get(k) ?? '?'))).length / old.length;
    const triad = share('diabetes-type2', 'hypertension', 'ckd');
    expect(triad * old.length).toBeGreaterThan(20);
    expect(triad).toBeGreaterThan(1.3 * share('diabetes-type2') * share('hypertension') * share('ckd'));
  });
});
