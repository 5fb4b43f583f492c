/** Age bands (inclusive years) shared by the clinical data tables; rows index into this list. */
export const AGE_BANDS = [
  [0, 1],
  [2, 17],
  [18, 39],
  [40, 59],
  [60, 79],
  [80, 120],
] as const;

/** Index of the band holding `ageYears`. */
export function ageBandIndex(ageYears: number): number {
  for (let i = 0; i < AGE_BANDS.length; i++) if (ageYears <= AGE_BANDS[i][1]) return i;
  return AGE_BANDS.length - 1;
}

/** Per-band value pair by sex: [male, female] for each of the six AGE_BANDS. */
export type BandRates = readonly (readonly [number, number])[];

/** Age of adulthood for adult norms, adult preventive visits and adult BMI cut-points (CDC: BMI-for-age under 20 uses percentiles; we switch at 18). */
export const ADULT_AGE_YEARS = 18;
