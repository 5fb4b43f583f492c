import type { Claim, Coverage, ExplanationOfBenefit } from 'fhir/r4';
import { ADJUDICATION } from '../conventions.js';
import { eobHeader } from './eob-header.js';
import { toCents, usd } from './money.js';

/**
 * The ExplanationOfBenefit of a claim received and still under review (pended): status active, outcome `queued`
 * ("the claim has been received but processing has not begun", https://hl7.org/fhir/R4/valueset-remittance-outcome.html),
 * lines with the submitted amount only, no payment. The payer claim number is assigned on receipt, so a 276 can ask
 * for it and the 277 answers P1 (edi/transaction-sets/claim-status.ts); the 835 skips it.
 */
export function pendedEob(claim: Claim, coverage: Coverage, eobId: string): ExplanationOfBenefit {
  const category = { coding: [ADJUDICATION.submitted] };
  const eob = eobHeader(claim, coverage, eobId, claim.created, 'queued', 'Pended for review');
  if (claim.careTeam) eob.careTeam = claim.careTeam;
  if (claim.diagnosis) eob.diagnosis = claim.diagnosis;
  if (claim.supportingInfo) eob.supportingInfo = claim.supportingInfo;
  eob.item = (claim.item ?? []).map((item) => {
    const line: NonNullable<ExplanationOfBenefit['item']>[number] = { sequence: item.sequence, productOrService: item.productOrService };
    if (item.revenue) line.revenue = item.revenue;
    if (item.modifier) line.modifier = item.modifier;
    if (item.servicedDate) line.servicedDate = item.servicedDate;
    if (item.locationCodeableConcept) line.locationCodeableConcept = item.locationCodeableConcept;
    if (item.quantity) line.quantity = item.quantity;
    if (item.net) line.net = item.net;
    if (item.diagnosisSequence) line.diagnosisSequence = item.diagnosisSequence;
    line.adjudication = [{ category, amount: usd(toCents(item.net?.value)) }];
    return line;
  });
  eob.total = [{ category, amount: usd(toCents(claim.total?.value)) }];
  return eob;
}
