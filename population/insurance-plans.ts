import type { InsurancePlan, Money } from 'fhir/r4';
import { CODE_SYSTEM, IDENTIFIER } from './conventions.js';
import type { PlanSpec } from './data/plans.js';
import { insurancePlanId, payerOrganizationId, ref } from './ids.js';

/** An amount in US dollars. */
export const usd = (value: number): Money => ({ value, currency: 'USD' });

/** Coverage copay types (http://terminology.hl7.org/CodeSystem/coverage-copay-type) used for plan costs. */
export const COPAY_TYPE = {
  gpvisit: 'GP Office Visit',
  spvisit: 'Specialist Office Visit',
  urgentcare: 'Urgent Care',
  emergency: 'Emergency',
  copaypct: 'Copay Percentage',
  deductible: 'Deductible',
  maxoutofpocket: 'Maximum out of pocket',
} as const;

export type CopayTypeCode = keyof typeof COPAY_TYPE;

/** The plan's copays by copay type, for Coverage.costToBeneficiary and InsurancePlan.specificCost. */
export function planCopays(plan: PlanSpec): Array<{ code: CopayTypeCode; amount: number }> {
  return [
    { code: 'gpvisit', amount: plan.copayPrimaryCare },
    { code: 'spvisit', amount: plan.copaySpecialist },
    { code: 'urgentcare', amount: plan.copayUrgentCare },
    { code: 'emergency', amount: plan.copayEmergency },
  ];
}

/** The coverage-copay-type concept for a cost category. */
export function copayType(code: CopayTypeCode) {
  return { coding: [{ system: CODE_SYSTEM.coverageCopayType, code, display: COPAY_TYPE[code] }] };
}

/** One InsurancePlan per plan design (https://hl7.org/fhir/R4/insuranceplan.html). */
export function buildInsurancePlan(plan: PlanSpec): InsurancePlan {
  const payer = ref('Organization', payerOrganizationId(plan.payerKey));
  return {
    resourceType: 'InsurancePlan',
    id: insurancePlanId(plan.planId),
    identifier: [{ system: IDENTIFIER.planId, value: plan.planId }],
    status: 'active',
    type: [{ coding: [{ system: CODE_SYSTEM.insurancePlanType, code: 'medical', display: 'Medical' }], text: plan.type }],
    name: plan.name,
    ownedBy: payer,
    administeredBy: payer,
    plan: [
      {
        type: { text: plan.type },
        generalCost: [
          { type: { text: 'Deductible, individual' }, cost: usd(plan.deductibleIndividual), comment: plan.source },
          { type: { text: 'Deductible, family' }, cost: usd(plan.deductibleFamily) },
          { type: { text: 'Out-of-pocket maximum, individual' }, cost: usd(plan.outOfPocketMaxIndividual) },
          { type: { text: 'Out-of-pocket maximum, family' }, cost: usd(plan.outOfPocketMaxFamily) },
        ],
        specificCost: [
          {
            category: { coding: [{ system: CODE_SYSTEM.benefitCategory, code: '1', display: 'Medical Care' }] },
            benefit: [
              ...planCopays(plan).map(({ code, amount }) => ({
                type: copayType(code),
                cost: [
                  {
                    type: { text: 'copay' },
                    applicability: { coding: [{ system: CODE_SYSTEM.applicability, code: 'in-network', display: 'In Network' }] },
                    value: { value: amount, unit: 'USD', system: CODE_SYSTEM.iso4217, code: 'USD' },
                  },
                ],
              })),
              {
                type: copayType('copaypct'),
                cost: [
                  {
                    type: { text: 'coinsurance' },
                    applicability: { coding: [{ system: CODE_SYSTEM.applicability, code: 'in-network', display: 'In Network' }] },
                    value: { value: Math.round(plan.coinsurance * 100), unit: '%', system: CODE_SYSTEM.ucum, code: '%' },
                  },
                ],
              },
            ],
          },
        ],
      },
    ],
  };
}
