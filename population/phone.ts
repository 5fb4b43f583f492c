import type { UsCity } from './data/us-states.js';
import { pad } from './ids.js';
import type { Rng } from './random.js';

/** A phone number in the city's area code; 555-0100..0199 are reserved for fictional use (NANPA), so none is real. */
export function fictionalPhone(rng: Rng, city: Pick<UsCity, 'areaCode'>): string {
  return `(${city.areaCode}) 555-01${pad(rng.int(0, 99), 2)}`;
}
