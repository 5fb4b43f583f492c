import type { Claim, Coverage, ExplanationOfBenefit } from 'fhir/r4';
import { IDENTIFIER } from '../conventions.js';
import { payerClaimNumber } from './payer-claim-number.js';

/**
 * The opening elements every ExplanationOfBenefit of a claim shares, up to `outcome` (key order is the serialized
 * order; callers add what follows, `insurance` included): https://hl7.org/fhir/R4/explanationofbenefit.html
 */
export function eobHeader(claim: Claim, coverage: Coverage, eobId: string, created: string, outcome: ExplanationOfBenefit['outcome']): Omit<ExplanationOfBenefit, 'insurance'> {
  return {
    resourceType: 'ExplanationOfBenefit',
    id: eobId,
    identifier: [{ system: IDENTIFIER.payerClaimNumber, value: payerClaimNumber(eobId) }],
    status: 'active',
    type: claim.type,
    use: 'claim',
    patient: claim.patient,
    billablePeriod: claim.billablePeriod,
    created,
    insurer: claim.insurer ?? coverage.payor[0],
    provider: claim.provider,
    claim: { reference: `Claim/${claim.id ?? ''}` },
    outcome,
  };
}

/** EOB.insurance naming the claim's coverage as the focal one. */
export const focalInsurance = (coverage: Coverage): ExplanationOfBenefit['insurance'] => [{ focal: true, coverage: { reference: `Coverage/${coverage.id ?? ''}` } }];
