/**
 * Race alone-or-in-combination by Hispanic origin, 2020 Census, with the US Core (OMB) codes from
 * CDC Race & Ethnicity Code Set v1.0 (urn:oid:2.16.840.1.113883.6.238).
 * Source: U.S. Census Bureau, 2020 Census Redistricting Data (P.L. 94-171), Table P2 "Hispanic or
 * Latino, and Not Hispanic or Latino by Race" (counts; total 331,449,281; Hispanic 62,080,044).
 */
export interface OmbCode {
  code: string;
  display: string;
}

export const OMB_RACE = {
  white: { code: '2106-3', display: 'White' },
  black: { code: '2054-5', display: 'Black or African American' },
  aian: { code: '1002-5', display: 'American Indian or Alaska Native' },
  asian: { code: '2028-9', display: 'Asian' },
  nhpi: { code: '2076-8', display: 'Native Hawaiian or Other Pacific Islander' },
} as const satisfies Record<string, OmbCode>;

/** "Some other race" has no OMB category; US Core carries it as a detailed code. */
export const OTHER_RACE: OmbCode = { code: '2131-1', display: 'Other Race' };

export const OMB_ETHNICITY = {
  hispanic: { code: '2135-2', display: 'Hispanic or Latino' },
  notHispanic: { code: '2186-5', display: 'Not Hispanic or Latino' },
} as const satisfies Record<string, OmbCode>;

export type RaceGroup = keyof typeof OMB_RACE | 'other' | 'multiple';

export interface RaceEthnicityCell {
  race: RaceGroup;
  hispanic: boolean;
  /** 2020 Census count. */
  count: number;
}

export const CENSUS_2020_RACE_ETHNICITY: readonly RaceEthnicityCell[] = [
  { race: 'white', hispanic: false, count: 191_697_647 },
  { race: 'black', hispanic: false, count: 39_940_338 },
  { race: 'aian', hispanic: false, count: 2_251_699 },
  { race: 'asian', hispanic: false, count: 19_618_719 },
  { race: 'nhpi', hispanic: false, count: 622_018 },
  { race: 'other', hispanic: false, count: 1_689_833 },
  { race: 'multiple', hispanic: false, count: 13_548_983 },
  { race: 'white', hispanic: true, count: 12_579_626 },
  { race: 'black', hispanic: true, count: 1_163_862 },
  { race: 'aian', hispanic: true, count: 1_475_108 },
  { race: 'asian', hispanic: true, count: 337_412 },
  { race: 'nhpi', hispanic: true, count: 67_571 },
  { race: 'other', hispanic: true, count: 26_225_882 },
  { race: 'multiple', hispanic: true, count: 20_230_583 },
];

/**
 * For "two or more races", the second OMB category next to White, weighted by the largest combinations of the 2020
 * Census (P.L. 94-171 Redistricting Summary File; Census Bureau, Multiracial Heritage Week 2023 key stats): White and
 * American Indian/Alaska Native 4.0 million, White and Black 3.1 million, White and Asian 2.7 million. White and
 * Some Other Race (19.3 million) has no OMB code and is folded into the others; White and NHPI is not among the
 * listed combinations (weight: assumption).
 */
export const SECOND_RACE_WEIGHTS: ReadonlyArray<{ race: keyof typeof OMB_RACE; weight: number }> = [
  { race: 'black', weight: 3.1 },
  { race: 'aian', weight: 4.0 },
  { race: 'asian', weight: 2.7 },
  { race: 'nhpi', weight: 0.3 },
];

/**
 * Share of Hispanic people who prefer Spanish (not English proficient, i.e. speak English less than "very well").
 * Source: Pew Research Center, Facts on Latinos in the U.S. (2023, ACS 2021): 67% of Hispanic adults are English
 * proficient, so 33% are not; Pew's tabulation of ACS 2013 gave 26% less than very well + 7% no English for ages 5+.
 */
export const HISPANIC_PREFERS_SPANISH = 0.33;
