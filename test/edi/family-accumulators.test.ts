import type { Coverage, ExplanationOfBenefit, Organization, Patient } from 'fhir/r4';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../data-store/store.js';
import type { Edi } from '../../edi/gateway.js';
import { coverageActiveOn, memberIdOf, npiOf, payerIdOf } from '../../edi/fhir/projection.js';
import { ADJUDICATION, CODE_SYSTEM, IDENTIFIER } from '../../population/conventions.js';
import { planById } from '../../population/data/plans.js';
import { build270, build837P, goldenEdi, goldenStore, segmentsOf } from './helpers.js';

// Family accumulators in X12 (issue 16): the 271 reports the family's remaining deductible / out-of-pocket and
// inbound 837 claims adjudicate against the family's totals (the EOBs of everyone under the subscriber's policy).
let store: Store;
let edi: Edi;
let self: Coverage;
let child: Coverage;
let sub: Patient;
let payerId: string;
const LEFT = 5;

const ref = (r: { reference?: string } | undefined): string => r?.reference?.split('/')[1] ?? '';
const text = (docs: { bytes: Uint8Array | Buffer }[]): string => docs.map((d) => Buffer.from(d.bytes).toString('latin1')).join('');

/** Sum of an adjudication category over the 2025 EOBs made under `coverageIds`. */
function familySum(code: string, coverageIds: Set<string>, extraCodes: string[] = []): number {
  let cents = 0;
  for (const eob of store.all<ExplanationOfBenefit>('ExplanationOfBenefit')) {
    if (eob.status !== 'active' || !coverageIds.has(eob.insurance[0].coverage.reference ?? '')) continue;
    if (!(eob.item?.[0]?.servicedDate ?? '').startsWith('2025')) continue;
    // Dental benefits have their own cost sharing, and a secondary payer's EOB repeats the primary's member share.
    if (eob.type?.coding?.[0]?.code === 'oral' || eob.insurance.some((i) => !i.focal)) continue;
    for (const item of eob.item ?? []) for (const a of item.adjudication ?? []) {
      if ([code, ...extraCodes].includes(a.category.coding?.[0]?.code ?? '')) cents += Math.round((a.amount?.value ?? 0) * 100);
    }
  }
  return cents / 100;
}

beforeAll(async () => {
  store = await goldenStore();
  edi = goldenEdi(store);
  const coverages = [...store.all<Coverage>('Coverage')];
  const plan = (c: Coverage) => planById(c.class?.find((k) => k.type.coding?.[0]?.code === 'plan')?.value ?? '');
  self = coverages.find((c) => c.relationship?.coding?.[0]?.code === 'self' && coverageActiveOn(c, '2025-12-01')
    && (plan(c)?.deductibleFamily ?? 0) > (plan(c)?.deductibleIndividual ?? 0)
    && coverages.some((d) => d.subscriberId === c.subscriberId && d.relationship?.coding?.[0]?.code !== 'self' && coverageActiveOn(d, '2025-12-01'))) as Coverage;
  child = coverages.find((d) => d.subscriberId === self.subscriberId && d.relationship?.coding?.[0]?.code !== 'self' && coverageActiveOn(d, '2025-12-01')) as Coverage;
  sub = store.read<Patient>('Patient', ref(self.beneficiary));
  payerId = payerIdOf(store.read<Organization>('Organization', ref(self.payor[0])));
  // The dependent's synthetic EOB brings the family to LEFT dollars short of its deductible (more than any real
  // member could alone, so only the family total can explain what follows).
  const familyIds = new Set(coverages.filter((c) => c.subscriberId === self.subscriberId).map((c) => `Coverage/${c.id}`));
  const needed = (plan(self)?.deductibleFamily ?? 0) - LEFT - familySum('deductible', familyIds);
  const eob: ExplanationOfBenefit = {
    resourceType: 'ExplanationOfBenefit', id: 'eob-family-test', status: 'active',
    type: { coding: [{ system: CODE_SYSTEM.claimType, code: 'professional' }] }, use: 'claim',
    patient: { reference: child.beneficiary.reference }, created: '2025-11-02', insurer: self.payor[0],
    provider: { reference: 'Organization/org-prov-001' }, outcome: 'complete',
    insurance: [{ focal: true, coverage: { reference: `Coverage/${child.id}` } }],
    item: [{ sequence: 1, productOrService: { coding: [{ system: CODE_SYSTEM.cpt, code: '99213' }] }, servicedDate: '2025-11-01',
      adjudication: [{ category: { coding: [ADJUDICATION.deductible] }, amount: { value: Math.round(needed * 100) / 100, currency: 'USD' } }] }],
  };
  await store.transaction([{ method: 'PUT', resource: eob }]);
});

describe('family accumulators in X12', () => {
  it('271: EB*C*FAM and EB*G*FAM with period 29 = family limit - the family members\' cost shares', async () => {
    expect(self && child).toBeTruthy();
    const plan = planById(self.class?.find((k) => k.type.coding?.[0]?.code === 'plan')?.value ?? '');
    const inquiry = build270([{ payerId, memberId: memberIdOf(sub, self) ?? '', last: sub.name?.[0]?.family ?? '', first: sub.name?.[0]?.given?.[0] ?? '', birthDate: sub.birthDate, date: '20251215', trace: 'FAM-1', serviceTypes: ['30'] }]);
    const eb = segmentsOf(text(await edi.receive(inquiry))).filter((s) => s[0] === 'EB');
    expect(eb.length).toBeGreaterThan(0);
    const familyIds = new Set([...store.all<Coverage>('Coverage')].filter((c) => c.subscriberId === self.subscriberId).map((c) => `Coverage/${c.id}`));
    expect(eb.find((s) => s[1] === 'C' && s[2] === 'FAM' && s[6] === '29')?.[7]).toBe(String(LEFT));
    const oopMet = familySum('deductible', familyIds, ['copay', 'coinsurance']);
    expect(Number(eb.find((s) => s[1] === 'G' && s[2] === 'FAM' && s[6] === '29')?.[7])).toBeCloseTo(Math.max(0, (plan?.outOfPocketMaxFamily ?? 0) - oopMet), 2);
    // The individual remaining is still the subscriber's own (larger than what the family has left).
    expect(Number(eb.find((s) => s[1] === 'C' && s[2] === 'IND' && s[6] === '29')?.[7])).toBeGreaterThan(LEFT);
  });

  it('inbound 837: the subscriber\'s claim takes only what is left of the family deductible', async () => {
    const provider = [...store.all<Organization>('Organization')].find((o) => npiOf(o)) as Organization;
    const subscriber = { memberId: memberIdOf(sub, self) ?? '', last: sub.name?.[0]?.family ?? '', first: sub.name?.[0]?.given?.[0] ?? '', birthDate: sub.birthDate ?? '', gender: sub.gender === 'male' ? 'M' as const : 'F' as const };
    const x837 = build837P([{ pcn: 'FAM-0001', billingNpi: npiOf(provider) ?? '', billingName: provider.name ?? '', payerId, subscriber, diagnoses: ['R05.9'], lines: [{ code: '71046', charge: 400, date: '2025-12-03' }] }]);
    await edi.receive(x837);
    const claim = [...store.all<{ resourceType: 'Claim'; id?: string; identifier?: { system?: string; value?: string }[] }>('Claim')]
      .find((c) => c.identifier?.some((i) => i.system === IDENTIFIER.patientControlNumber && i.value === 'FAM-0001'));
    expect(claim).toBeDefined();
    const eob = [...store.all<ExplanationOfBenefit>('ExplanationOfBenefit')].find((e) => e.claim?.reference === `Claim/${claim?.id}`);
    const item = eob?.item?.[0];
    const amount = (code: string): number => item?.adjudication?.find((a) => a.category.coding?.[0]?.code === code)?.amount?.value ?? 0;
    expect(amount('eligible')).toBeGreaterThan(LEFT);
    expect(amount('deductible')).toBe(LEFT);
  });
});
