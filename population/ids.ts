/**
 * Deterministic resource ids and business identifiers. FHIR ids must match [A-Za-z0-9\-.]{1,64}
 * (https://hl7.org/fhir/R4/datatypes.html#id); every id here is a pure function of an index.
 */

/** Zero-padded decimal; widens past `width` digits instead of truncating. */
export function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Patient id for a population index, e.g. pt-000123. */
export function patientId(patientIndex: number): string {
  return `pt-${pad(patientIndex, 6)}`;
}

/** Household id (also the value of EXTENSION.householdId). */
export function householdId(householdIndex: number): string {
  return `hh-${pad(householdIndex, 6)}`;
}

/** Coverage id: the member's n-th coverage in time order (1-based). */
export function coverageId(patientIndex: number, sequence: number): string {
  return `cov-${pad(patientIndex, 6)}-${sequence}`;
}

export function payerOrganizationId(payerKey: string): string {
  return `org-payer-${payerKey}`;
}

export function providerOrganizationId(index: number): string {
  return `org-prov-${pad(index + 1, 3)}`;
}

export function locationId(index: number): string {
  return `loc-${pad(index + 1, 3)}`;
}

export function practitionerId(index: number): string {
  return `pract-${pad(index + 1, 4)}`;
}

export function practitionerRoleId(index: number): string {
  return `role-${pad(index + 1, 4)}`;
}

/** InsurancePlan id equals the plan key (PlanBenefits.planId). */
export function insurancePlanId(planId: string): string {
  return planId;
}

const BILLION = 1_000_000_000;

/**
 * A bijection on [0, 1e9): spreads sequential numbers so identifiers look random yet stay unique.
 * The multiplier is coprime with 10^9, and the product stays below 2^53 for x < 1.2e10 / 741457.
 */
function scramble(x: number, multiplier: number, offset: number): number {
  return (((x % BILLION) * multiplier + offset) % BILLION + BILLION) % BILLION;
}

/** The inverse of `scramble`: x from scramble(x, multiplier, offset), for x in [0, 1e9). */
function unscramble(y: number, multiplier: number, offset: number): number {
  const b = BigInt(BILLION);
  return Number((((BigInt(y) - BigInt(offset)) % b + b) % b * modularInverse(BigInt(multiplier), b)) % b);
}

/** m^-1 mod n by the extended Euclidean algorithm (m coprime with n). */
function modularInverse(m: bigint, n: bigint): bigint {
  let [a, b, x, y] = [m % n, n, 1n, 0n];
  while (b !== 0n) {
    const q = a / b;
    [a, b, x, y] = [b, a - q * b, y, x - q * y];
  }
  return ((x % n) + n) % n;
}

const MRN_SCRAMBLE = [741_457, 318_224_077] as const;
const SUBSCRIBER_SCRAMBLE = [513_083, 104_729_011] as const;

/** The patient index of an MRN's nine digits (medicalRecordNumber's inverse). */
export function patientIndexFromScrambled(digits: number): number {
  return unscramble(digits, ...MRN_SCRAMBLE);
}

/** The household index of a subscriber id's nine digits (subscriberIdFor's inverse). */
export function householdIdIndexFromScrambled(digits: number): number {
  return Math.floor(unscramble(digits, ...SUBSCRIBER_SCRAMBLE) / 8);
}

/** Medical record number of a patient (Patient.identifier type MR). */
export function medicalRecordNumber(patientIndex: number): string {
  return `MRN${pad(scramble(patientIndex, ...MRN_SCRAMBLE), 9)}`;
}

/**
 * Subscriber id of one policy of a household (Coverage.subscriberId; X12 2010BA NM109).
 * `era` 0 is the current policy, 1 an earlier terminated one (a different card number).
 */
export function subscriberIdFor(householdIndex: number, policyIndex: number, era: 0 | 1): string {
  const x = householdIndex * 8 + policyIndex * 2 + era;
  return `${era === 0 ? 'W' : 'T'}${pad(scramble(x, ...SUBSCRIBER_SCRAMBLE), 9)}`;
}

/** Member id printed on the card: the subscriber id plus the two-digit dependent sequence. */
export function memberIdFor(subscriberId: string, dependent: string): string {
  return `${subscriberId}${dependent}`;
}

/** FHIR Reference to a resource of the given type and id, with its display text when given. */
export function ref(resourceType: string, id: string, display?: string): { reference: string; display?: string } {
  return display === undefined ? { reference: `${resourceType}/${id}` } : { reference: `${resourceType}/${id}`, display };
}

/** Retail pharmacy Organization id (one per area, in area order). */
export function pharmacyOrganizationId(index: number): string {
  return `org-rx-${pad(index + 1, 3)}`;
}

const PATIENT_ID = /^pt-(\d{6,})$/;
/** Every other id of a patient's record: `cov-000123-1`, clinical `${prefix}-${patientIndex}-${n}`, claims `clm-123-4`. */
const RECORD_ID = /^[a-z]+-(\d+)-\d+$/;

/**
 * The index of the patient whose record (household) holds a resource with this type and id, read from the id alone;
 * undefined for ids no patient record can hold (the directory's, the cohort Groups'). The record may still not hold it.
 */
export function patientIndexOfId(resourceType: string, id: string): number | undefined {
  if (resourceType === 'Group') return undefined;
  const match = (resourceType === 'Patient' ? PATIENT_ID : RECORD_ID).exec(id);
  return match ? Number(match[1]) : undefined;
}
