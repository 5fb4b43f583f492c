import type { Rng } from '../random.js';
import { ageBandIndex, type BandRates } from '../data/clinical/age-bands.js';
import {
  CHRONIC_CONDITIONS,
  CHRONIC_ONSET_LOOKBACK_YEARS,
  type ChronicConditionRow,
} from '../data/clinical/chronic-conditions.js';
import { CARDIOMETABOLIC_LOADINGS } from '../data/clinical/comorbidity.js';
import { DAYS_PER_YEAR } from './dates.js';
import { normalCdf } from './normal-cdf.js';

/** A chronic condition a patient has, with its onset day (epoch day). */
export interface ChronicState {
  row: ChronicConditionRow;
  onsetDay: number;
}

/** The [male, female] rate of a band table for an age and sex. */
export function bandRate(rates: BandRates, ageYears: number, sex: 'male' | 'female'): number {
  return rates[ageBandIndex(ageYears)][sex === 'male' ? 0 : 1];
}

/**
 * Draws the patient's chronic conditions from the prevalence table by age band and sex, and an onset day for each,
 * between minOnsetAge and now. Cardiometabolic conditions share a latent factor (comorbidity.ts), so they cluster
 * while each keeps its table prevalence; the others are independent draws.
 */
export function drawChronicConditions(rng: Rng, ageYears: number, sex: 'male' | 'female', asOfDay: number, loadings = CARDIOMETABOLIC_LOADINGS): ChronicState[] {
  const out: ChronicState[] = [];
  const factor = rng.normal(0, 1);
  for (const row of CHRONIC_CONDITIONS) {
    const loading = loadings[row.key];
    const p = bandRate(row.prevalence, ageYears, sex);
    const has = loading === undefined ? rng.chance(p) : normalCdf(loading * factor + Math.sqrt(1 - loading * loading) * rng.normal(0, 1)) < p;
    const onsetFraction = rng.next();
    if (!has || ageYears < row.minOnsetAge) continue;
    const yearsAgo = Math.min(ageYears - row.minOnsetAge, CHRONIC_ONSET_LOOKBACK_YEARS) * onsetFraction;
    out.push({ row, onsetDay: asOfDay - 1 - Math.floor(yearsAgo * DAYS_PER_YEAR) });
  }
  return out;
}
