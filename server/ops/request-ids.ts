import { randomUUID } from 'node:crypto';

/**
 * Request ids in UUID form (RFC 9562 layout, 36 characters): a random prefix drawn once, then a 48-bit sequence
 * in the last group. Unique within a run and, through the prefix, across runs; a fresh `randomUUID()` per request
 * cost ~0.5 KB of garbage each (bench/fhir.bench.ts) for randomness a correlation id doesn't need.
 */
export class RequestIds {
  private prefix = '';
  private sequence = 0;

  next(): string {
    if (this.sequence % 0x1000000000000 === 0) this.prefix = randomUUID().slice(0, 24);
    const n = this.sequence++;
    return this.prefix + (n % 0x1000000000000).toString(16).padStart(12, '0');
  }
}
