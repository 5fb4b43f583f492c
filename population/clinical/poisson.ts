import type { Rng } from '../random.js';

/** A Poisson-distributed count with mean `lambda` (Knuth; lambda is small here). */
export function poisson(rng: Rng, lambda: number): number {
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = rng.next();
  while (p > limit) {
    k++;
    p *= rng.next();
  }
  return k;
}
