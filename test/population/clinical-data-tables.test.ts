import { describe, expect, it } from 'vitest';
import { claimsTableProblems } from '../../population/data/claims/check-tables.js';
import { clinicalTableProblems, loincCheckDigitValid } from '../../population/data/clinical/check-tables.js';

describe('clinical and claims data tables', () => {
  it('LOINC check digits are verified (mod 10)', () => {
    for (const code of ['8302-2', '29463-7', '39156-5', '85354-9', '8480-6', '4548-4', '58410-2', '2345-7']) expect(loincCheckDigitValid(code), code).toBe(true);
    for (const code of ['8302-3', '4548-5', 'ABC-1']) expect(loincCheckDigitValid(code), code).toBe(false);
  });

  it('every code, rate and cross-reference in the tables is sound, and every billed code is priced', () => {
    expect(clinicalTableProblems()).toEqual([]);
    expect(claimsTableProblems()).toEqual([]);
  });
});
