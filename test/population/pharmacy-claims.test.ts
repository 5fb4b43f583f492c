import type { Claim, ExplanationOfBenefit, MedicationDispense, Organization } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { accumulatorsFromEobs } from '../../population/adjudication/accumulators.js';
import { adjudicateClaim } from '../../population/adjudication/adjudicate.js';
import { ndc11 } from '../../population/clinical/ndc-code.js';
import { DRUG_PRICE_BY_NDC11, MONTH_SUPPLY_MAX_DAYS, NINETY_DAY_COPAYS, PHARMACY_PRICING, tierCostShare } from '../../population/data/claims/drug-benefit.js';
import { NDC_PACKAGES } from '../../population/data/clinical/ndc.js';
import { isValidNpi } from '../../population/npi.js';
import { clinicalConfig, clinicalSample, ofType } from './clinical-fixture.js';
import { generateDirectory } from '../../population/directory.js';

// Pharmacy claims (issue 16): a pharmacy Claim and its EOB per MedicationDispense, tier copays, integrated accumulators.
const NDC = 'http://hl7.org/fhir/sid/ndc';
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const sample = clinicalSample(150, { seed: 'pharmacy-claims' });
const typeOf = (r: Claim | ExplanationOfBenefit): string | undefined => r.type.coding?.[0]?.code;
const amount = (eob: ExplanationOfBenefit, code: string): number => eob.item?.[0]?.adjudication?.find((a) => a.category.coding?.[0]?.code === code)?.amount?.value ?? 0;
const info = (c: Claim, code: string): NonNullable<Claim['supportingInfo']>[number] | undefined => c.supportingInfo?.find((s) => s.category.coding?.[0]?.code === code);

const records = sample.map(({ ctx, resources }) => ({
  ctx,
  dispenses: ofType<MedicationDispense>(resources, 'MedicationDispense'),
  claims: ofType<Claim>(resources, 'Claim').filter((c) => typeOf(c) === 'pharmacy'),
  eobs: new Map(ofType<ExplanationOfBenefit>(resources, 'ExplanationOfBenefit').map((e) => [e.claim?.reference ?? '', e])),
  allEobs: ofType<ExplanationOfBenefit>(resources, 'ExplanationOfBenefit'),
}));
const withClaims = records.filter((r) => r.claims.length > 0);

describe('drug benefit table', () => {
  it('prices and tiers every dispensed package', () => {
    for (const row of NDC_PACKAGES) expect(DRUG_PRICE_BY_NDC11.get(ndc11(row.ndc)), row.ndc).toBeDefined();
  });
});

describe('retail pharmacies in the directory', () => {
  it('one per area, Luhn-valid NPI, NUCC 3336C0003X, 7-digit NCPDP id', () => {
    const pharmacies = generateDirectory(clinicalConfig({ patients: 150, seed: 'pharmacy-claims' })).providerOrganizations
      .filter((o: Organization) => o.type?.some((t) => t.coding?.some((c) => c.code === '3336C0003X')));
    expect(pharmacies.length).toBeGreaterThan(1);
    for (const p of pharmacies) {
      expect(isValidNpi(p.identifier?.find((i) => i.system === 'http://hl7.org/fhir/sid/us-npi')?.value ?? '')).toBe(true);
      expect(p.identifier?.find((i) => i.system?.includes('NCPDPProviderIdentificationNumber'))?.value).toMatch(/^\d{7}$/);
    }
  });
});

describe('pharmacy claim per MedicationDispense', () => {
  it('every covered fill has one pharmacy claim with its NDC, RxNorm, quantity, days supply, refill number and DAW', () => {
    expect(withClaims.length).toBeGreaterThan(10);
    for (const { dispenses, claims, ctx } of withClaims) {
      expect(claims.length).toBeLessThanOrEqual(dispenses.length);
      const byDate = new Map(dispenses.map((d) => [`${d.whenHandedOver?.slice(0, 10)}|${d.authorizingPrescription?.[0]?.reference}`, d]));
      for (const c of claims) {
        const d = byDate.get(`${c.billablePeriod?.start}|${c.prescription?.reference}`);
        expect(d, c.id).toBeDefined();
        const codings = c.item?.[0]?.productOrService.coding ?? [];
        expect(codings[0]?.system).toBe(NDC);
        expect(codings[0]?.code).toBe(d?.medicationCodeableConcept?.coding?.find((x) => x.system === NDC)?.code);
        expect(codings.find((x) => x.system === RXNORM)?.code).toMatch(/^\d+$/);
        expect(c.item?.[0]?.quantity?.value).toBe(d?.quantity?.value);
        const cents = (v: number | undefined): number => Math.round((v ?? 0) * 100);
        expect(cents(c.item?.[0]?.net?.value)).toBe(Math.round(cents(c.item?.[0]?.unitPrice?.value) * (d?.quantity?.value ?? 0)));
        expect(info(c, 'dayssupply')?.valueQuantity?.value).toBe(d?.daysSupply?.value);
        const prescription = c.prescription?.reference ?? '';
        // Refill number = fills of the same order before this one (covered or not).
        const before = dispenses.filter((x) => x.authorizingPrescription?.[0]?.reference === prescription && (x.whenHandedOver ?? '') < (d?.whenHandedOver ?? ''));
        expect(info(c, 'refillnum')?.valueQuantity?.value).toBe(before.length);
        if (d?.type?.coding?.[0]?.code === 'FF') expect(before.length).toBe(0);
        expect(info(c, 'dawcode')?.code?.coding?.[0]?.code).toMatch(/^[0-9]$/);
        expect(c.provider.reference).toMatch(/^Organization\/org-rx-/);
        expect(c.careTeam?.[0]?.provider.reference).toMatch(/^Practitioner\//);
        expect(c.patient.reference).toBe(`Patient/${ctx.patient.id}`);
      }
    }
  });

  it('each pharmacy claim has a pharmacy EOB: allowed = ingredient + fee, member pays the plan tier copay (or deductible/coinsurance on an HDHP)', () => {
    let copays = 0;
    for (const { claims, eobs, ctx } of withClaims) {
      for (const c of claims) {
        const eob = eobs.get(`Claim/${c.id}`);
        expect(eob, c.id).toBeDefined();
        if (!eob) continue;
        expect(typeOf(eob)).toBe('pharmacy');
        const ndc = c.item?.[0]?.productOrService.coding?.[0]?.code ?? '';
        const price = DRUG_PRICE_BY_NDC11.get(ndc);
        const quantity = c.item?.[0]?.quantity?.value ?? 0;
        expect(amount(eob, 'eligible')).toBeCloseTo(Math.round((price?.unitCost ?? 0) * quantity * 100 + PHARMACY_PRICING.dispensingFee * 100) / 100, 2);
        const coverageId = c.insurance[0].coverage.reference?.split('/')[1] ?? '';
        const rule = tierCostShare(ctx.plans.get(coverageId)?.type ?? '');
        if (rule === 'deductible') {
          expect(amount(eob, 'copay')).toBe(0);
          continue;
        }
        const days = info(c, 'dayssupply')?.valueQuantity?.value ?? 0;
        const expected = Math.min(rule[price?.tier ?? 'nonPreferredBrand'] * (days > MONTH_SUPPLY_MAX_DAYS ? NINETY_DAY_COPAYS : 1), amount(eob, 'eligible'));
        // The copay is capped by what is left of the out-of-pocket maximum.
        expect(amount(eob, 'copay')).toBeLessThanOrEqual(expected + 1e-9);
        if (amount(eob, 'copay') === expected) copays++;
        expect(amount(eob, 'deductible')).toBe(0);
      }
    }
    expect(copays).toBeGreaterThan(20);
  });

  it('pharmacy cost sharing counts toward the member accumulators (integrated medical and drug out-of-pocket)', () => {
    const r = withClaims.find((x) => x.claims.some((c) => amount(x.eobs.get(`Claim/${c.id}`) as ExplanationOfBenefit, 'copay') > 0));
    expect(r).toBeDefined();
    if (!r) return;
    const claim = r.claims.find((c) => amount(r.eobs.get(`Claim/${c.id}`) as ExplanationOfBenefit, 'copay') > 0) as Claim;
    const year = Number(claim.billablePeriod?.start?.slice(0, 4));
    const all = accumulatorsFromEobs(r.allEobs, year);
    const withoutPharmacy = accumulatorsFromEobs(r.allEobs.filter((e) => typeOf(e) !== 'pharmacy'), year);
    expect(all.outOfPocketMet).toBeGreaterThan(withoutPharmacy.outOfPocketMet);
  });

  it('a pharmacy claim is not denied at random (rejections are not dispensed) and adjudicates the same twice', () => {
    const { claims, eobs, ctx } = withClaims[0];
    const c = claims[0];
    const coverage = ctx.coverages.find((x) => `Coverage/${x.id}` === c.insurance[0].coverage.reference);
    const plan = ctx.plans.get(coverage?.id ?? '');
    expect(coverage && plan).toBeTruthy();
    if (!coverage || !plan) return;
    const input = { claim: c, coverage, plan, accumulators: { planYear: 1900, deductibleMet: 0, outOfPocketMet: 0, familyDeductibleMet: 0, familyOutOfPocketMet: 0 }, eobId: 'eob-x', processedDate: c.created };
    expect(adjudicateClaim(input).eob).toEqual(adjudicateClaim(input).eob);
    for (const r of withClaims) for (const x of r.claims) expect(r.eobs.get(`Claim/${x.id}`)?.item?.[0]?.adjudication?.some((a) => a.reason)).toBeFalsy();
    expect(eobs.size).toBeGreaterThan(0);
  });
});
