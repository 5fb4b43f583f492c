import type { Resource } from 'fhir/r4';
import type { PopulationConfig } from './config.js';
import { cohortGroups } from './cohorts.js';
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
  const resources: Resource[] = directoryResources(directory);
  for (const record of patientRecordsInRange(config, directory, 0, config.patients)) {
    for (const r of record.resources) resources.push(r);
  }
  resources.push(...cohortGroups(directory, config.asOf, resources));
  return { directory, resources };
}
