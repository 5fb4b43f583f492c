import type { Resource } from 'fhir/r4';
import type { PopulationConfig } from '../../population/config.js';
import { generateHouseholdRecords } from '../../population/generate-patient.js';
import { householdOfPatient } from '../../population/households.js';
import { patientIndexOfId } from '../../population/ids.js';
import { RECORD_TYPES } from '../../population/record-types.js';
import type { Directory } from '../../population/model.js';
import type { SearchEngine } from '../search/search-engine.js';
import { engineOver } from './resource-engine.js';

/** One household's generated records, stamped as version '1', and a search engine over them alone. */
export interface HouseholdRecords {
  /** Household index (population/households.ts). */
  index: number;
  /** Patient indexes of its members, ascending. */
  members: number[];
  /** Every resource by `Type/id`, in generation order. */
  byKey: Map<string, Resource>;
  /** The full search engine over this household's resources only, in generation order (built on first use). */
  engine(): SearchEngine;
}

/** Households kept, most recently used last: a household is ~2.5 patients, ~400 resources. */
const DEFAULT_CAPACITY = 256;

/**
 * Households regenerated on demand (generateHouseholdRecords is a pure function of (config, directory, index)) into
 * a bounded LRU, so a read or a compartment search costs one household's generation at most.
 */
export class HouseholdCache {
  private readonly kept = new Map<number, HouseholdRecords>();

  constructor(
    private readonly config: PopulationConfig,
    private readonly directory: Directory,
    private readonly stamp: (r: Resource) => Resource,
    private readonly now: () => Date,
    private readonly capacity = DEFAULT_CAPACITY,
  ) {}

  /** A generated resource of a patient's record by type and id (its id names the patient), undefined when none. */
  find(resourceType: string, id: string): Resource | undefined {
    if (!RECORD_TYPES.has(resourceType)) return undefined;
    const patient = patientIndexOfId(resourceType, id);
    if (patient === undefined || patient >= this.config.patients) return undefined;
    return this.ofPatient(patient).byKey.get(`${resourceType}/${id}`);
  }

  /** The household holding patient `patientIndex` (which must be in 0..patients-1). */
  ofPatient(patientIndex: number): HouseholdRecords {
    const index = householdOfPatient(this.config, patientIndex).household.index;
    const found = this.kept.get(index);
    if (found) {
      this.kept.delete(index);
      this.kept.set(index, found);
      return found;
    }
    const made = this.generate(patientIndex, index);
    if (this.kept.size >= this.capacity) this.kept.delete(this.kept.keys().next().value as number);
    this.kept.set(index, made);
    return made;
  }

  private generate(patientIndex: number, index: number): HouseholdRecords {
    const byKey = new Map<string, Resource>();
    const members: number[] = [];
    for (const record of generateHouseholdRecords(this.config, this.directory, patientIndex)) {
      members.push(record.patientIndex);
      for (const generated of record.resources) {
        const r = this.stamp(generated);
        byKey.set(`${r.resourceType}/${r.id ?? ''}`, r);
      }
    }
    let engine: SearchEngine | undefined;
    return { index, members, byKey, engine: () => (engine ??= engineOver(byKey.values(), this.now)) };
  }
}
