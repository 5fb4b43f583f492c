import type { Resource } from 'fhir/r4';
import { DEFAULT_POPULATION_CONFIG, type PopulationConfig } from '../../population/config.js';
import { generateDirectory } from '../../population/directory.js';
import { generatePatientPeople } from '../../population/generate-patient.js';
import { generateClinicalRecord } from '../../population/clinical/index.js';
import type { PatientContext } from '../../population/model.js';

/** A patient context from the real people generator plus the clinical record generated from it. */
export interface ClinicalSample {
  ctx: PatientContext;
  resources: Resource[];
}

const cache = new Map<string, ClinicalSample[]>();

export function clinicalConfig(overrides: Partial<PopulationConfig> = {}): PopulationConfig {
  return { ...DEFAULT_POPULATION_CONFIG, seed: 'clinical', asOf: '2026-01-01', historyYears: 3, ...overrides };
}

/** Fresh context for patient i (its own rng, untouched). */
export function contextFor(config: PopulationConfig, patientIndex: number): PatientContext {
  return generatePatientPeople(config, generateDirectory(config), patientIndex).context;
}

/** `patients` generated patients with their clinical records (memoized per config within a test file). */
export function clinicalSample(patients: number, overrides: Partial<PopulationConfig> = {}): ClinicalSample[] {
  const config = clinicalConfig({ ...overrides, patients });
  const key = JSON.stringify(config);
  const hit = cache.get(key);
  if (hit) return hit;
  const directory = generateDirectory(config);
  const out: ClinicalSample[] = [];
  for (let i = 0; i < patients; i++) {
    const ctx = generatePatientPeople(config, directory, i).context;
    out.push({ ctx, resources: generateClinicalRecord(ctx) });
  }
  cache.set(key, out);
  return out;
}

export function ofType<T extends Resource>(resources: readonly Resource[], type: T['resourceType']): T[] {
  return resources.filter((r): r is T => r.resourceType === type);
}
