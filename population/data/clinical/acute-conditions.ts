/**
 * Reasons for acute (problem) visits, ED visits and inpatient stays. Weights are relative frequencies within a
 * setting, rounded from CDC NAMCS 2019 (office) and NHAMCS 2021 (ED, principal reason/diagnosis tables) and
 * AHRQ HCUP Fast Stats (inpatient principal diagnoses). Codes: ICD-10-CM 2025, SNOMED CT US edition.
 */
export type AcuteSetting = 'office' | 'emergency' | 'inpatient';

export interface AcuteConditionRow {
  key: string;
  setting: AcuteSetting;
  icd10: string;
  snomed: string;
  display: string;
  /** Inclusive age range in years. */
  minAge: number;
  maxAge: number;
  weight: number;
  /** Probability of a fever at presentation (drives body temperature). */
  feverRate: number;
  /** Medication keys (MEDICATIONS) prescribed for it, first match by probability. */
  medications: readonly string[];
  /** Lab panel keys (LAB_PANELS) ordered at the visit. */
  labs: readonly string[];
  /** Procedure keys (PROCEDURES) done at the visit. */
  procedures: readonly string[];
  /** Extra billable line codes (FEE_SCHEDULE keys) for point-of-care tests. */
  extraLines: readonly string[];
  /** Days the acute problem lasts (abatement = onset + this). */
  durationDays: number;
  /** Chronic condition key the patient must have (e.g. a COPD exacerbation needs COPD). */
  requires?: string;
}

export const ACUTE_CONDITIONS: readonly AcuteConditionRow[] = [
  { key: 'uri', setting: 'office', icd10: 'J06.9', snomed: '54150009', display: 'Upper respiratory infection', minAge: 0, maxAge: 120, weight: 30, feverRate: 0.3, medications: [], labs: [], procedures: [], extraLines: [], durationDays: 10 },
  { key: 'pharyngitis', setting: 'office', icd10: 'J02.9', snomed: '405737000', display: 'Pharyngitis', minAge: 3, maxAge: 120, weight: 12, feverRate: 0.5, medications: ['amoxicillin'], labs: [], procedures: [], extraLines: ['87880'], durationDays: 10 },
  { key: 'otitis-media', setting: 'office', icd10: 'H66.90', snomed: '65363002', display: 'Otitis media', minAge: 0, maxAge: 12, weight: 25, feverRate: 0.5, medications: ['amoxicillin'], labs: [], procedures: [], extraLines: [], durationDays: 10 },
  { key: 'sinusitis', setting: 'office', icd10: 'J01.90', snomed: '15805002', display: 'Acute sinusitis', minAge: 5, maxAge: 120, weight: 10, feverRate: 0.2, medications: ['amoxicillin'], labs: [], procedures: [], extraLines: [], durationDays: 14 },
  { key: 'bronchitis', setting: 'office', icd10: 'J20.9', snomed: '10509002', display: 'Acute bronchitis', minAge: 2, maxAge: 120, weight: 10, feverRate: 0.3, medications: ['azithromycin'], labs: [], procedures: [], extraLines: [], durationDays: 21 },
  { key: 'influenza', setting: 'office', icd10: 'J11.1', snomed: '6142004', display: 'Influenza', minAge: 0, maxAge: 120, weight: 6, feverRate: 0.9, medications: [], labs: [], procedures: [], extraLines: ['87804'], durationDays: 7 },
  { key: 'uti', setting: 'office', icd10: 'N39.0', snomed: '68566005', display: 'Urinary tract infection', minAge: 2, maxAge: 120, weight: 10, feverRate: 0.15, medications: ['nitrofurantoin'], labs: [], procedures: [], extraLines: ['81003'], durationDays: 7 },
  { key: 'low-back-pain', setting: 'office', icd10: 'M54.50', snomed: '279039007', display: 'Low back pain', minAge: 16, maxAge: 120, weight: 12, feverRate: 0, medications: ['ibuprofen'], labs: [], procedures: [], extraLines: [], durationDays: 30 },
  { key: 'ankle-sprain', setting: 'office', icd10: 'S93.401A', snomed: '44465007', display: 'Sprain of ankle', minAge: 5, maxAge: 80, weight: 5, feverRate: 0, medications: ['ibuprofen'], labs: [], procedures: [], extraLines: [], durationDays: 28 },
  { key: 'chest-pain', setting: 'emergency', icd10: 'R07.9', snomed: '29857009', display: 'Chest pain', minAge: 18, maxAge: 120, weight: 20, feverRate: 0, medications: [], labs: ['cbc', 'bmp'], procedures: ['ecg'], extraLines: [], durationDays: 1 },
  { key: 'abdominal-pain', setting: 'emergency', icd10: 'R10.9', snomed: '21522001', display: 'Abdominal pain', minAge: 2, maxAge: 120, weight: 25, feverRate: 0.1, medications: [], labs: ['cbc', 'bmp'], procedures: [], extraLines: [], durationDays: 2 },
  { key: 'ed-fever-child', setting: 'emergency', icd10: 'R50.9', snomed: '386661006', display: 'Fever', minAge: 0, maxAge: 12, weight: 15, feverRate: 1, medications: ['acetaminophen'], labs: ['cbc'], procedures: [], extraLines: [], durationDays: 3 },
  { key: 'ed-sprain', setting: 'emergency', icd10: 'S93.401A', snomed: '44465007', display: 'Sprain of ankle', minAge: 5, maxAge: 90, weight: 15, feverRate: 0, medications: ['ibuprofen'], labs: [], procedures: [], extraLines: ['73610'], durationDays: 28 },
  { key: 'ed-bronchitis', setting: 'emergency', icd10: 'J20.9', snomed: '10509002', display: 'Acute bronchitis', minAge: 0, maxAge: 120, weight: 10, feverRate: 0.4, medications: ['azithromycin'], labs: [], procedures: [], extraLines: ['71046'], durationDays: 21 },
  { key: 'pneumonia', setting: 'inpatient', icd10: 'J18.9', snomed: '233604007', display: 'Pneumonia', minAge: 0, maxAge: 120, weight: 30, feverRate: 0.8, medications: ['azithromycin'], labs: ['cbc', 'bmp'], procedures: [], extraLines: [], durationDays: 21 },
  { key: 'cellulitis', setting: 'inpatient', icd10: 'L03.90', snomed: '128045006', display: 'Cellulitis', minAge: 2, maxAge: 120, weight: 20, feverRate: 0.5, medications: ['cephalexin'], labs: ['cbc', 'bmp'], procedures: [], extraLines: [], durationDays: 14 },
  { key: 'appendicitis', setting: 'inpatient', icd10: 'K35.80', snomed: '74400008', display: 'Acute appendicitis', minAge: 5, maxAge: 80, weight: 15, feverRate: 0.5, medications: ['acetaminophen'], labs: ['cbc', 'bmp'], procedures: ['appendectomy'], extraLines: [], durationDays: 14 },
  { key: 'copd-exacerbation', setting: 'inpatient', icd10: 'J44.1', snomed: '195951007', display: 'Acute exacerbation of COPD', minAge: 45, maxAge: 120, weight: 25, feverRate: 0.2, medications: ['azithromycin'], labs: ['cbc', 'bmp'], procedures: [], extraLines: [], durationDays: 14, requires: 'copd' },
];
