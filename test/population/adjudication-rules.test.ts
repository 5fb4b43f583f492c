import type { Claim, Coverage, ExplanationOfBenefit } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { accumulatorsFromEobs } from '../../population/adjudication/accumulators.js';
import { adjudicateClaim } from '../../population/adjudication/adjudicate.js';
import { payerClaimNumber } from '../../population/adjudication/payer-claim-number.js';
import type { BillingSpec } from '../../population/claims/billing-spec.js';
import { buildInstitutionalClaim, buildProfessionalClaim } from '../../population/claims/build-claim.js';
import { patientControlNumber } from '../../population/claims/claims-for-encounter.js';
import type { Accumulators, AdjudicationInput, PlanBenefits } from '../../population/model.js';

const plan: PlanBenefits = {
  planId: 'test-ppo', name: 'Test PPO', payerKey: 'test', type: 'PPO',
  deductibleIndividual: 500, deductibleFamily: 1000, outOfPocketMaxIndividual: 2000, outOfPocketMaxFamily: 4000,
  copayPrimaryCare: 25, copaySpecialist: 50, copayUrgentCare: 75, copayEmergency: 250, coinsurance: 0.2, source: 'test',
};
const coverage: Coverage = {
  resourceType: 'Coverage', id: 'cov-t', status: 'active', beneficiary: { reference: 'Patient/p-t' },
  payor: [{ reference: 'Organization/payer-t' }], period: { start: '2024-01-01', end: '2025-06-30' },
};
const fresh = (year: number): Accumulators => ({ planYear: year, deductibleMet: 0, outOfPocketMet: 0, familyDeductibleMet: 0, familyOutOfPocketMet: 0 });

function spec(date: string, lines: BillingSpec['professional'], taxonomy = '207Q00000X', diagnoses = ['I10']): BillingSpec {
  return {
    encounterId: 'enc-t', startDate: date, endDate: date, diagnoses, placeOfService: '11',
    renderingPractitionerId: 'pr-t', renderingTaxonomy: taxonomy, billingOrganizationId: 'org-t', facilityLocationId: 'loc-t',
    professional: lines,
  };
}

/** A claim whose pcn draws no random denial (scans pcns deterministically), so the rules under test apply alone. */
function cleanClaim(build: (pcn: string, n: number) => Claim): Claim {
  for (let n = 1; n < 500; n++) {
    const claim = build(patientControlNumber(999, n), n);
    const { eob } = adjudicateClaim(input(claim, fresh(2024)));
    if (!eob.item?.some((i) => i.adjudication?.some((a) => a.reason))) return claim;
  }
  throw new Error('no clean claim found');
}

function input(claim: Claim, accumulators: Accumulators): AdjudicationInput {
  return { claim, coverage, plan, accumulators, eobId: `eob-${claim.id ?? ''}`, processedDate: '2024-03-20' };
}

function pro(date: string, lines: BillingSpec['professional'], taxonomy?: string, diagnoses?: string[]): Claim {
  return cleanClaim((pcn, n) => buildProfessionalClaim(spec(date, lines, taxonomy, diagnoses), {
    claimId: `clm-t-${n}`, patientControlNumber: pcn, patientId: 'p-t', coverage, created: date,
  }));
}

type Item = NonNullable<ExplanationOfBenefit['item']>[number];
const amt = (item: Item | undefined, code: string): number =>
  item?.adjudication?.find((a) => !a.reason && a.category.coding?.[0]?.code === code)?.amount?.value ?? Number.NaN;

describe('adjudicateClaim', () => {
  const office = [{ code: '99213', system: 'cpt' as const, quantity: 1, diagnosisPointers: [1] }];

  it('is reproducible: the same input gives the same EOB and accumulators', () => {
    const claim = pro('2024-03-01', office);
    const a = adjudicateClaim(input(claim, fresh(2024)));
    const b = adjudicateClaim(input(structuredClone(claim), fresh(2024)));
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('an office visit with primary care costs the primary care copay, with a specialist the specialist copay', () => {
    const pcp = adjudicateClaim(input(pro('2024-03-01', office), fresh(2024))).eob.item?.[0];
    expect(amt(pcp, 'copay')).toBe(25);
    expect(amt(pcp, 'deductible')).toBe(0);
    const cardio = adjudicateClaim(input(pro('2024-03-01', office, '207RC0000X'), fresh(2024))).eob.item?.[0];
    expect(amt(cardio, 'copay')).toBe(50);
    expect(amt(cardio, 'benefit')).toBe(amt(cardio, 'eligible') - 50);
  });

  it('other services go to the deductible first, then coinsurance; accumulators carry over within the year', () => {
    const labs = [{ code: '99999', system: 'cpt' as const, quantity: 1, diagnosisPointers: [1] }]; // unlisted: allowed share of charge
    const claim = pro('2024-03-01', labs);
    const first = adjudicateClaim(input(claim, fresh(2024)));
    const item = first.eob.item?.[0];
    const eligible = amt(item, 'eligible');
    expect(eligible).toBeGreaterThan(0);
    expect(amt(item, 'deductible')).toBe(Math.min(eligible, 500));
    expect(first.accumulators.deductibleMet).toBe(amt(item, 'deductible'));
    const met = adjudicateClaim(input(claim, { planYear: 2024, deductibleMet: 500, outOfPocketMet: 500, familyDeductibleMet: 500, familyOutOfPocketMet: 500 }));
    const after = met.eob.item?.[0];
    expect(amt(after, 'deductible')).toBe(0);
    expect(amt(after, 'coinsurance')).toBeCloseTo(eligible * 0.2, 2);
    expect(met.accumulators.outOfPocketMet).toBeCloseTo(500 + amt(after, 'coinsurance'), 2);
  });

  it('the out-of-pocket maximum caps member cost share; a new plan year resets the accumulators', () => {
    const claim = pro('2024-03-01', [{ code: '99999', system: 'cpt', quantity: 1, diagnosisPointers: [1] }]);
    const capped = adjudicateClaim(input(claim, { planYear: 2024, deductibleMet: 500, outOfPocketMet: 2000, familyDeductibleMet: 500, familyOutOfPocketMet: 2000 }));
    const item = capped.eob.item?.[0];
    expect(amt(item, 'coinsurance') + amt(item, 'deductible') + amt(item, 'copay')).toBe(0);
    expect(amt(item, 'benefit')).toBe(amt(item, 'eligible'));
    const nextYear = adjudicateClaim(input(pro('2025-02-01', [{ code: '99999', system: 'cpt', quantity: 1, diagnosisPointers: [1] }]), { planYear: 2024, deductibleMet: 500, outOfPocketMet: 2000, familyDeductibleMet: 500, familyOutOfPocketMet: 2000 }));
    expect(nextYear.accumulators.planYear).toBe(2025);
    expect(amt(nextYear.eob.item?.[0], 'deductible')).toBeGreaterThan(0);
  });

  it('preventive visits are paid in full', () => {
    const eob = adjudicateClaim(input(pro('2024-03-01', [{ code: '99396', system: 'cpt', quantity: 1, diagnosisPointers: [1] }], undefined, ['Z00.00']), fresh(2024))).eob;
    expect(amt(eob.item?.[0], 'benefit')).toBe(amt(eob.item?.[0], 'eligible'));
  });

  it('a service date outside the coverage period is denied CO-27 for the full charge', () => {
    const claim = buildProfessionalClaim(spec('2025-08-01', office), { claimId: 'clm-late', patientControlNumber: 'LATE-1', patientId: 'p-t', coverage, created: '2025-08-02' });
    const { eob, accumulators } = adjudicateClaim(input(claim, fresh(2025)));
    const denial = eob.item?.[0]?.adjudication?.find((a) => a.reason);
    expect(denial?.category.coding?.[0]?.code).toBe('CO');
    expect(denial?.reason?.coding?.[0]?.code).toBe('27');
    expect(denial?.amount?.value).toBe(claim.item?.[0]?.net?.value);
    expect(amt(eob.item?.[0], 'benefit')).toBe(0);
    expect(eob.payment?.amount?.value).toBe(0);
    expect(eob.adjudication?.[0]?.reason?.coding?.[0]?.code).toBe('27');
    expect(accumulators).toEqual(fresh(2025));
  });

  it('the ED facility claim takes the emergency copay once', () => {
    const date = '2024-05-05';
    const facilitySpec: BillingSpec = {
      ...spec(date, [], '207P00000X', ['R07.9']), placeOfService: '23',
      facility: { typeOfBill: '0131', organizationId: 'hosp-t', lines: [
        { revenue: '0450', code: '99284', system: 'cpt', quantity: 1, diagnosisPointers: [1] },
        { revenue: '0300', code: '80048', system: 'cpt', quantity: 1, diagnosisPointers: [1] },
      ] },
    };
    const claim = cleanClaim((pcn, n) => buildInstitutionalClaim(facilitySpec, { claimId: `clm-ed-${n}`, patientControlNumber: pcn, patientId: 'p-t', coverage, created: date }));
    const { eob } = adjudicateClaim(input(claim, fresh(2024)));
    expect(amt(eob.item?.[0], 'copay')).toBe(250);
    expect(amt(eob.item?.[1], 'copay')).toBe(0);
  });

  it('accumulatorsFromEobs rebuilds what adjudication accumulated', () => {
    let acc = fresh(2024);
    const eobs: ExplanationOfBenefit[] = [];
    for (const [i, code] of ['99999', '99213', '99999', '80061'].entries()) {
      const claim = pro(`2024-0${i + 2}-10`, [{ code, system: 'cpt', quantity: 2, diagnosisPointers: [1] }]);
      const result = adjudicateClaim(input(claim, acc));
      acc = result.accumulators;
      eobs.push(result.eob);
    }
    expect(accumulatorsFromEobs(eobs, 2024)).toEqual(acc);
    expect(accumulatorsFromEobs(eobs, 2023)).toEqual(fresh(2023));
  });

  it('adjudicates a bare inbound-style claim (no care team qualification, no unit price, unlisted code)', () => {
    const claim: Claim = {
      resourceType: 'Claim', id: 'in-1', identifier: [{ system: 'https://cdg.example.org/fhir/sid/patient-control-number', value: 'INBOUND-7' }],
      status: 'active', type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claim-type', code: 'professional' }] },
      use: 'claim', patient: { reference: 'Patient/p-t' }, created: '2024-04-02', provider: { reference: 'Organization/org-t' },
      priority: { coding: [{ code: 'normal' }] }, insurance: [{ sequence: 1, focal: true, coverage: { reference: 'Coverage/cov-t' } }],
      item: [
        { sequence: 1, productOrService: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '99214' }] }, servicedDate: '2024-04-01', net: { value: 210.5, currency: 'USD' } },
        { sequence: 2, productOrService: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '12345' }] }, servicedDate: '2024-04-01', net: { value: 99.99, currency: 'USD' } },
      ],
    };
    const a = adjudicateClaim(input(claim, fresh(2024)));
    expect(JSON.stringify(adjudicateClaim(input(claim, fresh(2024))))).toBe(JSON.stringify(a));
    expect(a.eob.item?.map((i) => amt(i, 'submitted'))).toEqual([210.5, 99.99]);
    for (const item of a.eob.item ?? []) {
      expect(amt(item, 'benefit')).toBeCloseTo(amt(item, 'eligible') - amt(item, 'deductible') - amt(item, 'coinsurance') - amt(item, 'copay'), 10);
      expect(amt(item, 'eligible')).toBeLessThanOrEqual(amt(item, 'submitted'));
    }
  });

  it('payer claim numbers are short, X12-safe and stable for ids of any length', () => {
    expect(payerClaimNumber('eob-12-3')).toBe('EOB-12-3');
    const long = payerClaimNumber('eob-0f8fad5b-d9cb-469f-a165-70867728950e');
    expect(long).toMatch(/^[A-Z0-9]{4,30}$/);
    expect(payerClaimNumber('eob-0f8fad5b-d9cb-469f-a165-70867728950e')).toBe(long);
    expect(payerClaimNumber('eob-0f8fad5b-d9cb-469f-a165-70867728950f')).not.toBe(long);
  });
});

describe('embedded family deductible and out-of-pocket maximum', () => {
  const labs = [{ code: '99999', system: 'cpt' as const, quantity: 1, diagnosisPointers: [1] }];
  const family = (deductible: number, outOfPocket: number, own = { deductible: 0, outOfPocket: 0 }): Accumulators => ({
    planYear: 2024, deductibleMet: own.deductible, outOfPocketMet: own.outOfPocket, familyDeductibleMet: deductible, familyOutOfPocketMet: outOfPocket,
  });

  it('a member\'s deductible is satisfied once the family has met the family deductible, though the member has paid none', () => {
    const { eob, accumulators } = adjudicateClaim(input(pro('2024-03-01', labs), family(1000, 1000)));
    const item = eob.item?.[0];
    expect(amt(item, 'deductible')).toBe(0);
    expect(amt(item, 'coinsurance')).toBeCloseTo(amt(item, 'eligible') * 0.2, 2);
    expect(accumulators.deductibleMet).toBe(0);
    expect(accumulators.familyOutOfPocketMet).toBeCloseTo(1000 + amt(item, 'coinsurance'), 2);
  });

  it('a member pays at most what is left of the family deductible, and it counts toward both accumulators', () => {
    const { eob, accumulators } = adjudicateClaim(input(pro('2024-03-01', labs), family(900, 900)));
    const deductible = amt(eob.item?.[0], 'deductible');
    expect(deductible).toBe(Math.min(100, amt(eob.item?.[0], 'eligible')));
    expect(accumulators.deductibleMet).toBe(deductible);
    expect(accumulators.familyDeductibleMet).toBe(900 + deductible);
  });

  it('the individual limit still applies inside a family (embedded), and the family out-of-pocket maximum caps everyone', () => {
    const own = adjudicateClaim(input(pro('2024-03-01', labs), family(500, 500, { deductible: 500, outOfPocket: 500 })));
    expect(amt(own.eob.item?.[0], 'deductible')).toBe(0);
    const capped = adjudicateClaim(input(pro('2024-03-01', labs), family(1000, 4000)));
    const item = capped.eob.item?.[0];
    expect(amt(item, 'deductible') + amt(item, 'coinsurance') + amt(item, 'copay')).toBe(0);
    expect(amt(item, 'benefit')).toBe(amt(item, 'eligible'));
  });

  it('accumulatorsFromEobs sums the member\'s EOBs for the individual totals and the family\'s for the family totals', () => {
    const a = adjudicateClaim(input(pro('2024-03-01', labs), fresh(2024))).eob;
    const b = adjudicateClaim(input(pro('2024-04-01', labs), fresh(2024))).eob;
    const own = accumulatorsFromEobs([a], 2024);
    const both = accumulatorsFromEobs([a], 2024, [a, b]);
    expect(both.deductibleMet).toBe(own.deductibleMet);
    expect(both.familyDeductibleMet).toBeCloseTo(own.deductibleMet + accumulatorsFromEobs([b], 2024).deductibleMet, 2);
    expect(own.familyDeductibleMet).toBe(own.deductibleMet);
  });
});
