import { describe, expect, it } from 'vitest';
import { generateDirectory } from '../../population/directory.js';
import { IDENTIFIER } from '../../population/conventions.js';
import { isValidNpi, makeNpi, npiCheckDigit } from '../../population/npi.js';
import { createRng } from '../../population/random.js';

/**
 * The CMS method written out independently: double every other base digit starting from the
 * rightmost, add the digits, add 24 (for the 80840 prefix), and take the distance to the next
 * multiple of ten.
 */
function cmsCheckDigit(first9: string): string {
  let sum = 24;
  for (let i = 0; i < 9; i++) {
    let d = Number(first9[8 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d = Math.floor(d / 10) + (d % 10);
    }
    sum += d;
  }
  return String((Math.ceil(sum / 10) * 10 - sum) % 10);
}

describe('NPI check digit', () => {
  it('matches the CMS worked example 123456789 -> 3', () => {
    expect(npiCheckDigit('123456789')).toBe('3');
    expect(isValidNpi('1234567893')).toBe(true);
  });

  it('rejects wrong check digits, lengths and leading digits', () => {
    for (const bad of ['1234567890', '1234567894', '123456789', '12345678931', '3234567893', 'abcdefghij', '']) {
      expect(isValidNpi(bad), bad).toBe(false);
    }
  });

  it('agrees with the add-24 formulation on many random bases', () => {
    const rng = createRng('npi-test');
    for (let k = 0; k < 2000; k++) {
      const base = String(rng.int(100_000_000, 299_999_999));
      expect(npiCheckDigit(base)).toBe(cmsCheckDigit(base));
    }
  });

  it('detects every single-digit substitution of a valid NPI', () => {
    const npi = makeNpi(createRng('npi-subst'), 1);
    for (let pos = 1; pos < 10; pos++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === npi[pos]) continue;
        const changed = npi.slice(0, pos) + String(d) + npi.slice(pos + 1);
        expect(isValidNpi(changed), changed).toBe(false);
      }
    }
  });

  it('every generated NPI is valid and unique; individuals start with 1, organizations with 2', () => {
    const d = generateDirectory({ seed: 'npi', patients: 6000, asOf: '2026-01-01', historyYears: 3, includeAddress: true });
    const npiOf = (r: { identifier?: Array<{ system?: string; value?: string }> }) =>
      r.identifier?.find((i) => i.system === IDENTIFIER.npi)?.value ?? '';
    const individual = d.practitioners.map(npiOf);
    const organization = d.providerOrganizations.map(npiOf);
    expect(individual.length).toBeGreaterThan(1000); // a network in each of the population's areas
    for (const npi of individual) expect(isValidNpi(npi) && npi.startsWith('1'), npi).toBe(true);
    for (const npi of organization) expect(isValidNpi(npi) && npi.startsWith('2'), npi).toBe(true);
    expect(new Set([...individual, ...organization]).size).toBe(individual.length + organization.length);
  });
});
