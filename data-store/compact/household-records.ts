import type { Resource } from 'fhir/r4';
import type { PopulationConfig } from '../../population/config.js';
import { generateHouseholdRecords, generatePatientPeople } from '../../population/generate-patient.js';
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

/** The types generatePatientPeople gives, equal to the record's (population/generate-patient.ts). */
export const PEOPLE_TYPES: ReadonlySet<string> = new Set(['Patient', 'Coverage']);

/** Households kept, most recently used last: a household is ~2.5 patients, ~400 resources. */
const DEFAULT_CAPACITY = 256;

/**
 * Households regenerated on demand (generateHouseholdRecords is a pure function of (config, directory, index)) into
 * a bounded LRU, so a read or a compartment search costs one household's generation at most.
 */
export class HouseholdCache {
  private readonly kept = new Map<number, HouseholdRecords>();
  /** Households of which only the people part (Patient, Coverage) was needed. */
  private readonly people = new Map<number, HouseholdRecords>();

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
    return this.ofPatient(patient, resourceType).byKey.get(`${resourceType}/${id}`);
  }

  /**
   * The household holding patient `patientIndex` (which must be in 0..patients-1): the whole records, or when only
   * `forType` is needed and it is a Patient or Coverage, its members' people part alone (~40 us per member, against
   * ~1 ms for a record) unless the whole household is kept anyway.
   */
  ofPatient(patientIndex: number, forType?: string): HouseholdRecords {
    const index = householdOfPatient(this.config, patientIndex).household.index;
    const whole = this.take(this.kept, index);
    if (whole) return whole;
    const peopleOnly = forType !== undefined && PEOPLE_TYPES.has(forType);
    if (peopleOnly) return this.take(this.people, index) ?? this.put(this.people, index, this.generatePeople(patientIndex, index));
    return this.put(this.kept, index, this.generate(patientIndex, index));
  }

  /** An entry of an LRU, moved to its most recent end. */
  private take(lru: Map<number, HouseholdRecords>, index: number): HouseholdRecords | undefined {
    const found = lru.get(index);
    if (found) {
      lru.delete(index);
      lru.set(index, found);
    }
    return found;
  }

  private put(lru: Map<number, HouseholdRecords>, index: number, made: HouseholdRecords): HouseholdRecords {
    if (lru.size >= this.capacity) lru.delete(lru.keys().next().value as number);
    lru.set(index, made);
    return made;
  }

  private generatePeople(patientIndex: number, index: number): HouseholdRecords {
    const members = householdOfPatient(this.config, patientIndex).household.members.map((m) => m.patientIndex);
    const resources = members.flatMap((m) => {
      const people = generatePatientPeople(this.config, this.directory, m);
      return [people.patient, ...people.coverages];
    });
    return this.records(index, members, resources);
  }

  private generate(patientIndex: number, index: number): HouseholdRecords {
    const records = generateHouseholdRecords(this.config, this.directory, patientIndex);
    return this.records(index, records.map((r) => r.patientIndex), records.flatMap((r) => r.resources));
  }

  private records(index: number, members: number[], resources: Resource[]): HouseholdRecords {
    const byKey = new Map<string, Resource>();
    for (const generated of resources) {
      const r = this.stamp(generated);
      byKey.set(`${r.resourceType}/${r.id ?? ''}`, r);
    }
    let engine: SearchEngine | undefined;
    return { index, members, byKey, engine: () => (engine ??= engineOver(byKey.values(), this.now)) };
  }
}
