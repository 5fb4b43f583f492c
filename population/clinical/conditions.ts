import type { CodeableConcept, Condition, Reference } from 'fhir/r4';
import { CODE_SYSTEM } from '../conventions.js';

const CLINICAL = {
  active: { coding: [{ system: CODE_SYSTEM.conditionClinical, code: 'active' }] },
  resolved: { coding: [{ system: CODE_SYSTEM.conditionClinical, code: 'resolved' }] },
};
const CONFIRMED = { coding: [{ system: CODE_SYSTEM.conditionVerification, code: 'confirmed' }] };
const PROBLEM_LIST: CodeableConcept[] = [{ coding: [{ system: CODE_SYSTEM.conditionCategory, code: 'problem-list-item', display: 'Problem List Item' }] }];
const ENCOUNTER_DIAGNOSIS: CodeableConcept[] = [{ coding: [{ system: CODE_SYSTEM.conditionCategory, code: 'encounter-diagnosis', display: 'Encounter Diagnosis' }] }];

export interface CodedProblem {
  icd10: string;
  snomed: string;
  display: string;
}

export function conditionCode(p: CodedProblem): CodeableConcept {
  return {
    coding: [
      { system: CODE_SYSTEM.icd10cm, code: p.icd10, display: p.display },
      { system: CODE_SYSTEM.snomed, code: p.snomed, display: p.display },
    ],
    text: p.display,
  };
}

/** A chronic problem-list Condition (active, confirmed). https://hl7.org/fhir/R4/condition.html */
export function chronicCondition(id: string, p: CodedProblem, subject: Reference, onset: string, recorded: string): Condition {
  return {
    resourceType: 'Condition',
    id,
    clinicalStatus: CLINICAL.active,
    verificationStatus: CONFIRMED,
    category: PROBLEM_LIST,
    code: conditionCode(p),
    subject,
    onsetDateTime: onset,
    recordedDate: recorded,
  };
}

/** An acute encounter-diagnosis Condition, resolved once its course is over before as-of. */
export function acuteCondition(id: string, p: CodedProblem, subject: Reference, encounter: Reference, onset: string, abatement: string | undefined): Condition {
  const condition: Condition = {
    resourceType: 'Condition',
    id,
    clinicalStatus: abatement ? CLINICAL.resolved : CLINICAL.active,
    verificationStatus: CONFIRMED,
    category: ENCOUNTER_DIAGNOSIS,
    code: conditionCode(p),
    subject,
    encounter,
    onsetDateTime: onset,
    recordedDate: onset,
  };
  if (abatement) condition.abatementDateTime = abatement;
  return condition;
}
