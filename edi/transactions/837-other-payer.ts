import type { Claim, Coverage, Organization, Patient } from 'fhir/r4';
import type { ClaimType } from '../fhir/claim-view.js';
import { coverageClass, payerIdOf, type Projection } from '../fhir/projection.js';
import { claimFilingIndicator } from '../guides/claim-filing.js';
import { GUIDE_837P } from '../guides/837.js';
import { maxOf } from '../guides/types.js';
import type { TransactionBody } from '../x12/writer.js';
import { orgNm1, personNm1 } from './nm1.js';

const GROUP = maxOf(GUIDE_837P, 'SBR', 3);
/** SBR02 in 2320: the patient's relationship to the other subscriber (subscriber-relationship code to X12 1069). */
const RELATIONSHIP: Readonly<Record<string, string>> = { self: '18', spouse: '01', child: '19' };

/** The other payer of a claim under coordination of benefits: its Coverage (Claim.insurance not focal), subscriber and payer. */
export interface OtherPayer {
  coverage: Coverage;
  subscriber?: Patient;
  payer?: Organization;
}

/** The claim's other coverage (the first Claim.insurance that is not focal), if it has one. */
export function otherPayerOf(p: Projection, claim: Claim): OtherPayer | undefined {
  const other = claim.insurance?.find((i) => !i.focal);
  const coverage = other ? p.coverages.ref(other.coverage) : undefined;
  if (!coverage) return undefined;
  return { coverage, subscriber: p.patients.ref(coverage.subscriber), payer: p.organizations.ref(coverage.payor[0]) };
}

/**
 * Loops 2320 (SBR other subscriber, OI), 2330A (NM1*IL other subscriber) and 2330B (NM1*PR other payer) of a claim
 * sent to the primary payer (005010X222A1/X223A2/X224A2 2320: "required when other payers are known to potentially
 * be involved in paying on this claim"); no CAS/AMT here and no 2430 line adjudication (SVD/CAS/DTP*573), as the
 * other payer has not adjudicated the claim yet (it pays after the primary).
 */
export function writeOtherPayer(body: TransactionBody, o: OtherPayer, kind: ClaimType): void {
  const { coverage } = o;
  const relationship = RELATIONSHIP[coverage.relationship?.coding?.[0]?.code ?? ''] ?? 'G8';
  body.seg('SBR').el('S').el(relationship).text(coverageClass(coverage, 'group').value, GROUP).at(9).el(claimFilingIndicator(coverage.type?.text)).end();
  // OI03 benefits assigned, OI04 patient signature on file (837P only: X223A2 leaves it out, as X224A2 its CLM10), OI06 release of information.
  body.seg('OI').at(3).el('Y').el(kind === 'P' ? 'P' : undefined).at(6).el('Y').end();
  personNm1(body, 'IL', o.subscriber?.name, { qualifier: 'MI', value: coverage.subscriberId ?? '' });
  orgNm1(body, 'PR', o.payer?.name, { qualifier: 'PI', value: o.payer ? payerIdOf(o.payer) : '' });
}
