import type { Claim, Coverage } from 'fhir/r4';
import type { BillingSpec } from './billing-spec.js';
import { buildInstitutionalClaim, buildProfessionalClaim } from './build-claim.js';

export interface ClaimNumbering {
  /** Next claim sequence number for this patient. */
  next: () => number;
  patientIndex: number;
}

/** Patient control number for claim n of patient i: `C<i>-<n>` (unique, <= 20 chars, only [A-Z0-9-]). */
export function patientControlNumber(patientIndex: number, n: number): string {
  return `C${patientIndex}-${n}`;
}

/**
 * The claims an encounter produces: a professional claim when physician lines exist and an institutional claim
 * when a hospital bills facility lines. https://hl7.org/fhir/R4/claim.html
 */
export function claimsForEncounter(spec: BillingSpec, coverage: Coverage, patientId: string, created: string, numbering: ClaimNumbering): Claim[] {
  const claims: Claim[] = [];
  const parties = (): Parameters<typeof buildProfessionalClaim>[1] => {
    const n = numbering.next();
    return {
      claimId: `clm-${numbering.patientIndex}-${n}`,
      patientControlNumber: patientControlNumber(numbering.patientIndex, n),
      patientId,
      coverage,
      created,
    };
  };
  if (spec.professional.length > 0) claims.push(buildProfessionalClaim(spec, parties()));
  if (spec.facility && spec.facility.lines.length > 0) claims.push(buildInstitutionalClaim(spec, parties()));
  return claims;
}
