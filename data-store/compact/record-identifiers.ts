/**
 * Identifiers unique to one resource that name their patient: a Claim's patient control number `C<i>-<n>`
 * (population/claims/claims-for-encounter.ts patientControlNumber) and an EOB's payer claim number `EOB-<i>-<n>`
 * (population/adjudication/payer-claim-number.ts: the EOB id `eob-<i>-<n>` upper-cased). Read back, they give the
 * patient by arithmetic instead of one hash entry per claim (two thirds of a record's identifiers). The records pass
 * checks every one against the record that holds it and hashes those that do not read back to their patient.
 */
const PATTERNS: Record<string, RegExp> = {
  Claim: /^C(\d{1,9})-\d+$/,
  ExplanationOfBenefit: /^EOB-(\d{1,9})-\d+$/,
};

/** The patient index an identifier value of this type names, or undefined when it names none. */
export function patientOfRecordIdentifier(resourceType: string, value: string): number | undefined {
  const match = PATTERNS[resourceType]?.exec(value);
  return match ? Number(match[1]) : undefined;
}
