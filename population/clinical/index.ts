import type { Resource } from 'fhir/r4';
import type { PatientContext } from '../model.js';

/**
 * The clinical and financial history of one patient: encounters, conditions, observations, reports,
 * immunizations, medications, procedures, claims and their adjudication. (Placeholder until filled in.)
 */
export function generateClinicalRecord(_ctx: PatientContext): Resource[] {
  return [];
}
