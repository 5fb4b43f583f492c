import type { Resource } from 'fhir/r4';
import type { PopulationConfig } from '../../population/config.js';
import { planHouseholds } from '../../population/households.js';
import { RECORD_TYPES } from '../../population/record-types.js';
import { timeSlicer } from '../time-slicer.js';
import type { EmbeddedStore, ExternalBase } from '../embedded-store.js';
import { parseQueryParams, type ParsedQuery } from '../search/query-params.js';
import {
  StoreError,
  type Criteria,
  type HistoryCursor,
  type HistoryEntry,
  type HistoryQuery,
  type SearchPage,
  type SearchCursor,
  type SearchQuery,
  type Store,
  type StoreMark,
  type WriteOperation,
  type WriteResult,
} from '../store.js';
import { candidatePatients } from './candidate-patients.js';
import { PEOPLE_TYPES, type HouseholdCache } from './household-records.js';
import { pageIncludes } from './page-includes.js';
import type { PopulationIndex } from './population-index.js';
import { PopulationScan, SCAN_BUDGETS, type ScanSpec } from './population-scan.js';
import { populationHistory } from './population-history.js';
import { sortedPage } from './sorted-page.js';

export interface CompactStoreOptions {
  config: PopulationConfig;
  households: HouseholdCache;
  /** The population's indexes (candidate patients, counts), built in the background; absent: arithmetic only. */
  index?: PopulationIndex;
  maxCount: number;
  clock: () => Date;
}

/** Control parameters answered here, not by a household's engine or the client-write store. */
const PAGING = new Set(['_count', '_offset', '_total', '_include', '_revinclude', '_sort']);
/** Patients whose households estimate the counts until the records index has them. */
const SAMPLE_PATIENTS = 50;

/**
 * The Store of POPULATION_MODE=regenerated (issue 13): the generated population is never kept. A patient's record is
 * regenerated with its household on demand (HouseholdCache, an LRU), searches read only the households of their
 * candidate patients (compartment and `_id` by arithmetic on ids, other parameters through the background indexes),
 * and client writes live in an EmbeddedStore over the directory, whose records of generated ids shadow the base.
 * Memory is the write store, the indexes and the LRU, whatever the population. https://hl7.org/fhir/R4/http.html
 */
export class CompactStore implements Store {
  readonly inner: EmbeddedStore;
  /** Resources of each type per patient in a sample of the first households (counts before the records index). */
  private perPatient?: Map<string, number>;

  constructor(
    private readonly options: CompactStoreOptions,
    makeInner: (external: ExternalBase) => EmbeddedStore,
  ) {
    this.inner = makeInner({ find: (type, id) => options.households.find(type, id), search: (q) => this.search(q) });
  }

  get loaded(): boolean {
    return this.inner.loaded;
  }

  get shared(): boolean {
    return this.inner.shared;
  }

  load(): Promise<void> {
    return this.inner.load();
  }

  whenLoaded(): Promise<void> {
    return this.inner.whenLoaded();
  }

  /** Loading is the directory and the client writes only (a short step); nothing is answered before it. */
  readableWhileLoading(): boolean {
    return this.inner.loaded;
  }

  /** Whether the write store holds a record of the id (it then answers for it), or held one at `asOf`. */
  private held(resourceType: string, id: string, asOf?: StoreMark): boolean {
    return asOf ? this.inner.heldAt(resourceType, id, asOf) : this.inner.holds(resourceType, id);
  }

  /** The generated resource when the write store holds (or held at `asOf`) no record of it, else undefined: the write store answers. */
  private generated(resourceType: string, id: string, asOf?: StoreMark): Resource | undefined {
    if (!RECORD_TYPES.has(resourceType) || this.held(resourceType, id, asOf)) return undefined;
    return this.options.households.find(resourceType, id);
  }

  create<T extends Resource>(resource: T): Promise<T> {
    return this.inner.create(resource);
  }

  conditionalCreate<T extends Resource>(resource: T, ifNoneExist: Criteria): Promise<{ resource: T; created: boolean }> {
    return this.inner.conditionalCreate(resource, ifNoneExist);
  }

  update<T extends Resource>(resource: T, options?: { ifMatch?: string; criteria?: Criteria }): Promise<{ resource: T; created: boolean }> {
    return this.inner.update(resource, options);
  }

  delete(resourceType: string, id: string): Promise<void> {
    return this.inner.delete(resourceType, id);
  }

  transaction(operations: WriteOperation[]): Promise<WriteResult[]> {
    return this.inner.transaction(operations);
  }

  reset(): Promise<void> {
    return this.inner.reset();
  }

  read<T extends Resource = Resource>(resourceType: string, id: string): T {
    return (this.generated(resourceType, id) as T | undefined) ?? this.inner.read<T>(resourceType, id);
  }

  vread<T extends Resource = Resource>(resourceType: string, id: string, versionId: string): T {
    const found = this.generated(resourceType, id);
    if (!found) return this.inner.vread<T>(resourceType, id, versionId);
    if (versionId === '1') return found as T;
    throw new StoreError('not-found', `${resourceType}/${id} has no version ${versionId}`);
  }

  readAsOf<T extends Resource = Resource>(resourceType: string, id: string, mark: StoreMark): T {
    return (this.generated(resourceType, id, mark) as T | undefined) ?? this.inner.readAsOf<T>(resourceType, id, mark);
  }

  mark(): StoreMark {
    return this.inner.mark();
  }

  /** Builds the write store's indexes, then regenerates in slices the households the search's page will read. */
  async prepareSearch(query: Pick<SearchQuery, 'resourceType' | 'params'>): Promise<void> {
    await this.inner.prepareSearch(query);
    // Patient and Coverage regenerate only patients' people parts (~40 us each): the search reads them itself.
    if (!query.resourceType || !RECORD_TYPES.has(query.resourceType) || PEOPLE_TYPES.has(query.resourceType)) return;
    try {
      const q = parseQueryParams(query.params, this.options.maxCount);
      // A sorted search reads every candidate: as many as the budget lets it.
      const want = q.sort.length ? Number.MAX_SAFE_INTEGER : q.offset + q.count;
      await this.scan(query.resourceType, q, this.ownParams(query.params)).prefetch(0, want, timeSlicer());
    } catch {
      // The search refuses what cannot be prepared, with its own error.
    }
  }

  /**
   * The write store's matches first (exact), then the population's in generation order, read only as far as the
   * page; the total is exact when every candidate was read or asked for (`_total=accurate`), else estimated.
   */
  search(query: SearchQuery): SearchPage {
    const q = parseQueryParams(query.params, this.options.maxCount);
    const types = query.resourceType ? [query.resourceType] : q.types;
    if (!types?.some((t) => RECORD_TYPES.has(t))) return query.resourceType || q.types ? this.directorySearch(query, q) : refuseSystemSearch();
    if (!query.resourceType) refuseSystemSearch();
    if (q.sort.length) return sortedPage(this, query, q, this.options.maxCount, this.options.clock);
    const own = this.ownParams(query.params);
    // A kept search's later pages see the store as it stood at the first page (the written part, and what it shadowed
    // of the population's), so a write in between cannot shift them.
    const asOf = query.asOf ?? (query.keep ? this.inner.mark() : undefined);
    const scan = this.scan(query.resourceType, q, own, asOf);
    const inner = (offset: number, count: number): SearchPage =>
      this.inner.search({ ...query, keep: false, asOf, params: [...own, ['_total', 'accurate'], ['_count', String(count)], ['_offset', String(offset)]] });
    // The write store's matches, then the population's: a page reads the population only past the written ones.
    const at = (offset: number, count: number): { matches: Resource[]; more: boolean; written: SearchPage } => {
      const written = inner(offset, count);
      const generated = scan.page(Math.max(0, offset - written.total), count - written.matches.length);
      return { matches: [...written.matches, ...generated.matches], more: generated.more || !!written.more, written };
    };
    const { matches, more, written } = at(q.offset, q.count);
    if (q.total === 'accurate') scan.countAll();
    const totals = (): { total: number; estimated: boolean } => {
      const generated = scan.total();
      return { total: inner(0, 0).total + generated.total, estimated: generated.estimated };
    };
    const { total, estimated } = totals();
    const includes = pageIncludes({ current: (t, id) => this.tryRead(t, id), search: (s) => this.search(s) }, matches, q.includes, q.revincludes, this.options.maxCount);
    const page: SearchPage = { total, matches, includes, offset: q.offset, count: q.count, ignored: written.ignored, more };
    if (estimated) page.estimated = true;
    if (query.keep && more) page.cursor = new MergedCursor(at, totals);
    return page;
  }

  /**
   * A search of types the records never hold (the directory's, written ones): the write store's, with includes of
   * record types found through this store, so generated targets and referrers are not left out.
   */
  private directorySearch(query: SearchQuery, q: ParsedQuery): SearchPage {
    if (!q.includes.length && !q.revincludes.length) return this.inner.search(query);
    const page = this.inner.search({ ...query, params: query.params.filter(([n]) => !['_include', '_revinclude'].includes(n.split(':')[0])) });
    const includes = pageIncludes({ current: (t, id) => this.tryRead(t, id), search: (s) => this.search(s) }, page.matches, q.includes, q.revincludes, this.options.maxCount);
    return { ...page, includes };
  }

  /** The parameters the write store and a household's engine both take: filters, without paging and includes. */
  private ownParams(params: Array<[string, string]>): Array<[string, string]> {
    return params.filter(([n]) => !PAGING.has(n.split(':')[0]));
  }

  /**
   * A scan of the population for one type's filters (chains and _has cannot be answered household by household),
   * leaving out what the write store holds, or held at `asOf`.
   */
  scan(type: string, q: ParsedQuery, own: Array<[string, string]>, asOf?: StoreMark): PopulationScan {
    if (q.has.length || q.filters.some((f) => f.chain !== undefined)) {
      throw new StoreError('too-costly', 'POPULATION_MODE=regenerated does not run chained parameters or _has over the generated population: search the target type first, then by reference');
    }
    const spec: ScanSpec = {
      type,
      unit: PEOPLE_TYPES.has(type) ? 'patient' : 'household',
      now: this.options.clock,
      params: [...own, ['_count', String(Number.MAX_SAFE_INTEGER)]],
      candidates: candidatePatients(this.options.config, this.options.index, type, q.filters),
      shadowed: (t, id) => this.held(t, id, asOf),
    };
    return new PopulationScan(this.options.config, this.options.households, spec);
  }

  private tryRead(type: string, id: string): Resource | undefined {
    try {
      return this.read(type, id);
    } catch {
      return undefined;
    }
  }

  history(query: HistoryQuery): HistoryEntry[] {
    return this.historyCursor(query).page(query.offset ?? 0, query.count ?? Infinity) ?? [];
  }

  historyCount(query: HistoryQuery): number {
    return this.historyCursor(query).total;
  }

  historyCursor(query: HistoryQuery): HistoryCursor {
    return populationHistory(this, query);
  }

  /** The generated version of an id no client wrote (for instance history). */
  generatedOnly(resourceType: string, id: string): Resource | undefined {
    return this.generated(resourceType, id);
  }

  get index(): PopulationIndex | undefined {
    return this.options.index;
  }

  get config(): PopulationConfig {
    return this.options.config;
  }

  /** Exact once the records index has counted the population; until then estimated from its first households. */
  counts(): Record<string, number> {
    const out = this.inner.counts();
    for (const type of RECORD_TYPES) {
      const base = type === 'Patient' ? this.options.config.patients : (this.options.index?.baseCount(type) ?? this.estimatedCount(type));
      if (base > 0) out[type] = (out[type] ?? 0) + base - this.inner.heldGenerated(type);
    }
    return Object.fromEntries(Object.entries(out).filter(([, n]) => n > 0).sort(([a], [b]) => (a < b ? -1 : 1)));
  }

  /** Resources of a type per patient in the first SAMPLE_PATIENTS patients' households, times the population. */
  private estimatedCount(type: string): number {
    if (!this.perPatient) {
      const perPatient = new Map<string, number>();
      const { config, households } = this.options;
      let patient = 0;
      while (patient < Math.min(SAMPLE_PATIENTS, config.patients)) {
        const household = households.ofPatient(patient);
        for (const r of household.byKey.values()) perPatient.set(r.resourceType, (perPatient.get(r.resourceType) ?? 0) + 1);
        patient = household.members[household.members.length - 1] + 1;
      }
      for (const [t, n] of perPatient) perPatient.set(t, n / patient);
      this.perPatient = perPatient;
    }
    // At least one: a rare type the sample missed may still be in a record ($everything skips the types counted absent).
    return Math.max(1, Math.round((this.perPatient.get(type) ?? 0) * this.options.config.patients));
  }

  changes(resourceType: string): number {
    return this.inner.changes(resourceType);
  }

  /**
   * Refuses a request that would read every resource of a record type at once past the budget of an exact total
   * (SCAN_BUDGETS: its households, or its patients' people parts for Patient and Coverage): one event-loop step of
   * seconds at most, instead of minutes and every record in memory at a million patients.
   */
  checkReadAll(resourceTypes: readonly string[], what: string): void {
    const { config } = this.options;
    for (const type of resourceTypes.filter((t) => RECORD_TYPES.has(t))) {
      const unit = PEOPLE_TYPES.has(type) ? 'patient' : 'household';
      const units = unit === 'patient' ? config.patients : planHouseholds(config).length;
      const budget = SCAN_BUDGETS[unit].accurate;
      if (units > budget) {
        throw new StoreError('too-costly', `${what} reads every ${type} of the population: it would regenerate ${units} ${unit === 'patient' ? "patients' people parts" : 'households'} in one request, more than the ${budget} POPULATION_MODE=regenerated allows; export the population with $export (streamed) instead, or serve it with POPULATION_MODE=kept`);
      }
    }
  }

  /** Every current resource of a type: the population's regenerated household by household, then the written ones. */
  *all<T extends Resource = Resource>(resourceType: string): Iterable<T> {
    const { config, households } = this.options;
    const current = (r: Resource): boolean => r.resourceType === resourceType && !this.inner.holds(resourceType, r.id ?? '');
    if (PEOPLE_TYPES.has(resourceType)) {
      for (let patient = 0; patient < config.patients; patient++) yield* households.peopleOf(patient, resourceType).filter(current) as T[];
    } else if (RECORD_TYPES.has(resourceType)) {
      for (let patient = 0; patient < config.patients; ) {
        const household = households.ofPatient(patient);
        for (const r of household.byKey.values()) if (current(r)) yield r as T;
        patient = household.members[household.members.length - 1] + 1;
      }
    }
    yield* this.inner.all<T>(resourceType);
  }

  sync(): Promise<void> {
    return this.inner.sync();
  }

  async close(): Promise<void> {
    await this.options.index?.close();
    await this.inner.close();
  }
}

/** A system-level search touching the population's types: every household would have to be read. */
function refuseSystemSearch(): never {
  throw new StoreError('too-costly', 'POPULATION_MODE=regenerated does not run system-level searches over the generated population: search one type (a _type of directory types only is answered)');
}

/**
 * Later pages of a regenerated search: the population's scan kept where the last page stopped (paging forward costs
 * each page); the written matches as they stood at the first page (Store.mark, searched asOf), so that writes between
 * pages neither repeat nor skip a match. https://hl7.org/fhir/R4/http.html#paging
 */
class MergedCursor implements SearchCursor {
  private open = true;

  constructor(
    private readonly at: (offset: number, count: number) => { matches: Resource[]; more: boolean },
    private readonly totals: () => { total: number; estimated: boolean },
  ) {}

  /** The page, or undefined once closed or once a reset dropped the written part's mark (the search is gone). */
  page(offset: number, count: number): { matches: Resource[]; more: boolean } | undefined {
    if (!this.open) return undefined;
    try {
      const { matches, more } = this.at(offset, count);
      return { matches, more };
    } catch (error) {
      if (error instanceof StoreError && error.code === 'gone') return undefined;
      throw error;
    }
  }

  total(): { total: number; estimated: boolean } {
    return this.totals();
  }

  close(): void {
    this.open = false;
  }
}
