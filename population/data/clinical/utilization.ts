import type { BandRates } from './age-bands.js';

/**
 * How often people use care, per person-year, by AGE_BANDS (0-1, 2-17, 18-39, 40-59, 60-79, 80+) as [male, female].
 * Office acute visits: CDC NAMCS 2019 (~2.6 office visits per person-year, of which roughly a third are for new
 * problems). ED: CDC NHAMCS 2021 (~42 visits per 100 persons); inpatient: AHRQ HCUP Fast Stats 2021 (~10 stays per
 * 100 persons excluding births). ED and inpatient rates are halved here to keep the record near the target size
 * of 60-90 resources per patient; the ratio between age bands is kept.
 */
export const ACUTE_OFFICE_VISITS_PER_YEAR: BandRates = [[1.4, 1.3], [0.7, 0.7], [0.35, 0.6], [0.4, 0.6], [0.5, 0.6], [0.6, 0.6]];
export const ED_VISITS_PER_YEAR: BandRates = [[0.3, 0.28], [0.15, 0.14], [0.2, 0.24], [0.17, 0.19], [0.18, 0.18], [0.3, 0.3]];
export const INPATIENT_STAYS_PER_YEAR: BandRates = [[0.02, 0.02], [0.01, 0.01], [0.02, 0.03], [0.04, 0.04], [0.08, 0.07], [0.14, 0.13]];

/** Inpatient length of stay in days: HCUP mean ~4.7 days; drawn uniformly in this range. */
export const INPATIENT_LENGTH_OF_STAY = { minDays: 2, maxDays: 6, source: 'AHRQ HCUP Fast Stats (mean LOS ~4.7 days)' } as const;

/**
 * Well visits. Children: AAP Bright Futures Periodicity Schedule (2024) visit ages in months up to 17 years;
 * adults: a yearly preventive visit with the probability of CDC NHIS 2019 "wellness visit in past 12 months".
 */
export const WELL_CHILD_VISIT_AGES_MONTHS: readonly number[] = [
  0, 1, 2, 4, 6, 9, 12, 15, 18, 24, 30, 36, 48, 60, 72, 84, 96, 108, 120, 132, 144, 156, 168, 180, 192, 204,
];
/** Probability a scheduled well-child visit happens (NSCH 2021: ~80% of children had a preventive visit). */
export const WELL_CHILD_ATTENDANCE = 0.85;
/** Probability of a yearly adult preventive visit by AGE_BANDS (NHIS 2019 wellness visit ~ 60-85% rising with age). */
export const ADULT_WELLNESS_ATTENDANCE: BandRates = [[0, 0], [0, 0], [0.5, 0.65], [0.65, 0.75], [0.8, 0.82], [0.85, 0.85]];

/** Flu season months (0 = January) during which influenza vaccine is given (CDC: September through March). */
export const FLU_SEASON_MONTHS: readonly number[] = [8, 9, 10, 11, 0, 1, 2];
/** Seasonal influenza vaccine uptake by AGE_BANDS (CDC FluVaxView 2023-24: children ~55%, 18-49 ~33%, 50-64 ~47%, 65+ ~70%). */
export const FLU_VACCINE_UPTAKE: BandRates = [[0.5, 0.5], [0.55, 0.55], [0.3, 0.36], [0.42, 0.5], [0.65, 0.7], [0.72, 0.72]];

/**
 * Screening colonoscopy: USPSTF 2021 recommends 45-75, every 10 years; ~72% of 50-75 up to date (CDC BRFSS 2020),
 * so about 7% of eligible adults have one in any given year.
 */
export const COLONOSCOPY = { minAge: 45, maxAge: 75, perYear: 0.07, source: 'USPSTF 2021; CDC BRFSS 2020' } as const;

/**
 * Share of chronic follow-ups seen by a specialist instead of primary care (NUCC taxonomy of the specialist).
 * Approximations from MEPS 2021 office-based visits by specialty for people with each condition: about a quarter of
 * adults with type 2 diabetes see endocrinology; type 1 is mostly managed by endocrinology; a minority of
 * hypertension and hyperlipidemia follow-ups are with cardiology.
 */
export const SPECIALIST_FOLLOWUP: Readonly<Record<string, { taxonomy: string; share: number }>> = {
  'diabetes-type2': { taxonomy: '207RE0101X', share: 0.25 },
  'diabetes-type1': { taxonomy: '207RE0101X', share: 0.7 },
  hypertension: { taxonomy: '207RC0000X', share: 0.1 },
  hyperlipidemia: { taxonomy: '207RC0000X', share: 0.1 },
};

/**
 * Scheduling spread (assumptions, not sourced statistics): days added after a due date for well visits, the range
 * around the planned follow-up interval, and when in the season a pharmacy flu shot is given (days after the
 * season opens: October to mid-November, CDC: "ideally by the end of October").
 */
export const SCHEDULING = {
  wellChildLateDays: 10,
  adultWellnessLateDays: 60,
  followUpIntervalSpread: [0.85, 1.15],
  pharmacyFluDays: [30, 75],
} as const;
