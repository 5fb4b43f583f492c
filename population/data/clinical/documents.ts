import type { EncounterKind } from './encounter-types.js';

/**
 * The clinical note written at each kind of encounter (DocumentReference.type, LOINC Document Ontology), as US Core's
 * clinical-notes guidance lists them: Progress Note 11506-3, History and Physical 34117-2 (preventive exams),
 * Discharge Summary 18842-5, Procedure Note 28570-0; the ED visit's Emergency department Note is LOINC 34111-5.
 * https://hl7.org/fhir/us/core/STU6.1/clinical-notes.html
 */
export const NOTE_TYPE_BY_ENCOUNTER: Readonly<Record<EncounterKind, { loinc: string; display: string }>> = {
  wellness: { loinc: '34117-2', display: 'History and physical note' },
  followup: { loinc: '11506-3', display: 'Progress note' },
  acute: { loinc: '11506-3', display: 'Progress note' },
  emergency: { loinc: '34111-5', display: 'Emergency department Note' },
  inpatient: { loinc: '18842-5', display: 'Discharge summary' },
  procedure: { loinc: '28570-0', display: 'Procedure note' },
};

/** The note of a dental visit: a Progress Note (LOINC 11506-3), as US Core's clinical-notes guidance lists it. */
export const DENTAL_NOTE_TYPE = { loinc: '11506-3', display: 'Progress note' } as const;

/** US Core DocumentReference category for clinical notes (http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category). */
export const CLINICAL_NOTE_CATEGORY = { system: 'http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category', code: 'clinical-note', display: 'Clinical Note' } as const;

/**
 * Home devices given to patients on a treatment (Device.type, SNOMED CT physical object). ADA Standards of Care 2025,
 * section 7 (Diabetes Technology): people on insulin use blood glucose monitoring (a meter or a CGM) to adjust doses.
 */
export const HOME_DEVICES: readonly { medication: string; snomed: string; display: string; name: string }[] = [
  { medication: 'insulin-glargine', snomed: '337414009', display: 'Blood glucose meter (physical object)', name: 'Blood glucose meter' },
];
