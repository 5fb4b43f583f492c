import type { Resource } from 'fhir/r4';
import type { PopulationConfig } from './config.js';
import { directoryResources } from './directory.js';
import { generateHouseholdRecords } from './generate-patient.js';
import { householdOfPatient } from './households.js';
import { patientIndexOfId } from './ids.js';
import type { Directory } from './model.js';

/** One generated resource found by type and id without the whole population (data-store BaseLookup). */
export interface HouseholdLookup {
  /** Whether `find` alone knows if the population has this resource: a directory id, or one of a patient's record. */
  owns(resourceType: string, id: string): boolean;
  /** The generated resource, its household regenerated when not cached; undefined when the population has none. */
  find(resourceType: string, id: string): Resource | undefined;
}

/** Households kept, most recently used last: a few MB, and reads of one family's resources regenerate it once. */
const DEFAULT_CAPACITY = 64;

const keyOf = (resourceType: string, id: string): string => `${resourceType}/${id}`;

/**
 * Finds a generated resource from its id (ids.ts patientIndexOfId): the directory's are kept, a patient's record is
 * regenerated with its household (generateHouseholdRecords, a pure function of (config, directory, index)) into a
 * bounded LRU. https://hl7.org/fhir/R4/http.html#read
 */
export function householdLookup(config: PopulationConfig, directory: Directory, capacity = DEFAULT_CAPACITY): HouseholdLookup {
  const fixed = new Map(directoryResources(directory).map((r) => [keyOf(r.resourceType, r.id ?? ''), r]));
  const households = new Map<number, Map<string, Resource>>();
  const household = (patientIndex: number): Map<string, Resource> => {
    const index = householdOfPatient(config, patientIndex).household.index;
    let found = households.get(index);
    if (found) households.delete(index);
    else {
      found = new Map();
      for (const record of generateHouseholdRecords(config, directory, patientIndex)) for (const r of record.resources) found.set(keyOf(r.resourceType, r.id ?? ''), r);
      if (households.size >= capacity) households.delete(households.keys().next().value as number);
    }
    households.set(index, found);
    return found;
  };
  const patientOf = (resourceType: string, id: string): number | undefined => {
    const index = patientIndexOfId(resourceType, id);
    return index !== undefined && index < config.patients ? index : undefined;
  };
  return {
    owns: (resourceType, id) => fixed.has(keyOf(resourceType, id)) || patientOf(resourceType, id) !== undefined,
    find: (resourceType, id) => {
      const key = keyOf(resourceType, id);
      const index = patientOf(resourceType, id);
      return fixed.get(key) ?? (index === undefined ? undefined : household(index).get(key));
    },
  };
}
