import type { Resource } from 'fhir/r4';
import type { PopulationConfig } from '../../population/config.js';
import { generateHouseholdRecords, generatePatientPeople } from '../../population/generate-patient.js';
import { householdOfPatient } from '../../population/households.js';
import { patientIndexOfId } from '../../population/ids.js';
import { RECORD_TYPES } from '../../population/record-types.js';
import type { Directory } from '../../population/model.js';
import type { SearchEngine } from '../search/search-engine.js';
import { attachVersionJson } from '../version-json.js';
import type { DecodedPatient } from './patient-rows.js';
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
/** Patients whose people part alone is kept: a Patient and its Coverages each. */
const PEOPLE_CAPACITY = 4096;

/**
 * Households regenerated on demand (generateHouseholdRecords is a pure function of (config, directory, index)) into
 * a bounded LRU, so a read or a compartment search costs one household's generation at most; and the people part of
 * single patients (generatePatientPeople, ~40 us against ~1 ms for a household's records), for what needs only a
 * Patient or a Coverage.
 */
export class HouseholdCache {
  private readonly kept = new Map<number, HouseholdRecords>();
  /** Patient index -> its Patient and Coverages, stamped. */
  private readonly people = new Map<number, Resource[]>();

  constructor(
    private readonly config: PopulationConfig,
    private readonly directory: Directory,
    private readonly stamp: (r: Resource) => Resource,
    private readonly now: () => Date,
    /** Patient i as stored and its text, when a table holds it (the population index's rows), else undefined. */
    private readonly storedPatient: (patientIndex: number) => DecodedPatient | undefined = () => undefined,
    private readonly capacity = DEFAULT_CAPACITY,
  ) {}

  /** A generated resource of a patient's record by type and id (its id names the patient), undefined when none. */
  find(resourceType: string, id: string): Resource | undefined {
    if (!RECORD_TYPES.has(resourceType)) return undefined;
    const patient = patientIndexOfId(resourceType, id);
    if (patient === undefined || patient >= this.config.patients) return undefined;
    // A Patient or Coverage comes from the patient's people part alone, unless its whole household is kept anyway.
    if (PEOPLE_TYPES.has(resourceType) && !this.kept.has(householdOfPatient(this.config, patient).household.index)) {
      return this.peopleOf(patient, resourceType).find((r) => r.id === id);
    }
    return this.ofPatient(patient).byKey.get(`${resourceType}/${id}`);
  }

  /** The whole records of the household holding patient `patientIndex` (which must be in 0..patients-1). */
  ofPatient(patientIndex: number): HouseholdRecords {
    const index = householdOfPatient(this.config, patientIndex).household.index;
    return take(this.kept, index) ?? put(this.kept, this.capacity, index, this.generate(patientIndex, index));
  }

  /**
   * Patient `patientIndex`'s Patient and Coverages (its people part: population/generate-patient.ts), stamped; only
   * those of `resourceType` when given. A Patient alone comes from the stored rows when they hold it (decoding one is
   * a fifth of generating the people part).
   */
  peopleOf(patientIndex: number, resourceType?: string): Resource[] {
    const only = (people: Resource[]): Resource[] => (resourceType ? people.filter((r) => r.resourceType === resourceType) : people);
    const found = take(this.people, patientIndex);
    if (found) return only(found);
    const stored = resourceType === 'Patient' ? this.storedPatient(patientIndex) : undefined;
    if (stored) return [this.stampDecoded(stored)];
    const people = generatePatientPeople(this.config, this.directory, patientIndex);
    return only(put(this.people, PEOPLE_CAPACITY, patientIndex, [people.patient, ...people.coverages].map(this.stamp)));
  }

  /**
   * A decoded Patient stamped; when it was stored already stamped alike (compact/chunk-index.ts), stamping changes no
   * byte of it, so its text is kept as its JSON and a page is not encoded again.
   */
  private stampDecoded({ patient, json }: DecodedPatient): Resource {
    const { versionId, lastUpdated } = patient.meta ?? {};
    const stamped = this.stamp(patient);
    if (stamped === patient && versionId === stamped.meta?.versionId && lastUpdated === stamped.meta?.lastUpdated) attachVersionJson(stamped, Buffer.from(json));
    return stamped;
  }

  private generate(patientIndex: number, index: number): HouseholdRecords {
    const records = generateHouseholdRecords(this.config, this.directory, patientIndex);
    const byKey = new Map<string, Resource>();
    for (const generated of records.flatMap((r) => r.resources)) {
      const r = this.stamp(generated);
      byKey.set(`${r.resourceType}/${r.id ?? ''}`, r);
    }
    let engine: SearchEngine | undefined;
    return { index, members: records.map((r) => r.patientIndex), byKey, engine: () => (engine ??= engineOver(byKey.values(), this.now)) };
  }
}

/** An entry of an LRU, moved to its most recent end. */
function take<K, V>(lru: Map<K, V>, key: K): V | undefined {
  const found = lru.get(key);
  if (found !== undefined) {
    lru.delete(key);
    lru.set(key, found);
  }
  return found;
}

function put<K, V>(lru: Map<K, V>, capacity: number, key: K, value: V): V {
  if (lru.size >= capacity) lru.delete(lru.keys().next().value as K);
  lru.set(key, value);
  return value;
}
