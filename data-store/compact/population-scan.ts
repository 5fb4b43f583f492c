import type { Resource } from 'fhir/r4';
import type { PopulationConfig } from '../../population/config.js';
import { householdOfPatient } from '../../population/households.js';
import { StoreError } from '../store.js';
import type { HouseholdCache, HouseholdRecords } from './household-records.js';
import { engineOver } from './resource-engine.js';

/**
 * Households a single search may regenerate (~2-4 ms each, warm) before it is refused as too costly: a few hundred ms
 * of one event-loop step at most. Narrowing parameters (compartment, identifier, demographics, code) keep a search far
 * below it; an unnarrowed one fills its page from the first households.
 */
export const SCAN_BUDGET = 100;
/** The same for a search of Patient or Coverage, which regenerates only the people part of a household (~0.1 ms). */
export const PEOPLE_SCAN_BUDGET = 2000;

export interface ScanSpec {
  type: string;
  /** The search's parameters as the household's engine takes them (no paging, includes or totals). */
  params: Array<[string, string]>;
  /** Ascending candidate patients, or undefined for every patient. */
  candidates: Int32Array | undefined;
  /** Read steps (`batch` households each) it may take per request (SCAN_BUDGET, PEOPLE_SCAN_BUDGET). */
  budget: number;
  /** Households searched together by one engine. */
  batch: number;
  /** The clock of searches with relative dates (`ap`). */
  now: () => Date;
  /** Whether a resource is held by the client-write store instead (updated or deleted there). */
  shadowed: (type: string, id: string) => boolean;
}

/**
 * The matches of a search over the generated population in generation order, found household by household and read
 * only as far as asked: `page` continues from where the previous page stopped, so paging forward costs each page.
 * https://hl7.org/fhir/R4/search.html
 */
export class PopulationScan {
  /** Position in the candidates (or the next patient index, for every patient). */
  private position = 0;
  /** Matches found and not yet consumed, and how many were consumed before them. */
  private buffer: Resource[] = [];
  private consumed = 0;
  private households = 0;
  private found = 0;
  private exhausted = false;

  constructor(
    private readonly config: PopulationConfig,
    private readonly cache: HouseholdCache,
    private readonly spec: ScanSpec,
  ) {}

  /** Matches [offset, offset + count) and whether any follow. */
  page(offset: number, count: number): { matches: Resource[]; more: boolean } {
    if (offset < this.consumed) this.restart();
    let budget = this.spec.budget;
    while (this.consumed + this.buffer.length < offset + count + 1 && !this.exhausted) {
      if (budget-- <= 0) throw tooCostly(this.spec.type, this.spec.budget * this.spec.batch);
      this.readHousehold();
    }
    const skip = offset - this.consumed;
    const matches = this.buffer.slice(Math.max(0, skip), Math.max(0, skip) + count);
    const more = this.consumed + this.buffer.length > offset + count;
    // Keep only what follows this page: the next page starts there.
    const drop = Math.min(this.buffer.length, Math.max(0, skip) + count);
    this.buffer = this.buffer.slice(drop);
    this.consumed += drop;
    return { matches, more };
  }

  /**
   * Reads, in slices, the households the page [offset, offset + count) needs (within the budget), so that they and
   * their engines are in the cache when the search itself runs: it then holds the event loop for engine searches
   * alone, not for regenerating households.
   */
  async prefetch(offset: number, count: number, pause: () => Promise<void>): Promise<void> {
    for (let read = 0; read < this.spec.budget && this.found < offset + count + 1 && !this.exhausted; read++) {
      this.readHousehold();
      await pause();
    }
  }

  /** Reads every remaining candidate (for an exact total), refused past `limit` households. */
  countAll(limit: number): number {
    for (let read = 0; !this.exhausted; read++) {
      if (read >= limit) throw tooCostly(this.spec.type, limit * this.spec.batch, 'an exact total (_total=accurate)');
      this.readHousehold();
    }
    return this.found;
  }

  /** Exact once every candidate is read, else extrapolated from the households read so far. */
  total(): { total: number; estimated: boolean } {
    if (this.exhausted) return { total: this.found, estimated: false };
    const households = this.householdsToRead();
    return { total: Math.round((this.found / Math.max(1, this.households)) * households), estimated: true };
  }

  /** Households of the candidates (estimated from patients per household read so far for a long list). */
  private householdsToRead(): number {
    const patients = this.spec.candidates?.length ?? this.config.patients;
    const last = householdOfPatient(this.config, this.config.patients - 1).household.index + 1;
    return Math.min(last, Math.max(this.households, Math.round(patients * (last / this.config.patients))));
  }

  private restart(): void {
    this.position = 0;
    this.buffer = [];
    this.consumed = 0;
    this.households = 0;
    this.found = 0;
    this.exhausted = false;
  }

  /** Searches the next candidate's household and moves past every candidate in it. */
  /**
   * Searches the next `spec.batch` candidate households (each moved past whole) with one engine over their resources:
   * a household's own engine when the batch is one, else one built for the batch (the people part of a household is
   * a few resources, for which an engine each costs more than generating them).
   */
  private readHousehold(): void {
    const batch: HouseholdRecords[] = [];
    for (let patient = this.nextPatient(); patient !== undefined && batch.length < this.spec.batch; patient = this.nextPatient()) {
      const household = this.cache.ofPatient(patient, this.spec.type);
      this.skipPast(household.members[household.members.length - 1]);
      batch.push(household);
    }
    if (!batch.length) {
      this.exhausted = true;
      return;
    }
    const engine = batch.length === 1 ? batch[0].engine() : engineOver(batch.flatMap((h) => [...h.byKey.values()]), this.spec.now);
    const { matches } = engine.search({ resourceType: this.spec.type, params: this.spec.params });
    for (const r of matches) {
      if (this.spec.shadowed(r.resourceType, r.id ?? '')) continue;
      this.buffer.push(r);
      this.found++;
    }
    this.households += batch.length;
  }

  private nextPatient(): number | undefined {
    const { candidates } = this.spec;
    if (!candidates) return this.position < this.config.patients ? this.position : undefined;
    return this.position < candidates.length ? candidates[this.position] : undefined;
  }

  /** Moves the position past patient `last` (a household's members are consecutive patients). */
  private skipPast(last: number): void {
    const { candidates } = this.spec;
    if (!candidates) {
      this.position = last + 1;
      return;
    }
    while (this.position < candidates.length && candidates[this.position] <= last) this.position++;
  }
}

/** A search over the generated population that would read more households than a request may. */
export function tooCostly(type: string, budget: number, what = 'this search'): StoreError {
  return new StoreError(
    'too-costly',
    `${what} on ${type} would regenerate more than ${budget} households of the population (POPULATION_MODE=regenerated): ` +
      'narrow it by patient (patient=, subject=, _id=), identifier, name, birthdate or code, or wait until /health/ready reports the indexes built',
  );
}
