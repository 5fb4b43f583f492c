import { IDENTIFIER } from './conventions.js';
import { householdIdIndexFromScrambled, patientIndexFromScrambled } from './ids.js';

/** Where a generated identifier value sends a search: the one patient whose record holds it, or a household's members. */
export type IdentifierOwner = { patient: number } | { household: number };

/**
 * The owner of a generated record's identifier, from its value alone (every one is a pure function of indexes,
 * population/ids.ts): an MRN (`MRN` + 9 digits) its patient; a member id (`W`/`T` + 9 digits + 2) its policy's
 * household; a patient control number (`C<patient>-<n>`) and a payer claim number (the EOB id upper-cased,
 * EOB-<patient>-<n>[-S]) their patient. undefined: no generated record holds this value under `system` (any system when absent). These are
 * the only identifiers records carry (a test checks every one maps back to its holder).
 * https://hl7.org/fhir/R4/search.html#token
 */
export function identifierOwner(system: string | undefined, value: string): IdentifierOwner | undefined {
  const is = (s: string) => system === undefined || system === s;
  let m: RegExpExecArray | null;
  if (is(IDENTIFIER.mrn) && (m = /^MRN(\d{9})$/.exec(value))) return { patient: patientIndexFromScrambled(Number(m[1])) };
  if (is(IDENTIFIER.memberId) && (m = /^([WT])(\d{9})\d{2}$/.exec(value))) return { household: householdIdIndexFromScrambled(Number(m[2])) };
  if (is(IDENTIFIER.patientControlNumber) && (m = /^C(\d+)-\d+$/.exec(value))) return { patient: Number(m[1]) };
  // The EOB id upper-cased: EOB-<patient>-<n>, a secondary payer's with a suffix (EOB-<patient>-<n>-S).
  if (is(IDENTIFIER.payerClaimNumber) && (m = /^[A-Z]+-(\d+)-\d+(?:-[A-Z0-9]+)?$/.exec(value))) return { patient: Number(m[1]) };
  return undefined;
}
