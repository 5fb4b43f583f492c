import type { Resource } from 'fhir/r4';
import type { PopulationConfig } from './config.js';
import { createCohortCollector } from './cohorts.js';
import { directoryResources, generateDirectory } from './directory.js';
import { patientRecordsInRange } from './generate-patient.js';
import type { Directory } from './model.js';

export { coverageId, householdId, patientId } from './ids.js';

/**
 * The whole population, sequentially: directory resources first, then each patient's record in
 * index order, then the cohort Groups (cohorts.ts). Worker-thread generation (population/parallel.ts) must
 * produce the same sequence.
 */
export function generatePopulation(config: PopulationConfig): { directory: Directory; resources: Resource[] } {
  const directory = generateDirectory(config);
  return { directory, resources: [...populationResources(config, directory)] };
}

/**
 * The same sequence generated lazily, one household at a time as it is consumed (the server loads it in slices):
 * `onPatients` is told how many patients are done after each patient's last resource.
 */
export function* populationResources(config: PopulationConfig, directory: Directory, onPatients?: (done: number) => void): Generator<Resource> {
  yield* directoryResources(directory);
  const cohorts = createCohortCollector(directory, config.asOf);
  for (const record of patientRecordsInRange(config, directory, 0, config.patients)) {
    cohorts.add(record.resources);
    yield* record.resources;
    onPatients?.(record.patientIndex + 1);
  }
  yield* cohorts.groups();
}
