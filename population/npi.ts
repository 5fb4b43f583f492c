import type { Rng } from './random.js';

/**
 * National Provider Identifier check digit: Luhn over the 9 base digits prefixed with 80840, as
 * specified by CMS ("Requirements for Constructing the NPI Check Digit", NPI Final Rule, ISO 7812).
 */
export function npiCheckDigit(first9: string): string {
  if (!/^\d{9}$/.test(first9)) throw new Error(`NPI base must be 9 digits (got ${first9})`);
  const digits = `80840${first9}`;
  let sum = 0;
  // The check digit will sit to the right, so the rightmost base digit is the first one doubled.
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** True when `npi` is 10 digits, starts with 1 or 2 and carries a valid check digit. */
export function isValidNpi(npi: string): boolean {
  return /^[12]\d{9}$/.test(npi) && npiCheckDigit(npi.slice(0, 9)) === npi[9];
}

/**
 * A random valid NPI. NPIs start with 1 or 2 regardless of entity type; by our convention
 * individuals (type 1) start with 1 and organizations (type 2) with 2, which makes tests readable.
 */
export function makeNpi(rng: Rng, entityType: 1 | 2): string {
  let base = String(entityType);
  for (let i = 0; i < 8; i++) base += String(rng.int(0, 9));
  return base + npiCheckDigit(base);
}

/** A random valid NPI not yet in `used` (which it updates). */
export function makeUniqueNpi(rng: Rng, entityType: 1 | 2, used: Set<string>): string {
  for (;;) {
    const npi = makeNpi(rng, entityType);
    if (!used.has(npi)) {
      used.add(npi);
      return npi;
    }
  }
}
