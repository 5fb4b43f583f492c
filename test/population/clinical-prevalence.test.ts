import type { Condition, Encounter } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { clinicalSample, ofType, type ClinicalSample } from './clinical-fixture.js';

// Targets: CDC NDSR (diabetes ~11%), CDC/NHANES hypertension ~48% of adults, CDC asthma ~8%, CDC obesity ~40% of adults.
const sample = clinicalSample(3000, { seed: 'prevalence' });

function share(people: readonly ClinicalSample[], icd10: readonly string[]): number {
  const has = (s: ClinicalSample): boolean => ofType<Condition>(s.resources, 'Condition')
    .some((c) => c.category?.[0]?.coding?.[0]?.code === 'problem-list-item' && icd10.includes(c.code?.coding?.[0]?.code ?? ''));
  return people.filter(has).length / people.length;
}

describe('chronic condition prevalence', () => {
  const adults = sample.filter((s) => s.ctx.ageYears >= 18);

  it('diabetes is about 11% overall', () => {
    expect(share(sample, ['E11.9', 'E10.9'])).toBeGreaterThan(0.08);
    expect(share(sample, ['E11.9', 'E10.9'])).toBeLessThan(0.14);
  });

  it('hypertension is about 48% of adults and rises with age', () => {
    expect(share(adults, ['I10'])).toBeGreaterThan(0.42);
    expect(share(adults, ['I10'])).toBeLessThan(0.54);
    const young = adults.filter((s) => s.ctx.ageYears < 40);
    const old = adults.filter((s) => s.ctx.ageYears >= 60);
    expect(share(old, ['I10'])).toBeGreaterThan(share(young, ['I10']) + 0.3);
  });

  it('asthma is about 8% overall', () => {
    expect(share(sample, ['J45.909'])).toBeGreaterThan(0.055);
    expect(share(sample, ['J45.909'])).toBeLessThan(0.105);
  });

  it('obesity is about 40% of adults', () => {
    expect(share(adults, ['E66.9'])).toBeGreaterThan(0.35);
    expect(share(adults, ['E66.9'])).toBeLessThan(0.47);
  });

  it('records stay near the designed size and every encounter kind occurs', () => {
    const total = sample.reduce((n, s) => n + s.resources.length, 0) / sample.length;
    expect(total).toBeGreaterThan(50);
    // Issue 16 added a note per encounter (~8), pharmacy fills (~12) each with its pharmacy claim and EOB, and ED/
    // inpatient care at the full CDC rates; issue 12 dental visits with their claims: about 159 per patient over 3 years.
    expect(total).toBeLessThan(175);
    const classes = new Set(sample.flatMap((s) => ofType<Encounter>(s.resources, 'Encounter').map((e) => e.class.code)));
    expect([...classes].sort()).toEqual(['AMB', 'EMER', 'IMP']);
  });
});
