import type { Encounter, ExplanationOfBenefit } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { CODE_SYSTEM } from '../../population/conventions.js';
import { CDT_BY_CODE, DENTAL_BENEFIT, DENTAL_VISIT_SHARE_BY_AGE } from '../../population/data/clinical/dental.js';
import { clinicalSample, ofType } from './clinical-fixture.js';

const sample = clinicalSample(400, { seed: 'dental', historyYears: 1 });
const isDental = (e: Encounter): boolean => e.type?.[0]?.coding?.[0]?.code === '34043003';

/** Expected share with a dental visit in a one-year window, averaged over the sample's ages. */
function expectedShare(ages: number[]): number {
  const share = (age: number): number => DENTAL_VISIT_SHARE_BY_AGE.filter((b) => age >= b.minAge).at(-1)?.share ?? 0;
  return ages.reduce((s, a) => s + share(a), 0) / ages.length;
}

describe('dental care in the population', () => {
  it('gives about the NHIS share of members a dental visit in a year (AMB encounter, CDT procedures)', () => {
    let visited = 0;
    for (const s of sample) {
      const visits = ofType<Encounter>(s.resources, 'Encounter').filter(isDental);
      if (visits.length > 0) visited++;
      for (const v of visits) expect(v.class.code).toBe('AMB');
    }
    const expected = expectedShare(sample.map((s) => s.ctx.ageYears));
    // Binomial sd with n = 400 is ~0.025; the first visit of a year can fall after the as-of date (window edge).
    expect(visited / sample.length).toBeGreaterThan(expected - 0.15);
    expect(visited / sample.length).toBeLessThan(expected + 0.08);
  });

  it('adjudicates dental claims by the 100/80/50 benefit: preventive paid in full, basic with 20% coinsurance', () => {
    const eobs = sample.flatMap((s) => ofType<ExplanationOfBenefit>(s.resources, 'ExplanationOfBenefit')).filter((e) => e.type.coding?.[0]?.code === 'oral');
    expect(eobs.length).toBeGreaterThan(0);
    const seen = new Set<string>();
    for (const eob of eobs) {
      for (const item of eob.item ?? []) {
        if (item.adjudication?.some((a) => a.reason)) continue; // denied lines
        const code = item.productOrService.coding?.find((c) => c.system === CODE_SYSTEM.cdt)?.code ?? '';
        const row = CDT_BY_CODE.get(code);
        expect(row, code).toBeDefined();
        const amount = (k: string): number => Math.round((item.adjudication?.find((a) => a.category.coding?.[0]?.code === k)?.amount?.value ?? 0) * 100);
        const eligible = amount('eligible');
        expect(amount('deductible')).toBe(0);
        expect(amount('coinsurance')).toBe(Math.round(eligible * (1 - DENTAL_BENEFIT.planPays[row!.benefitClass])));
        seen.add(row!.benefitClass);
      }
    }
    expect([...seen].sort()).toEqual(['basic', 'preventive']);
  });
});
