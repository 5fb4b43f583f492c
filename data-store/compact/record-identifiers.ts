import { identifierOwner } from '../../population/identifier-owner.js';

/** The types whose identifiers are unique to one resource and name its patient (population/identifier-owner.ts). */
const NAMING_TYPES = new Set(['Claim', 'ExplanationOfBenefit']);

/**
 * The patient index a Claim's patient control number or an EOB's payer claim number names, by arithmetic instead of one
 * hash entry per claim (two thirds of a record's identifiers); undefined for other types and values. The records pass
 * checks every one against the record that holds it and hashes those that do not read back to their patient.
 */
export function patientOfRecordIdentifier(resourceType: string, value: string): number | undefined {
  if (!NAMING_TYPES.has(resourceType)) return undefined;
  const owner = identifierOwner(undefined, value);
  return owner && 'patient' in owner ? owner.patient : undefined;
}
