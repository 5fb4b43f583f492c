import type { Claim, Coverage, Organization, Patient, Practitioner } from 'fhir/r4';
import { CODE_SYSTEM, IDENTIFIER } from '../../population/conventions.js';
import { payerOf, relationshipOf, type Projection } from './projection.js';
import { codeIn, hasCoding, identifierValue } from './read.js';

/** The resources a Claim's 837 loops are grouped under (https://hl7.org/fhir/R4/claim.html). */
export interface ClaimParties {
  claim: Claim;
  patient?: Patient;
  coverage?: Coverage;
  subscriber?: Patient;
  payer?: Organization;
  billing?: Organization | Practitioner;
}

/** The 837 a claim travels in: P professional (005010X222A1), I institutional (005010X223A2), D dental (005010X224A2). */
export type ClaimType = 'P' | 'I' | 'D';

/** The claim type of an 837 set by its guide (ST03/GS08). */
export function claimTypeOfGuide(implementation: string): ClaimType {
  return implementation.endsWith('X223A2') ? 'I' : implementation.endsWith('X224A2') ? 'D' : 'P';
}

/** Claim.type professional -> 'P'; institutional -> 'I'; oral -> 'D' (other types are not 837 claims). */
export function claimKind(claim: Claim): ClaimType | undefined {
  const code = codeIn(claim.type, CODE_SYSTEM.claimType) ?? claim.type?.coding?.[0]?.code;
  return code === 'professional' ? 'P' : code === 'institutional' ? 'I' : code === 'oral' ? 'D' : undefined;
}

/** The patient control number (CLM01 / CLP01): the Claim identifier of that system, else its id. */
export function patientControlNumberOf(claim: Claim | undefined): string {
  return identifierValue(claim?.identifier, IDENTIFIER.patientControlNumber) ?? claim?.id ?? '';
}

/** Joins a Claim (one the 837 carries: see claimKind) with its patient, coverage, subscriber, payer and billing provider. */
export function claimParties(claim: Claim, p: Projection): ClaimParties {
  const patient = p.patients.ref(claim.patient);
  const coverage = p.coverages.ref(claim.insurance?.[0]?.coverage);
  let subscriber = patient;
  if (coverage && relationshipOf(coverage) !== 'self') {
    subscriber = p.patients.ref(coverage.subscriber) ?? subscriber;
  }
  const payer = payerOf(coverage, p) ?? p.organizations.ref(claim.insurer);
  const billing = p.organizations.ref(claim.provider) ?? p.practitioners.ref(claim.provider);
  return { claim, patient, coverage, subscriber, payer, billing };
}

/** The type of bill (institutional claims): Claim.supportingInfo with category `typeofbill`. */
export function typeOfBillOf(claim: Claim | undefined): string | undefined {
  return supportingCodeOf(claim, 'typeofbill');
}

/**
 * The code of a Claim.supportingInfo by its CARIN BB category (C4BBSupportingInfoType: typeofbill, admtype,
 * pointoforigin, discharge-status), e.g. the 837I CL1 codes.
 */
export function supportingCodeOf(claim: Claim | undefined, category: string): string | undefined {
  for (const s of claim?.supportingInfo ?? []) if (hasCoding(s.category, undefined, category)) return s.code?.coding?.[0]?.code;
  return undefined;
}
