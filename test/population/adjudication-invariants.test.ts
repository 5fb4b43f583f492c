import type { Claim, ExplanationOfBenefit } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { accumulatorsFromEobs } from '../../population/adjudication/accumulators.js';
import { ADJUDICATION, CODE_SYSTEM, IDENTIFIER } from '../../population/conventions.js';
import { OFFICE_EM_CODES, PRIMARY_CARE_TAXONOMIES } from '../../population/data/claims/billing.js';
import { clinicalSample, ofType } from './clinical-fixture.js';

const sample = clinicalSample(800, { seed: 'adjudication' });
const cents = (v: number | undefined): number => Math.round((v ?? 0) * 100);
type Adjudications = NonNullable<NonNullable<ExplanationOfBenefit['item']>[number]['adjudication']>;
const amount = (adj: Adjudications, code: string): number => cents(adj.find((a) => !a.reason && a.category.coding?.[0]?.code === code)?.amount?.value);

describe('generated ExplanationOfBenefits', () => {
  const all = sample.flatMap(({ ctx, resources }) => {
    const claims = new Map(ofType<Claim>(resources, 'Claim').map((c) => [`Claim/${c.id ?? ''}`, c]));
    return ofType<ExplanationOfBenefit>(resources, 'ExplanationOfBenefit').map((eob) => ({ ctx, eob, claim: claims.get(eob.claim?.reference ?? '') as Claim }));
  });
  // The primary payer's adjudicated EOBs; pended claims (outcome queued) and secondary payers' EOBs (coordination of
  // benefits: they list the primary's Coverage as not focal) are checked on their own below.
  const isSecondary = (eob: ExplanationOfBenefit): boolean => eob.insurance.some((i) => !i.focal);
  const pairs = all.filter(({ eob }) => eob.outcome !== 'queued' && !isSecondary(eob));
  const pended = all.filter(({ eob }) => eob.outcome === 'queued');
  const secondary = all.filter(({ eob }) => isSecondary(eob));

  it('every claim has exactly one primary EOB, adjudicated or pended, and a COB claim one secondary EOB after it', () => {
    const claims = sample.flatMap((s) => ofType<Claim>(s.resources, 'Claim'));
    expect(pairs.length + pended.length).toBe(claims.length);
    expect(pended.length).toBeGreaterThan(0);
    expect(secondary.length).toBeGreaterThan(0);
    expect(secondary.length).toBe(claims.filter((c) => c.insurance.length === 2).length - pended.filter(({ claim }) => claim.insurance.length === 2).length);
    for (const { eob, claim } of pended) {
      expect(eob).toMatchObject({ status: 'active', outcome: 'queued' });
      expect(eob.payment).toBeUndefined();
      expect(claim.status).toBe('active');
    }
    for (const { eob, claim } of pairs) {
      expect(claim).toBeDefined();
      expect(eob.identifier?.[0]?.system).toBe(IDENTIFIER.payerClaimNumber);
      expect(eob).toMatchObject({ status: 'active', use: 'claim', outcome: 'complete' });
      expect(eob.type).toEqual(claim.type);
      expect(eob.insurer.reference).toBe(claim.insurer?.reference);
      expect(eob.provider.reference).toBe(claim.provider.reference);
      expect(eob.insurance[0]).toEqual({ focal: true, coverage: claim.insurance[0].coverage });
      expect(eob.item?.map((i) => i.sequence)).toEqual(claim.item?.map((i) => i.sequence));
      expect(eob.payment?.type?.coding?.[0]).toEqual({ system: CODE_SYSTEM.paymentType, code: 'complete' });
      expect(eob.payment?.identifier?.system).toBe(IDENTIFIER.paymentTrace);
      expect(eob.created >= claim.created).toBe(true);
    }
  });

  it('per item: benefit = eligible - deductible - coinsurance - copay >= 0, submitted >= eligible; totals and payment add up', () => {
    for (const { eob, claim } of pairs) {
      const totals: Record<string, number> = { submitted: 0, eligible: 0, deductible: 0, copay: 0, coinsurance: 0, benefit: 0 };
      (eob.item ?? []).forEach((item, i) => {
        const adj = item.adjudication ?? [];
        const [submitted, eligible, deductible, copay, coinsurance, benefit] = ['submitted', 'eligible', 'deductible', 'copay', 'coinsurance', 'benefit'].map((c) => amount(adj, c));
        expect(submitted).toBe(cents(claim.item?.[i]?.net?.value));
        expect(submitted).toBeGreaterThanOrEqual(eligible);
        expect(Math.min(deductible, copay, coinsurance)).toBeGreaterThanOrEqual(0);
        expect(benefit).toBe(eligible - deductible - coinsurance - copay);
        expect(benefit).toBeGreaterThanOrEqual(0);
        const denial = adj.find((a) => a.reason);
        if (denial) {
          expect(denial.category.coding?.[0]?.system).toBe(ADJUDICATION.adjustmentGroupSystem);
          expect(denial.reason?.coding?.[0]?.system).toBe(ADJUDICATION.adjustmentReasonSystem);
          expect(cents(denial.amount?.value)).toBe(submitted);
          expect(eligible).toBe(0);
          expect(benefit).toBe(0);
        }
        totals.submitted += submitted; totals.eligible += eligible; totals.deductible += deductible;
        totals.copay += copay; totals.coinsurance += coinsurance; totals.benefit += benefit;
      });
      for (const t of eob.total ?? []) expect(cents(t.amount.value), t.category.coding?.[0]?.code).toBe(totals[t.category.coding?.[0]?.code ?? '']);
      expect(eob.total?.length).toBe(6);
      expect(cents(eob.payment?.amount?.value)).toBe(totals.benefit);
    }
  });

  it('denials occur at roughly the designed rates, with the designed CARC codes', () => {
    const reasons = new Map<string, number>();
    let lines = 0;
    // Pharmacy claims are adjudicated at the counter and never rolled for denial (population/adjudication/adjudicate.ts).
    const medical = pairs.filter(({ eob }) => eob.type.coding?.[0]?.code !== 'pharmacy');
    expect(medical.length).toBeGreaterThan(0);
    for (const { eob } of medical) {
      for (const item of eob.item ?? []) {
        lines++;
        const carc = item.adjudication?.find((a) => a.reason)?.reason?.coding?.[0]?.code;
        if (carc) reasons.set(carc, (reasons.get(carc) ?? 0) + 1);
      }
    }
    const claimLevel16 = medical.filter(({ eob }) => eob.adjudication?.[0]?.reason?.coding?.[0]?.code === '16').length / medical.length;
    expect(claimLevel16).toBeGreaterThan(0.008);
    expect(claimLevel16).toBeLessThan(0.04);
    const nonCovered = ((reasons.get('96') ?? 0) + (reasons.get('204') ?? 0)) / lines;
    expect(nonCovered).toBeGreaterThan(0.015);
    expect(nonCovered).toBeLessThan(0.05);
    expect([...reasons.keys()].every((c) => ['16', '27', '96', '204'].includes(c))).toBe(true);
  });

  it('a secondary EOB pays at most the member share the primary left, and the member owes the rest', () => {
    const primaryOf = new Map(pairs.map(({ eob }) => [eob.claim?.reference, eob]));
    let paid = 0;
    for (const { eob, claim } of secondary) {
      const primary = primaryOf.get(eob.claim?.reference) as ExplanationOfBenefit;
      expect(eob.insurance[0]).toEqual({ focal: true, coverage: claim.insurance[1].coverage });
      expect(eob.insurer.reference).not.toBe(primary.insurer.reference);
      (eob.item ?? []).forEach((item, i) => {
        const share = (adj: Adjudications): number => amount(adj, 'deductible') + amount(adj, 'copay') + amount(adj, 'coinsurance');
        const left = share(primary.item?.[i]?.adjudication ?? []);
        const benefit = amount(item.adjudication ?? [], 'benefit');
        if (item.adjudication?.some((a) => a.reason?.coding?.[0]?.code !== '23' && a.reason)) return;
        expect(benefit).toBeLessThanOrEqual(left);
        expect(share(item.adjudication ?? [])).toBe(left - benefit);
        paid += benefit;
      });
      expect(cents(eob.payment?.amount?.value)).toBe((eob.item ?? []).reduce((n, item) => n + amount(item.adjudication ?? [], 'benefit'), 0));
    }
    expect(paid).toBeGreaterThan(0);
  });

  it('member cost share never exceeds the out-of-pocket maximum within a plan year', () => {
    for (const { ctx, resources } of sample) {
      const eobs = ofType<ExplanationOfBenefit>(resources, 'ExplanationOfBenefit');
      for (const year of new Set(eobs.map((e) => Number(e.billablePeriod?.start?.slice(0, 4))))) {
        for (const coverage of ctx.coverages) {
          const plan = ctx.plans.get(coverage.id ?? '');
          if (!plan) continue;
          const mine = eobs.filter((e) => e.insurance[0].coverage.reference === `Coverage/${coverage.id ?? ''}`);
          const acc = accumulatorsFromEobs(mine, year);
          expect(acc.deductibleMet).toBeLessThanOrEqual(plan.deductibleIndividual);
          expect(acc.outOfPocketMet).toBeLessThanOrEqual(plan.outOfPocketMaxIndividual);
        }
      }
    }
  });

  it('preventive services (well visits, vaccines) carry no member cost share unless denied', () => {
    let checked = 0;
    for (const { eob } of pairs) {
      for (const item of eob.item ?? []) {
        const code = item.productOrService.coding?.[0]?.code ?? '';
        if (!/^993(8|9)\d$/.test(code) && code !== '90686') continue;
        const adj = item.adjudication ?? [];
        if (adj.some((a) => a.reason)) continue;
        expect(amount(adj, 'deductible') + amount(adj, 'copay') + amount(adj, 'coinsurance')).toBe(0);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('office visits cost the primary care or specialist copay of the plan, by the rendering taxonomy', () => {
    const seen = { primary: 0, specialist: 0 };
    for (const { ctx, eob } of pairs) {
      const plan = ctx.plans.get(eob.insurance[0].coverage.reference?.split('/')[1] ?? '');
      const taxonomy = eob.careTeam?.[0]?.qualification?.coding?.[0]?.code ?? '';
      const specialist = !PRIMARY_CARE_TAXONOMIES.has(taxonomy);
      for (const item of eob.item ?? []) {
        if (!plan || !OFFICE_EM_CODES.has(item.productOrService.coding?.[0]?.code ?? '')) continue;
        const copay = amount(item.adjudication ?? [], 'copay');
        if (copay === 0) continue;
        expect(copay).toBeLessThanOrEqual(cents(specialist ? plan.copaySpecialist : plan.copayPrimaryCare));
        seen[specialist ? 'specialist' : 'primary']++;
      }
    }
    expect(seen.primary).toBeGreaterThan(100);
    expect(seen.specialist).toBeGreaterThan(5);
  });
});
