import type { Resource } from 'fhir/r4';
import { createStore, type Store } from '../../data-store/index.js';
import { DEFAULT_POPULATION_CONFIG, type PopulationConfig } from '../../population/config.js';
import { generatePopulation } from '../../population/generate.js';
import { configureEdi } from '../../edi/options.js';
import { createControlNumbers } from '../../edi/control-numbers.js';

/** The fixed population the EDI tests and golden files use: seed 'edi-golden', as-of 2026-01-01. */
export const GOLDEN_CONFIG: PopulationConfig = { ...DEFAULT_POPULATION_CONFIG, seed: 'edi-golden', patients: 40, asOf: '2026-01-01' };

const cache = new Map<string, Resource[]>();

/** Generated resources for a config (memoized per test file). */
export function population(config: PopulationConfig = GOLDEN_CONFIG): Resource[] {
  const key = JSON.stringify(config);
  let r = cache.get(key);
  if (!r) {
    r = generatePopulation(config).resources;
    cache.set(key, r);
  }
  return r;
}

/** A fixed instant for documents (ISA09/10, BHT dates): the as-of date at noon UTC. */
export const FIXED_NOW = new Date('2026-01-01T12:00:00Z');

/** A real store over the generated population, with EDI options fixed for reproducible output. */
export async function goldenStore(config: PopulationConfig = GOLDEN_CONFIG, dataDir?: string): Promise<Store> {
  const resources = population(config);
  const store = await createStore({ base: () => resources, dataDir, baseLastUpdated: `${config.asOf}T00:00:00Z`, clock: () => FIXED_NOW });
  let n = 100;
  configureEdi(store, {
    clock: () => FIXED_NOW,
    asOf: config.asOf,
    controlNumbers: { next: (count = 1) => { const first = n; n += count; return first; } },
  });
  void createControlNumbers;
  return store;
}
