/**
 * The provider network's specialties: NUCC Health Care Provider Taxonomy codes (code set v25.x,
 * https://taxonomy.nucc.org; display = NUCC "Display Name") and how many practitioners of each an area's
 * network has per member.
 *
 * Supply: active physicians by specialty, AAMC 2022 Physician Specialty Data Report (2021 data, AMA Physician
 * Professional Data), per 100,000 of the 2020 Census US resident population (331,449,281, data/us-states.ts).
 * For the specialties it lists, the AAMC U.S. Physician Workforce Data Dashboard (2022) gives per 100,000:
 * cardiovascular disease 6.8, orthopedic surgery 5.8, gastroenterology 4.9, dermatology 4.0, endocrinology 2.6,
 * general surgery 7.9 — within 0.4 of the counts below divided by that population.
 * A plan's network is sized as if its members were the area's population (the AAMC ratio per member), and has
 * at least `minPerArea` of each so every member has the specialty in their own area (network adequacy; the
 * floor is our assumption).
 */
export type CareKind = 'primary-adult' | 'primary-all' | 'primary-pediatric' | 'specialist' | 'emergency' | 'hospitalist' | 'surgeon' | 'dental';

export interface PractitionerTaxonomy {
  code: string;
  display: string;
  /** v2-0360 degree of the practitioners holding it. */
  degrees: ReadonlyArray<keyof typeof DEGREE_DISPLAY>;
  care: CareKind;
  /** Active physicians in the US (AAMC 2022 Physician Specialty Data Report, 2021); undefined: no AAMC row. */
  aamcActive?: number;
  /** Practitioners of this taxonomy in every area with members, whatever the ratio gives. */
  minPerArea: number;
}

/** 2020 Census US resident population, the denominator of the AAMC ratios (P.L. 94-171 Table P1). */
export const US_POPULATION_2020 = 331_449_281;

export const PRACTITIONER_TAXONOMIES: readonly PractitionerTaxonomy[] = [
  { code: '207Q00000X', display: 'Family Medicine Physician', degrees: ['MD', 'DO'], care: 'primary-all', aamcActive: 118_641, minPerArea: 1 },
  { code: '207R00000X', display: 'Internal Medicine Physician', degrees: ['MD', 'DO'], care: 'primary-adult', aamcActive: 120_342, minPerArea: 1 },
  { code: '208000000X', display: 'Pediatrics Physician', degrees: ['MD', 'DO'], care: 'primary-pediatric', aamcActive: 60_305, minPerArea: 1 },
  { code: '207RC0000X', display: 'Cardiovascular Disease Physician', degrees: ['MD', 'DO'], care: 'specialist', aamcActive: 22_262, minPerArea: 1 },
  { code: '207RE0101X', display: 'Endocrinology, Diabetes & Metabolism Physician', degrees: ['MD', 'DO'], care: 'specialist', aamcActive: 8_246, minPerArea: 1 },
  { code: '207RG0100X', display: 'Gastroenterology Physician', degrees: ['MD', 'DO'], care: 'specialist', aamcActive: 15_678, minPerArea: 1 },
  { code: '207V00000X', display: 'Obstetrics & Gynecology Physician', degrees: ['MD', 'DO'], care: 'specialist', aamcActive: 42_496, minPerArea: 1 },
  { code: '207X00000X', display: 'Orthopaedic Surgery Physician', degrees: ['MD', 'DO'], care: 'specialist', aamcActive: 18_469, minPerArea: 1 },
  { code: '207N00000X', display: 'Dermatology Physician', degrees: ['MD', 'DO'], care: 'specialist', aamcActive: 12_767, minPerArea: 1 },
  { code: '2084P0800X', display: 'Psychiatry Physician', degrees: ['MD', 'DO'], care: 'specialist', aamcActive: 38_424, minPerArea: 1 },
  { code: '207P00000X', display: 'Emergency Medicine Physician', degrees: ['MD', 'DO'], care: 'emergency', aamcActive: 46_857, minPerArea: 1 },
  { code: '208600000X', display: 'Surgery Physician', degrees: ['MD', 'DO'], care: 'surgeon', aamcActive: 24_881, minPerArea: 1 },
  // AAMC counts hospitalists within internal medicine; the network has one per hospital (see HOSPITAL_SIZING).
  { code: '208M00001X', display: 'Hospitalist Physician', degrees: ['MD', 'DO'], care: 'hospitalist', minPerArea: 1 },
];

/** Active physicians of a taxonomy per 1,000 people (AAMC count / 2020 Census population); undefined without an AAMC row. */
export function physiciansPerThousand(t: PractitionerTaxonomy): number | undefined {
  return t.aamcActive === undefined ? undefined : (t.aamcActive / US_POPULATION_2020) * 1000;
}

/** Organization taxonomies (NUCC, entity type 2). */
export const ORGANIZATION_TAXONOMY = {
  hospital: { code: '282N00000X', display: 'General Acute Care Hospital' },
  clinic: { code: '261QP2300X', display: 'Primary Care Clinic/Center' },
  specialty: { code: '261QM1300X', display: 'Multi-Specialty Clinic/Center' },
  dental: { code: '261QD0000X', display: 'Dental Clinic/Center' },
} as const;

/**
 * Hospitals: AHA Fast Facts on U.S. Hospitals 2024 (2022 AHA Annual Survey): 5,129 community hospitals for the
 * 2020 Census population, one per ~64,600 people; every area with members has at least one (the ED and
 * inpatient stays of its members). Hospitalists: one per hospital (assumption).
 */
export const HOSPITAL_SIZING = {
  communityHospitals: 5_129,
  hospitalistsPerHospital: 1,
} as const;

/** Practitioners per practice site: primary care practices and multi-specialty groups (assumptions, not sourced). */
export const SITE_SIZING = {
  primaryCarePerClinic: 6,
  specialistsPerGroup: 12,
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
  DDS: 'Doctor of Dental Surgery',
  DMD: 'Doctor of Dental Medicine',
} as const;

/**
 * General dentists, kept apart from PRACTITIONER_TAXONOMIES so the medical network's draws are unchanged: ADA
 * Health Policy Institute, Supply of Dentists in the U.S. (2022): ~202,000 working dentists, ~61 per 100,000
 * people, about 80% in general practice, i.e. ~0.48 general dentists per 1,000. Offices of 3 dentists and the DMD
 * share (~1 in 3 US dental schools grant the DMD) are assumptions.
 */
export const GENERAL_DENTIST: PractitionerTaxonomy = { code: '1223G0001X', display: 'General Practice Dentist', degrees: ['DDS', 'DMD'], care: 'dental', minPerArea: 1 };
export const DENTAL_NETWORK = { generalDentistsPerThousand: 0.48, dentistsPerOffice: 3, dmdShare: 0.33 } as const;
