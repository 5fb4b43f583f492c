import { pad } from './ids.js';
import type { Rng } from './random.js';

const EIN_PREFIXES = [10, 12, 20, 22, 26, 27, 30, 33, 35, 38, 41, 45, 46, 52, 54, 56, 61, 65, 74, 81, 84, 86, 88, 91, 93, 95];

/** An Employer Identification Number, NN-NNNNNNN, with an IRS campus prefix. */
export function makeEin(rng: Rng): string {
  return `${rng.pick(EIN_PREFIXES)}-${pad(rng.int(0, 9_999_999), 7)}`;
}
