/**
 * How households are composed and insured. These are the knobs of the household engine, each with
 * its source; "assumption" marks a modelling choice where no single published number applies.
 */

/**
 * Probability that a subscriber of a given age lives with a spouse in the household.
 * Source: Census CPS 2023 "America's Families and Living Arrangements", Table A1 (share of adults
 * married, spouse present, by age), rounded.
 */
export const SPOUSE_PROBABILITY_BY_AGE: ReadonlyArray<{ from: number; to: number; p: number }> = [
  { from: 0, to: 24, p: 0.08 },
  { from: 25, to: 34, p: 0.4 },
  { from: 35, to: 44, p: 0.55 },
  { from: 45, to: 64, p: 0.58 },
  { from: 65, to: 74, p: 0.6 },
  { from: 75, to: 84, p: 0.45 },
  { from: 85, to: 120, p: 0.25 },
];

/** Husbands are on average about 2 years older than wives (CPS 2023 Table FG3); sd is an assumption. */
export const SPOUSE_AGE_GAP = { meanYears: 2, sdYears: 4 } as const;

/** Same-sex married couples: 1.3% of married-couple households (Census ACS 2022). */
export const SAME_SEX_SPOUSE_SHARE = 0.013;

/** Spouse takes the subscriber's surname (assumption; ~80% of women take the husband's name, Pew 2023). */
export const SPOUSE_SHARES_SURNAME = 0.8;

/** Spouse of the same race/ethnicity (Pew 2017: ~10% of married people are intermarried). */
export const SPOUSE_SAME_RACE = 0.9;

/**
 * Number of dependent children on a subscriber's plan, for subscribers aged 20 to 59.
 * Source: CPS 2023 Table FM-1/F1 (families by number of own children under 18), calibrated so that
 * children make up about 22% of members as in the 2020 Census (assumption-calibrated).
 */
export const CHILDREN_AGE_WINDOW = { from: 20, to: 59 } as const;
export const CHILDREN_COUNT: ReadonlyArray<{ count: number; p: number }> = [
  { count: 0, p: 0.58 },
  { count: 1, p: 0.2 },
  { count: 2, p: 0.15 },
  { count: 3, p: 0.05 },
  { count: 4, p: 0.02 },
];

/** A child is at least this many years younger than each parent (gives a gap of 18+ years). */
export const MIN_PARENT_CHILD_AGE_GAP = 19;

/** Adult children stay dependents up to this age (ACA section 2714: coverage to age 26). */
export const MAX_DEPENDENT_AGE = 26;

/**
 * Relative weight of a dependent aged 18-26 against the census weight of that age: many young
 * adults are on their own plan. Source: ASPE 2015, ~2.3 M young adults gained parental coverage
 * under the ACA age-26 rule (about a third of the age group), assumption-rounded.
 */
export const ADULT_DEPENDENT_WEIGHT = 0.35;

/**
 * Coverage source of a household by the subscriber's age (shares of the insured).
 * Source: Census "Health Insurance Coverage in the United States: 2024" (CPS ASEC 2025), Table 1,
 * under 65: employment-based ~64%, direct purchase / marketplace ~10%, Medicaid ~17% of people,
 * renormalised over the insured; 65+: Medicare (here always a Medicare Advantage plan).
 */
export const COVERAGE_MIX: ReadonlyArray<{ fromAge: number; toAge: number; employer: number; marketplace: number; medicaid: number; medicare: number }> = [
  { fromAge: 0, toAge: 17, employer: 0, marketplace: 0, medicaid: 1, medicare: 0 },
  { fromAge: 18, toAge: 64, employer: 0.7, marketplace: 0.11, medicaid: 0.19, medicare: 0 },
  { fromAge: 65, toAge: 120, employer: 0, marketplace: 0, medicaid: 0, medicare: 1 },
];

/**
 * Share of households whose coverage history differs from "one coverage, still active", so that
 * eligibility (270/271) answers differ. Assumption inside the 5-10% band asked for; churn in
 * employer coverage is ~10-15% a year (KFF 2022), so a few percent with a recent change is plausible.
 */
export const COVERAGE_SCENARIOS = {
  /** An earlier coverage was terminated (status cancelled, period ended) before the current one. */
  terminatedThenCurrent: 0.05,
  /** The only coverage ended before as-of: no current coverage. */
  lapsed: 0.04,
} as const;

/**
 * Years back a coverage may have started: at most this many years before as-of (assumption),
 * and a share starting on January 1 (open enrollment) rather than another first of the month.
 */
export const ENROLLMENT = { maxYearsBack: 8, januaryShare: 0.7 } as const;

/** Marital status by age for subscribers without a spouse in the household (CPS 2023 Table A1). */
export const UNPARTNERED_MARITAL_STATUS: ReadonlyArray<{ from: number; to: number; divorced: number; widowed: number }> = [
  { from: 0, to: 29, divorced: 0.03, widowed: 0.0 },
  { from: 30, to: 49, divorced: 0.25, widowed: 0.02 },
  { from: 50, to: 64, divorced: 0.4, widowed: 0.08 },
  { from: 65, to: 120, divorced: 0.3, widowed: 0.45 },
];
