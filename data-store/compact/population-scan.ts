import type { Resource } from 'fhir/r4';
import type { PopulationConfig } from '../../population/config.js';
import { planHouseholds } from '../../population/households.js';
import { StoreError } from '../store.js';
import type { SearchEngine } from '../search/search-engine.js';
import type { HouseholdCache } from './household-records.js';
import { engineOver } from './resource-engine.js';

/**
 * What a scan may read before it is refused as too costly, in its unit: households (~2-4 ms each, warm) or, for
 * Patient and Coverage, patients' people parts (~40-90 us each). `page`: for one page, a few hundred ms of one
 * event-loop step at most (narrowing parameters keep a search far below it; an unnarrowed one fills its page from
 * the first households); `accurate`: for an exact total (`_total=accurate`), ~1-2 s at most.
 */
export const SCAN_BUDGETS = { household: { page: 100, accurate: 500 }, patient: { page: 5000, accurate: 20_000 } } as const;
/**
 * Patients whose people parts one engine searches at once, at most: as many as the page still wants, so that a
 * default page (21 matches with the one that says more follow) is one engine.
 */
const PEOPLE_BATCH = 64;

export interface ScanSpec {
  type: string;
  /** The search's parameters as the household's engine takes them (no paging, includes or totals). */
  params: Array<[string, string]>;
  /** Ascending candidate patients, or undefined for every patient. */
  candidates: Int32Array | undefined;
  /**
   * What is read for each candidate: its whole household's records, or only its own people part (Patient and
   * Coverage: the people index and the arithmetic name the patient whose people part holds a match).
   */
  unit: 'household' | 'patient';
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
  /** Units read (households or patients). */
  private read = 0;
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
    const budget = SCAN_BUDGETS[this.spec.unit].page;
    const limit = this.read + budget;
    while (this.consumed + this.buffer.length < offset + count + 1 && !this.exhausted) {
      if (this.read >= limit) throw tooCostly(this.spec, budget);
      this.readNext(offset + count + 1 - this.consumed - this.buffer.length);
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
    const limit = this.read + SCAN_BUDGETS[this.spec.unit].page;
    while (this.read < limit && this.found < offset + count + 1 && !this.exhausted) {
      this.readNext(offset + count + 1 - this.found);
      await pause();
    }
  }

  /** Reads every remaining candidate (for an exact total), refused past the unit's `accurate` budget. */
  countAll(): number {
    const limit = SCAN_BUDGETS[this.spec.unit].accurate;
    while (!this.exhausted) {
      if (this.read >= limit) throw tooCostly(this.spec, limit, 'an exact total (_total=accurate)');
      this.readNext(Number.MAX_SAFE_INTEGER);
    }
    return this.found;
  }

  /** Exact once every candidate is read, else extrapolated from the units read so far. */
  total(): { total: number; estimated: boolean } {
    if (this.exhausted) return { total: this.found, estimated: false };
    return { total: Math.round((this.found / Math.max(1, this.read)) * this.unitsToRead()), estimated: true };
  }

  /** Units of the candidates (households estimated from patients per household for a long list). */
  private unitsToRead(): number {
    const patients = this.spec.candidates?.length ?? this.config.patients;
    if (this.spec.unit === 'patient') return patients;
    const last = planHouseholds(this.config).length;
    return Math.min(last, Math.max(this.read, Math.round(patients * (last / this.config.patients))));
  }

  private restart(): void {
    this.position = 0;
    this.buffer = [];
    this.consumed = 0;
    this.read = 0;
    this.found = 0;
    this.exhausted = false;
  }

  /** Reads the next unit(s): enough people parts for `wanted` more matches if each matched (at most a batch), or one household. */
  private readNext(wanted: number): void {
    if (this.spec.unit === 'patient') this.readPeople(Math.min(PEOPLE_BATCH, Math.max(1, wanted)));
    else this.readHousehold();
  }

  /** Searches the next candidate's household (with its own engine) and moves past every candidate in it. */
  private readHousehold(): void {
    const patient = this.nextPatient();
    if (patient === undefined) {
      this.exhausted = true;
      return;
    }
    const household = this.cache.ofPatient(patient);
    this.skipPast(household.members[household.members.length - 1]);
    this.take(household.engine());
    this.read++;
  }

  /**
   * Searches the people parts of the next `n` candidate patients with one engine over them (a few resources each, for
   * which an engine each costs more than generating them).
   */
  private readPeople(n: number): void {
    const resources: Resource[] = [];
    let read = 0;
    for (let patient = this.nextPatient(); patient !== undefined && read < n; patient = this.nextPatient()) {
      resources.push(...this.cache.peopleOf(patient, this.spec.type));
      this.skipPast(patient);
      read++;
    }
    if (!read) {
      this.exhausted = true;
      return;
    }
    this.take(engineOver(resources, this.spec.now));
    this.read += read;
  }

  /** Keeps an engine's matches that the client-write store does not shadow. */
  private take(engine: SearchEngine): void {
    for (const r of engine.search({ resourceType: this.spec.type, params: this.spec.params }).matches) {
      if (this.spec.shadowed(r.resourceType, r.id ?? '')) continue;
      this.buffer.push(r);
      this.found++;
    }
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

/** A search over the generated population that would read more households (or patients) than a request may. */
export function tooCostly(spec: Pick<ScanSpec, 'type' | 'unit'>, budget: number, what = 'this search'): StoreError {
  const units = spec.unit === 'patient' ? 'patients' : 'households';
  return new StoreError(
    'too-costly',
    `${what} on ${spec.type} would regenerate more than ${budget} ${units} of the population (POPULATION_MODE=regenerated): ` +
      'narrow it by patient (patient=, subject=, _id=), identifier, name, birthdate or code, or wait until /health/ready reports the indexes built',
  );
}
