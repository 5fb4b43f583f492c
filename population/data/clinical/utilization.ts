import type { BandRates } from './age-bands.js';

/**
 * How often people use care, per person-year, by AGE_BANDS (0-1, 2-17, 18-39, 40-59, 60-79, 80+) as [male, female].
 * Office acute visits: CDC NAMCS 2019 (~2.6 office visits per person-year, of which roughly a third are for new
 * problems).
 */
export const ACUTE_OFFICE_VISITS_PER_YEAR: BandRates = [[1.4, 1.3], [0.7, 0.7], [0.35, 0.6], [0.4, 0.6], [0.5, 0.6], [0.6, 0.6]];

/**
 * ED visits per 100 persons by the CDC's age groups, NHAMCS 2019 (the last year before the pandemic dip): Cairns C,
 * Ashman JJ. QuickStats: Emergency Department Visit Rates by Age Group, United States, 2019-2020. MMWR 2022;71(42):1350.
 * NHAMCS 2018 for comparison: under 1: 101, 1-17: 37, 18-44: 41, 45-64: 37, 65-74: 35, 75+: 52 (NCHS Data Brief 401).
 */
export const ED_VISITS_PER_100_CDC = { source: 'NHAMCS 2019, MMWR 2022;71(42):1350', under1: 123, age1to17: 43, age18to44: 47, age45to74: 41, age75plus: 66 } as const;
const ED = ED_VISITS_PER_100_CDC;
/**
 * ED_VISITS_PER_100_CDC mapped onto AGE_BANDS (per person-year; the survey reports by age only, so both sexes alike):
 * 0-1 is the mean of under-1 and 1-17 (ages 0 and 1), 40-59 weighs 40-44 at the 18-44 rate and 45-59 at the 45-74
 * rate, 60-79 weighs 60-74 and 75-79 by years (3:1).
 */
export const ED_VISITS_PER_YEAR: BandRates = [
  ED.under1 / 2 + ED.age1to17 / 2, ED.age1to17, ED.age18to44, (ED.age18to44 + 3 * ED.age45to74) / 4, (3 * ED.age45to74 + ED.age75plus) / 4, ED.age75plus,
].map((per100) => [per100 / 100, per100 / 100] as const);

/**
 * Hospital stays per 1,000 persons, excluding births and other maternal/neonatal stays (our stays are medical and
 * surgical). AHRQ HCUP, Nationwide Inpatient Sample 2007: 45-54: 101.7, 55-64: 145.9, 65-74: 253.4 (Statistical Brief
 * #79, Table 1); HCUP Facts and Figures 2007, Exhibit 1.5: shares of stays and of population by age give, at the
 * matching all-stays rate of 131 per 1,000, 1-17: 23, 18-44: 90 (of which about 36 maternal: 4.1 million childbirth
 * stays among ~57 million women 18-44), 65-84: 310, 85+: 459. Infants (non-birth stays): assumption 45.
 */
export const INPATIENT_STAYS_PER_1000_HCUP = {
  source: 'AHRQ HCUP NIS 2007: Statistical Brief #79 Table 1; Facts and Figures 2007 Exhibit 1.5',
  infantAssumption: 45, age1to17: 23, age18to44NonMaternal: 54, age45to54: 101.7, age55to64: 145.9, age65to74: 253.4, age65to84: 310, age85plus: 459,
} as const;
const IP = INPATIENT_STAYS_PER_1000_HCUP;
/** INPATIENT_STAYS_PER_1000_HCUP on AGE_BANDS (per person-year), sub-ranges weighted by years. */
export const INPATIENT_STAYS_PER_YEAR: BandRates = [
  IP.infantAssumption, IP.age1to17, IP.age18to44NonMaternal,
  (5 * IP.age18to44NonMaternal + 10 * IP.age45to54 + 5 * IP.age55to64) / 20,
  (5 * IP.age55to64 + 10 * IP.age65to74 + 5 * IP.age65to84) / 20,
  (5 * IP.age65to84 + IP.age85plus * 5) / 10,
].map((per1000) => [per1000 / 1000, per1000 / 1000] as const);

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
 * Assumptions (not checked against a source): about a quarter of adults with type 2 diabetes see endocrinology;
 * type 1 is mostly managed by endocrinology; a minority of hypertension and hyperlipidemia follow-ups are with
 * cardiology.
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
