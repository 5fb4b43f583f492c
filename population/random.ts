/**
 * Seeded random streams. Every patient (and the shared directory, and each household) gets its own
 * stream derived from (seed, label), so any one can be regenerated alone and output does not depend
 * on thread count. Algorithm: cyrb128 string hash -> sfc32 PRNG (public-domain, well-distributed).
 */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Integer in [min, max] inclusive. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T;
  /** One element by weight (weights need not sum to 1). */
  weighted<T>(items: readonly T[], weight: (item: T) => number): T;
  /** Normal deviate (Box-Muller). */
  normal(mean: number, sd: number): number;
  /** A 32-bit unsigned integer, e.g. to seed a Faker instance. */
  uint32(): number;
}

/**
 * The sfc32 generator; its state is four 32-bit words kept as int32 fields (not a typed array: a stream is created
 * several times per claim, and a field-only object is the cheapest to allocate and to step).
 */
export class Sfc32 {
  constructor(public a: number, public b: number, public c: number, public d: number) {}

  /** One step: an unsigned 32-bit result. */
  uint32(): number {
    let t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    t = (t + this.d) | 0;
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }
}

/** An sfc32 stream; methods on the prototype so creating one (several per claim) allocates no closures. */
class SeededRng extends Sfc32 implements Rng {
  private spare: number | undefined;

  next(): number {
    return this.uint32() / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from empty list');
    return items[Math.floor(this.next() * items.length)];
  }

  weighted<T>(items: readonly T[], weight: (item: T) => number): T {
    let total = 0;
    for (const item of items) total += Math.max(0, weight(item));
    let r = this.next() * total;
    for (const item of items) {
      r -= Math.max(0, weight(item));
      if (r < 0) return item;
    }
    return items[items.length - 1];
  }

  normal(mean: number, sd: number): number {
    if (this.spare !== undefined) {
      const s = this.spare;
      this.spare = undefined;
      return mean + sd * s;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const mag = Math.sqrt(-2 * Math.log(u));
    this.spare = mag * Math.sin(2 * Math.PI * v);
    return mean + sd * mag * Math.cos(2 * Math.PI * v);
  }
}

/** A new stream whose four words are the cyrb128 hash of `str`. */
function hashedStream(str: string): SeededRng {
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4; h2 ^= h1; h3 ^= h1; h4 ^= h1;
  return new SeededRng(h1, h2, h3, h4);
}

/** Creates the stream for (seed, ...labels), e.g. createRng('42', 'patient', 17). */
export function createRng(seed: string, ...labels: Array<string | number>): Rng {
  // The labels joined by U+001F, as [seed, ...labels].join('\u001f') would (it runs several times per claim).
  let key = seed;
  for (const label of labels) key += `\u001f${label}`;
  const rng = hashedStream(key);
  for (let i = 0; i < 15; i++) rng.uint32();
  return rng;
}
