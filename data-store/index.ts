import type { Resource } from 'fhir/r4';
import { EmbeddedStore, type ExternalBase } from './embedded-store.js';
import { baseLastUpdated, baseVersion } from './base-version.js';
import { CompactStore } from './compact/compact-store.js';
import { HouseholdCache } from './compact/household-records.js';
import type { PopulationIndex } from './compact/population-index.js';
import type { DecodedPatient } from './compact/patient-rows.js';
import type { PopulationConfig } from '../population/config.js';
import type { Directory } from '../population/model.js';
import { openOverlay } from './overlay.js';
import type { BaseLookup } from './loading-reads.js';
import type { Store } from './store.js';

export * from './store.js';
export { StoreUnavailableError } from './postgres/store-unavailable.js';
export { checkDatabase } from './postgres/check-database.js';
export type { BaseLookup } from './loading-reads.js';

export interface CreateStoreOptions {
  /** The generated base population; regenerated at every start, kept in memory, never persisted. */
  base: () => Iterable<Resource>;
  /** Directory of the write log of client writes (`writes.log`). Memory-only when absent (and no databaseUrl). */
  dataDir?: string;
  /**
   * A PostgreSQL database that holds the write log instead (STORE=postgres), shared by every server given the same
   * one: each regenerates the base and follows the others' writes (postgres/postgres-log.ts). Wins over dataDir.
   */
  databaseUrl?: string;
  /**
   * The settings the base is generated from. A shared database keeps the first server's and refuses a server with
   * others (its writes are versions of that base); unused by the embedded store.
   */
  population?: Record<string, unknown>;
  /** meta.lastUpdated of every base resource (the as-of instant, for determinism). */
  baseLastUpdated?: string;
  /** Clock for writes (meta.lastUpdated of client versions); defaults to the wall clock. */
  clock?: () => Date;
  /** Upper bound of _count (default 1000). */
  maxCount?: number;
  /** Return before the base is loaded: the caller starts `store.load()` (the server serves reads meanwhile). */
  deferLoad?: boolean;
  /** Finds a generated resource alone, so read and vread of the ids it owns answer while the base loads. */
  lookup?: BaseLookup;
  /**
   * POPULATION_MODE=regenerated: keep none of the patients' records; `base` is then the directory alone, and records
   * are regenerated from this config on demand (data-store/compact/compact-store.ts).
   */
  regenerated?: { config: PopulationConfig; directory: Directory; index?: PopulationIndex };
}

/**
 * Builds the Store: base population in memory plus the persisted overlay of client writes (a file log, or a
 * PostgreSQL table several servers share), replayed on start so every acknowledged write survives a restart.
 * https://hl7.org/fhir/R4/http.html
 *
 * Notes for callers:
 * - Resources returned by read/vread/search/all are the stored objects, frozen (data-store/freeze.ts): client-written
 *   versions deeply, as they are stored (in slices, like their JSON); generated ones at the top level and meta.
 * - A write keeps the resource it is given (under a new top level carrying id and meta; nested values are
 *   shared, not copied, since a deep copy of a 20 MB resource holds the event loop): hand it a resource
 *   nothing else will change, such as a freshly parsed request body; it is frozen once written.
 * - Each new version is serialised once, in slices (version-json.ts); the write log and the HTTP answer reuse it.
 * - `create` keeps a caller-supplied id when it is free ('conflict' otherwise), so a transaction can
 *   pre-assign ids for `urn:uuid` rewriting; without an id it assigns a UUID.
 * - Writes run in arrival order and resolve once their versions are appended to the write log and
 *   fsynced. Writes that arrive while an append is on its way are validated one by one and then
 *   persisted together in the next append (group commit); a failing one is rejected alone.
 *   `reset()` takes its place in that order, logs the reset durably and restores the generated versions.
 * - Conditional writes (`conditionalCreate`, `update` with criteria, transaction ops with `ifNoneExist` /
 *   `criteria`) resolve their search inside the write queue, against every earlier write applied, and never
 *   share a group commit with writes before them: two concurrent twins can never both create.
 * - Search indexes are built per (type, parameter) on first use and kept current on writes.
 * - With `databaseUrl`, a batch is decided and committed under one advisory lock shared by every server, after
 *   catching up with what the others committed, and resolves once its transaction has committed. Reads answer
 *   from memory: call `sync()` first to see every write acknowledged anywhere (the HTTP and SFTP edges do).
 */
export async function createStore(options: CreateStoreOptions): Promise<Store> {
  // The PostgreSQL log (and pg with it) is loaded only when a database is configured (issue 13: start time).
  const overlay = options.databaseUrl
    ? await (await import('./postgres/postgres-log.js')).PostgresLog.open(options.databaseUrl, options.population)
    : await openOverlay(options.dataDir);
  const clock = options.clock ?? (() => new Date());
  const maxCount = options.maxCount ?? 1000;
  const embedded = (external?: ExternalBase): EmbeddedStore =>
    new EmbeddedStore({ base: options.base, lookup: options.lookup, overlay, baseLastUpdated: options.baseLastUpdated, clock, maxCount, external });
  const store = options.regenerated ? compactStore(options, options.regenerated, clock, maxCount, embedded) : embedded();
  if (!options.deferLoad) await store.load();
  return store;
}

/** The regenerated mode's store: households regenerated on demand, stamped as the embedded store stamps its base. */
function compactStore(options: CreateStoreOptions, regenerated: NonNullable<CreateStoreOptions['regenerated']>, clock: () => Date, maxCount: number, embedded: (external: ExternalBase) => EmbeddedStore): Store {
  const lastUpdated = options.baseLastUpdated ?? baseLastUpdated(regenerated.config);
  const stored = (i: number): DecodedPatient | undefined => regenerated.index?.patient(i);
  const households = new HouseholdCache(regenerated.config, regenerated.directory, (r) => baseVersion(r, lastUpdated), clock, stored);
  return new CompactStore({ config: regenerated.config, households, index: regenerated.index, maxCount, clock }, embedded);
}

export { searchParameterDefinitions } from '../fhir-profiles/search-parameters.js';
