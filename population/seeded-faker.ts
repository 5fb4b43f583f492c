import { Faker, en, en_US, type Randomizer } from '@faker-js/faker';

/**
 * One private Faker per module instance (so per worker thread), never the global `faker`.
 * Callers reseed it from their own stream before every use (`fakerFor(rng.uint32())`), which makes
 * each use independent of what ran before and avoids building a Faker per patient.
 *
 * Faker's default Mersenne Twister costs ~25 us per reseed; reseeding several times per patient
 * would dominate generation, so the instance runs on an sfc32 randomizer (Faker's documented
 * `randomizer` option, https://fakerjs.dev/api/randomizer) whose reseed is a few operations.
 */
function sfc32Randomizer(): Randomizer {
  let a = 0, b = 0, c = 0, d = 1;
  const nextU32 = (): number => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return t >>> 0;
  };
  return {
    next: () => nextU32() / 4294967296,
    seed: (seed: number | number[]) => {
      const s = Array.isArray(seed) ? seed : [seed];
      a = 0x9e3779b9; b = 0x243f6a88; c = 0xb7e15162; d = 1;
      for (const x of s) {
        a ^= x >>> 0;
        b ^= Math.imul(x >>> 0, 0x85ebca6b);
        for (let i = 0; i < 12; i++) nextU32();
      }
    },
  };
}

const instance = new Faker({ locale: [en_US, en], randomizer: sfc32Randomizer() });

/** The module's Faker, reseeded with `seed`. */
export function fakerFor(seed: number): Faker {
  instance.seed(seed);
  return instance;
}
