/**
 * NUCC Health Care Provider Taxonomy codes used by the directory (code set v25.x,
 * https://taxonomy.nucc.org; display = NUCC "Display Name"), with the mix of practitioners.
 * Weights: AAMC 2024 Physician Specialty Data Report, active physicians (thousands, approx.:
 * family medicine 118, internal medicine 120, pediatrics 60, emergency medicine 47, OB/GYN 42,
 * cardiology 23, endocrinology 8); family nurse practitioners: AANP 2024 fact sheet (~385k NPs,
 * ~70% family), scaled to a primary-care-heavy network of 100.
 */
export type CareKind = 'primary-adult' | 'primary-all' | 'primary-pediatric' | 'specialist' | 'emergency';

export interface PractitionerTaxonomy {
  code: string;
  display: string;
  /** v2-0360 degree of the practitioners holding it. */
  degrees: ReadonlyArray<'MD' | 'DO' | 'NP'>;
  care: CareKind;
  weight: number;
}

export const PRACTITIONER_TAXONOMIES: readonly PractitionerTaxonomy[] = [
  { code: '207Q00000X', display: 'Family Medicine Physician', degrees: ['MD', 'DO'], care: 'primary-all', weight: 118 },
  { code: '207R00000X', display: 'Internal Medicine Physician', degrees: ['MD', 'DO'], care: 'primary-adult', weight: 120 },
  { code: '208000000X', display: 'Pediatrics Physician', degrees: ['MD', 'DO'], care: 'primary-pediatric', weight: 60 },
  { code: '363LF0000X', display: 'Family Nurse Practitioner', degrees: ['NP'], care: 'primary-all', weight: 100 },
  { code: '207RC0000X', display: 'Cardiovascular Disease Physician', degrees: ['MD', 'DO'], care: 'specialist', weight: 23 },
  { code: '207RE0101X', display: 'Endocrinology, Diabetes & Metabolism Physician', degrees: ['MD', 'DO'], care: 'specialist', weight: 8 },
  { code: '207V00000X', display: 'Obstetrics & Gynecology Physician', degrees: ['MD', 'DO'], care: 'specialist', weight: 42 },
  { code: '207P00000X', display: 'Emergency Medicine Physician', degrees: ['MD', 'DO'], care: 'emergency', weight: 47 },
];

/** Organization taxonomies (NUCC, entity type 2). */
export const ORGANIZATION_TAXONOMY = {
  hospital: { code: '282N00000X', display: 'General Acute Care Hospital' },
  clinic: { code: '261QP2300X', display: 'Primary Care Clinic/Center' },
} as const;

/**
 * Share of physicians holding a DO rather than an MD degree.
 * Source: AAMC 2024 Physician Specialty Data Report / AOA 2024 Osteopathic Medical Profession Report (~12%).
 */
export const DO_SHARE = 0.12;

/** v2-0360 degree codes (http://terminology.hl7.org/CodeSystem/v2-0360). */
export const DEGREE_DISPLAY = {
  MD: 'Doctor of Medicine',
  DO: 'Doctor of Osteopathy',
  NP: 'Nurse Practitioner',
} as const;

/** Directory sizing: practitioners per patient and organizations per practitioner (assumptions). */
export const DIRECTORY_SIZING = {
  /** One practitioner per this many members (roughly a primary-care panel share), minimum below. */
  patientsPerPractitioner: 150,
  minPractitioners: 10,
  /** Clinic (practice) size: practitioners per clinic; at least minClinics clinics. */
  practitionersPerClinic: 6,
  minClinics: 3,
  /** One hospital per this many practitioners, at least one. */
  practitionersPerHospital: 60,
} as const;
