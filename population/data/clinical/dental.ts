/**
 * Dental care: who sees a dentist, what a recall visit bills (CDT codes, ADA Code on Dental Procedures and
 * Nomenclature, https://www.ada.org/publications/cdt; names are the ADA nomenclature, shortened), the charges and
 * the dental benefit. Code system URIs are the THO ones (http://www.ada.org/cdt, ADA Universal Tooth Designation
 * System, ADA Tooth Surface Codes).
 */

/**
 * Share of people with a dental visit in the past year, by age band (lower bound in years, inclusive).
 * Source: NIDCR/CDC Dental, Oral and Craniofacial Data Resource Center, "Visits to a dentist during the past year
 * among those aged 2 years and older" (NHIS), http://drc.hhs.gov/report/dqs_tables/4.htm (latest column); NHIS 2019
 * gives 65.5% for adults 18-64 (NCHS QuickStats, MMWR 2022). No visits before age 2 (not surveyed below 1 or 2).
 */
export const DENTAL_VISIT_SHARE_BY_AGE: ReadonlyArray<{ minAge: number; share: number }> = [
  { minAge: 0, share: 0 },
  { minAge: 2, share: 0.422 },
  { minAge: 5, share: 0.807 },
  { minAge: 15, share: 0.662 },
  { minAge: 25, share: 0.618 },
  { minAge: 35, share: 0.663 },
  { minAge: 45, share: 0.679 },
  { minAge: 55, share: 0.651 },
  { minAge: 65, share: 0.587 },
  { minAge: 75, share: 0.55 },
  { minAge: 85, share: 0.477 },
];

/**
 * Visit pattern of a year with dental care (assumptions, not sourced): half of the people who go come back for the
 * six-month recall; a restoration is found at a visit with `restorationRate`, an extraction (adults) with
 * `extractionRate`; a restoration covers two surfaces with `twoSurfaceShare`.
 */
export const DENTAL_VISIT_PATTERN = {
  twiceYearlyShare: 0.5,
  restorationRate: 0.15,
  twoSurfaceShare: 0.4,
  extractionRate: 0.03,
  /** Age from which the adult prophylaxis (D1110) replaces the child one (D1120): CDT descriptors (permanent dentition). */
  adultProphylaxisAge: 14,
  /** Topical fluoride for children and adolescents (ADA 2013 clinical practice guideline on topical fluoride: under 19). */
  fluorideBelowAge: 19,
  /** Bitewings from this age, once a year (ADA/FDA Dental Radiographic Examinations 2012: recall bitewings). */
  bitewingsFromAge: 6,
  /** Permanent posterior teeth erupted from this age (first molars ~6; primary posterior teeth before). */
  permanentPosteriorAge: 12,
  /** Office hours of a dental practice (minutes after midnight) and the visit length. */
  officeMinutes: [8 * 60, 17 * 60] as const,
  visitMinutes: 60,
} as const;

export type DentalClass = 'preventive' | 'basic' | 'major';

export interface CdtRow {
  code: string;
  display: string;
  /** Benefit class in the 100/80/50 design (see DENTAL_BENEFIT). */
  benefitClass: DentalClass;
  /** Charge in USD (see DENTAL_FEES note). */
  fee: number;
  /** The line names a tooth (TOO segment / item.bodySite). */
  tooth: boolean;
}

/**
 * The CDT codes the generator bills. Fees are rounded US charges of the order reported by the ADA Health Policy
 * Institute Survey of Dental Fees (2020, general practitioners, national means); assumption-level figures, not a
 * line-by-line copy of the survey.
 */
export const CDT_CODES = {
  periodicEvaluation: { code: 'D0120', display: 'periodic oral evaluation - established patient', benefitClass: 'preventive', fee: 55, tooth: false },
  bitewingsTwo: { code: 'D0272', display: 'bitewings - two radiographic images', benefitClass: 'preventive', fee: 50, tooth: false },
  bitewingsFour: { code: 'D0274', display: 'bitewings - four radiographic images', benefitClass: 'preventive', fee: 70, tooth: false },
  prophylaxisAdult: { code: 'D1110', display: 'prophylaxis - adult', benefitClass: 'preventive', fee: 105, tooth: false },
  prophylaxisChild: { code: 'D1120', display: 'prophylaxis - child', benefitClass: 'preventive', fee: 75, tooth: false },
  fluorideVarnish: { code: 'D1206', display: 'topical application of fluoride varnish', benefitClass: 'preventive', fee: 40, tooth: false },
  resinOneSurfacePosterior: { code: 'D2391', display: 'resin-based composite - one surface, posterior', benefitClass: 'basic', fee: 180, tooth: true },
  resinTwoSurfacesPosterior: { code: 'D2392', display: 'resin-based composite - two surfaces, posterior', benefitClass: 'basic', fee: 230, tooth: true },
  extraction: { code: 'D7140', display: 'extraction, erupted tooth or exposed root', benefitClass: 'basic', fee: 190, tooth: true },
} as const satisfies Record<string, CdtRow>;

export const CDT_BY_CODE: ReadonlyMap<string, CdtRow> = new Map(Object.values(CDT_CODES).map((r) => [r.code, r]));

/** Posterior teeth, ADA Universal numbering: permanent premolars and first/second molars (no third molars), primary molars. */
export const POSTERIOR_TEETH = {
  permanent: ['2', '3', '4', '5', '12', '13', '14', '15', '18', '19', '20', '21', '28', '29', '30', '31'],
  primary: ['A', 'B', 'I', 'J', 'K', 'L', 'S', 'T'],
} as const;

/** Surfaces of a posterior restoration (ADA Tooth Surface Codes): one surface O, two surfaces MO or DO. */
export const RESTORATION_SURFACES: { one: ReadonlyArray<readonly string[]>; two: ReadonlyArray<readonly string[]> } = { one: [['O']], two: [['M', 'O'], ['D', 'O']] };

/**
 * The dental benefit carried with every plan (assumption: dental benefits are embedded, no separate dental
 * Coverage): the common 100/80/50 design (preventive/diagnostic 100%, basic 80%, major 50%; NADP, "Dental Benefits
 * Basics"), no deductible (simplification), allowed amount a network discount off the charge (assumption).
 */
export const DENTAL_BENEFIT = {
  planPays: { preventive: 1, basic: 0.8, major: 0.5 } satisfies Record<DentalClass, number>,
  allowedShareOfCharge: 0.8,
} as const;

/** General dentist, NUCC taxonomy 1223G0001X, and the dental practice organization type 261QD0000X (NUCC v25). */
export const GENERAL_DENTIST_TAXONOMY = '1223G0001X';
