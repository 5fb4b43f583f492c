/**
 * Age and sex of the US resident population, 2020 Census.
 * Source: U.S. Census Bureau, 2020 Census Demographic and Housing Characteristics File (DHC),
 * Table P12 "Sex by Age" and the Demographic Profile DP1 (total 331,449,281; 65+ = 55.8 M = 16.8%;
 * under 18 = 22.1%; female 50.5%). Shares are percent of the total population per 5-year band,
 * rounded to 0.1 pp; `male` is the male share within the band, rounded to 0.001. The engine
 * (population/demographics-engine.ts) normalises, so rounding does not bias the draw.
 */
export interface AgeBand {
  /** Inclusive lower and upper age in years. */
  from: number;
  to: number;
  /** Percent of the total population in this band. */
  percent: number;
  /** Male share within the band. */
  male: number;
}

export const CENSUS_2020_AGE_SEX: readonly AgeBand[] = [
  { from: 0, to: 4, percent: 5.7, male: 0.511 },
  { from: 5, to: 9, percent: 6.1, male: 0.511 },
  { from: 10, to: 14, percent: 6.6, male: 0.511 },
  { from: 15, to: 19, percent: 6.6, male: 0.511 },
  { from: 20, to: 24, percent: 6.4, male: 0.509 },
  { from: 25, to: 29, percent: 6.7, male: 0.506 },
  { from: 30, to: 34, percent: 6.8, male: 0.502 },
  { from: 35, to: 39, percent: 6.6, male: 0.499 },
  { from: 40, to: 44, percent: 6.3, male: 0.497 },
  { from: 45, to: 49, percent: 6.0, male: 0.495 },
  { from: 50, to: 54, percent: 6.3, male: 0.492 },
  { from: 55, to: 59, percent: 6.6, male: 0.487 },
  { from: 60, to: 64, percent: 6.4, male: 0.48 },
  { from: 65, to: 69, percent: 5.4, male: 0.472 },
  { from: 70, to: 74, percent: 4.5, male: 0.462 },
  { from: 75, to: 79, percent: 3.0, male: 0.447 },
  { from: 80, to: 84, percent: 1.9, male: 0.421 },
  // 85 and over (6.0 M in 2020); spread over 85-99 here, centenarians (~0.03%) left out.
  { from: 85, to: 99, percent: 1.8, male: 0.361 },
];

/** Oldest age the generator draws (the 85+ band is spread up to this age). */
export const MAX_DRAWN_AGE = 99;
