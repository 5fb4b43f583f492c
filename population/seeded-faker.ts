import type { Faker, Randomizer } from '@faker-js/faker';
// The en_US locale module, not the package index: that one loads every locale faker ships (~70 modules, a fifth
// of start-up). Its instance carries the en_US + en (+ base) definitions and the Faker class we build ours from.
import { faker as enUsFaker } from '@faker-js/faker/locale/en_US';
import { Sfc32 } from './random.js';

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
  const state = new Sfc32(0, 0, 0, 1);
  return {
    next: () => state.uint32() / 4294967296,
    seed: (seed: number | number[]) => {
      const s = Array.isArray(seed) ? seed : [seed];
      state.a = 0x9e3779b9 | 0;
      state.b = 0x243f6a88;
      state.c = 0xb7e15162 | 0;
      state.d = 1;
      for (const x of s) {
        state.a ^= x >>> 0;
        state.b ^= Math.imul(x >>> 0, 0x85ebca6b);
        for (let i = 0; i < 12; i++) state.uint32();
      }
    },
  };
}

const FakerClass = enUsFaker.constructor as typeof Faker;
const instance = new FakerClass({ locale: enUsFaker.rawDefinitions, randomizer: sfc32Randomizer() });

/** The module's Faker, reseeded with `seed`. */
export function fakerFor(seed: number): Faker {
  instance.seed(seed);
  return instance;
}
