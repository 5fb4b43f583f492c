import { describe, expect, it } from 'vitest';
import type { PopulationConfig } from '../../population/config.js';
import { generatePopulation } from '../../population/generate.js';
import { generatePopulationParallel } from '../../population/parallel.js';

const config = (overrides: Partial<PopulationConfig> = {}): PopulationConfig => ({
  seed: '42',
  patients: 200,
  asOf: '2026-01-01',
  historyYears: 3,
  includeAddress: true,
  ...overrides,
});

const bytes = (resources: unknown[]): string => resources.map((r) => JSON.stringify(r)).join('\n');

/** Where two serializations first differ (keeps a failure message short instead of dumping megabytes). */
function firstDifference(actual: string, expected: string): string | undefined {
  if (actual === expected) return undefined;
  const a = actual.split('\n');
  const e = expected.split('\n');
  const i = a.findIndex((line, k) => line !== e[k]);
  const at = i < 0 ? Math.min(a.length, e.length) : i;
  return `line ${at} of ${e.length}: expected ${(e[at] ?? '<end>').slice(0, 160)} but got ${(a[at] ?? '<end>').slice(0, 160)}`;
}

describe('determinism', () => {
  const reference = bytes(generatePopulation(config()).resources);

  it('gives identical bytes for the same seed and config', () => {
    expect(firstDifference(bytes(generatePopulation(config()).resources), reference)).toBeUndefined();
  });

  it('gives a different population for a different seed', () => {
    expect(bytes(generatePopulation(config({ seed: '43' })).resources) === reference).toBe(false);
  });

  it('gives identical bytes with 1 and 3 worker threads (2 threads: see test/export)', async () => {
    expect(firstDifference(bytes(await generatePopulationParallel(config(), { threads: 1 })), reference)).toBeUndefined();
    // Small uneven chunks so three workers interleave and finish out of order.
    expect(firstDifference(bytes(await generatePopulationParallel(config(), { threads: 3, chunkSize: 7 })), reference)).toBeUndefined();
  });
});
