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
 * For "two or more races", the second OMB category next to White (the most common combinations).
 * Source: 2020 Census P.L. 94-171 Table P1 two-race combinations, approximate relative sizes
 * (White+Some other race is the largest but has no OMB code, so it is folded into the others).
 */
export const SECOND_RACE_WEIGHTS: ReadonlyArray<{ race: keyof typeof OMB_RACE; weight: number }> = [
  { race: 'black', weight: 0.3 },
  { race: 'aian', weight: 0.35 },
  { race: 'asian', weight: 0.3 },
  { race: 'nhpi', weight: 0.05 },
];

/**
 * Share of Hispanic people who prefer Spanish (speak English less than "very well").
 * Source: Census ACS 2019-2023, "Language spoken at home", Spanish speakers, approx. 28%.
 */
export const HISPANIC_PREFERS_SPANISH = 0.28;
