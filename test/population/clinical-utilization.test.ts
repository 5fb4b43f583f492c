import type { Encounter } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { AGE_BANDS, ageBandIndex } from '../../population/data/clinical/age-bands.js';
import { ED_VISITS_PER_100_CDC, ED_VISITS_PER_YEAR, INPATIENT_STAYS_PER_YEAR } from '../../population/data/clinical/utilization.js';
import { clinicalSample, ofType } from './clinical-fixture.js';

// Utilization at the cited national rates (issue 16): ED visits per NHAMCS 2019, hospital stays per HCUP, by age band.
const HISTORY_YEARS = 3;
const sample = clinicalSample(600, { seed: 'utilization', historyYears: HISTORY_YEARS });
const DAY_MS = 86_400_000;
const YEAR_DAYS = 365.25;

/** Person-years observed and encounters of one class, by age band (age at the as-of date, as the timeline draws). */
function byBand(actCode: 'EMER' | 'IMP'): { personYears: number; count: number }[] {
  const bands = AGE_BANDS.map(() => ({ personYears: 0, count: 0 }));
  for (const { ctx, resources } of sample) {
    const asOf = ctx.asOf.getTime() / DAY_MS;
    const birth = Date.parse(ctx.patient.birthDate ?? '') / DAY_MS;
    const band = bands[ageBandIndex(ctx.ageYears)];
    band.personYears += (asOf - Math.max(asOf - HISTORY_YEARS * YEAR_DAYS, birth)) / YEAR_DAYS;
    band.count += ofType<Encounter>(resources, 'Encounter').filter((e) => e.class.code === actCode).length;
  }
  return bands;
}

/** Poisson check: observed within 3.5 standard deviations (plus 10% for the band's age mix) of the expected count. */
function expectRate(label: string, observed: number, expected: number): void {
  const tolerance = 3.5 * Math.sqrt(expected) + 0.1 * expected;
  expect(Math.abs(observed - expected), `${label}: ${observed} observed, ${expected.toFixed(1)} expected`).toBeLessThanOrEqual(tolerance);
}

describe('ED visits and hospital stays per person-year match the cited national rates by age', () => {
  it('ED visits per 1,000 by band are within Poisson tolerance of NHAMCS 2019, and the total near 400-500 per 1,000', () => {
    const bands = byBand('EMER');
    let tested = 0;
    for (let i = 0; i < bands.length; i++) {
      const expected = bands[i].personYears * ED_VISITS_PER_YEAR[i][0];
      if (expected < 10) continue;
      tested++;
      expectRate(`ED ${AGE_BANDS[i].join('-')}`, bands[i].count, expected);
    }
    expect(tested).toBeGreaterThanOrEqual(4);
    const total = bands.reduce((s, b) => s + b.count, 0) / bands.reduce((s, b) => s + b.personYears, 0);
    // NHAMCS 2019 ranges from 41 (45-74) to 66 (75+) per 100 outside infancy.
    expect(total).toBeGreaterThan(ED_VISITS_PER_100_CDC.age45to74 / 100 * 0.85);
    expect(total).toBeLessThan(ED_VISITS_PER_100_CDC.age75plus / 100);
  });

  it('hospital stays per 1,000 by band are within Poisson tolerance of HCUP, rising with age', () => {
    const bands = byBand('IMP');
    let tested = 0;
    for (let i = 0; i < bands.length; i++) {
      const expected = bands[i].personYears * INPATIENT_STAYS_PER_YEAR[i][0];
      if (expected < 10) continue;
      tested++;
      expectRate(`inpatient ${AGE_BANDS[i].join('-')}`, bands[i].count, expected);
    }
    expect(tested).toBeGreaterThanOrEqual(2);
    const rate = (i: number): number => bands[i].count / bands[i].personYears;
    expect(rate(4)).toBeGreaterThan(rate(2) * 2);
  });
});
