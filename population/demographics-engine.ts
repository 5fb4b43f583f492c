import { CENSUS_2020_AGE_SEX, MAX_DRAWN_AGE } from './data/census-2020.js';
import { CENSUS_2020_RACE_ETHNICITY, type RaceEthnicityCell } from './data/race-ethnicity.js';
import type { Rng } from './random.js';

/** Draws from the Census tables in population/data; the numbers live there, not here. */

/** Population weight of each single year of age 0..MAX_DRAWN_AGE (band share spread evenly). */
const AGE_WEIGHT: Float64Array = (() => {
  const w = new Float64Array(MAX_DRAWN_AGE + 1);
  for (const band of CENSUS_2020_AGE_SEX) {
    const width = band.to - band.from + 1;
    for (let a = band.from; a <= band.to && a <= MAX_DRAWN_AGE; a++) w[a] = band.percent / width;
  }
  return w;
})();

const MALE_SHARE: Float64Array = (() => {
  const m = new Float64Array(MAX_DRAWN_AGE + 1);
  for (const band of CENSUS_2020_AGE_SEX) for (let a = band.from; a <= band.to && a <= MAX_DRAWN_AGE; a++) m[a] = band.male;
  return m;
})();

/** Census weight of one year of age (0 beyond the table). */
export function censusAgeWeight(age: number): number {
  return age >= 0 && age <= MAX_DRAWN_AGE ? AGE_WEIGHT[age] : 0;
}

/**
 * An age in [lo, hi] drawn by Census 2020 weights, optionally reweighted per age.
 * Returns undefined when the range is empty or has no weight.
 */
export function drawAge(rng: Rng, lo: number, hi: number, reweight?: (age: number) => number): number | undefined {
  const from = Math.max(0, lo);
  const to = Math.min(MAX_DRAWN_AGE, hi);
  if (from > to) return undefined;
  let total = 0;
  for (let a = from; a <= to; a++) total += AGE_WEIGHT[a] * (reweight ? reweight(a) : 1);
  if (total <= 0) return undefined;
  let r = rng.next() * total;
  for (let a = from; a <= to; a++) {
    r -= AGE_WEIGHT[a] * (reweight ? reweight(a) : 1);
    if (r < 0) return a;
  }
  return to;
}

/** Sex at a given age by the Census male share. */
export function drawSex(rng: Rng, age: number): 'male' | 'female' {
  const m = MALE_SHARE[Math.min(Math.max(age, 0), MAX_DRAWN_AGE)];
  return rng.next() < m ? 'male' : 'female';
}

/** Oldest age the tables cover. */
export const OLDEST_AGE = MAX_DRAWN_AGE;

/** One race x Hispanic-origin cell by 2020 Census counts. */
export function drawRaceEthnicity(rng: Rng): RaceEthnicityCell {
  return rng.weighted(CENSUS_2020_RACE_ETHNICITY, (c) => c.count);
}
