import type { Claim, Coverage, ExplanationOfBenefit } from 'fhir/r4';
import { IDENTIFIER } from '../conventions.js';
import { payerClaimNumber } from './payer-claim-number.js';

/**
 * The opening elements every ExplanationOfBenefit of a claim shares, up to `insurance` naming the claim's coverage as
 * the focal one (`disposition` before it when given); key order is the serialized order, callers add what follows.
 * Built as one literal and extended by assignment: an object literal with a spread and further properties takes
 * V8's slow path (~3-5 us each on Node 20, bench/results/generate.md). https://hl7.org/fhir/R4/explanationofbenefit.html
 */
export function eobHeader(claim: Claim, coverage: Coverage, eobId: string, created: string, outcome: ExplanationOfBenefit['outcome'], disposition?: string): ExplanationOfBenefit {
  const eob: Omit<ExplanationOfBenefit, 'insurance'> & Partial<Pick<ExplanationOfBenefit, 'insurance'>> = {
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
  if (disposition !== undefined) eob.disposition = disposition;
  eob.insurance = [{ focal: true, coverage: { reference: `Coverage/${coverage.id ?? ''}` } }];
  return eob as ExplanationOfBenefit;
}
