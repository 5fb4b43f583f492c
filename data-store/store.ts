import type { Bundle, Resource } from 'fhir/r4';

/**
 * The Store: FHIR resources by type and id, with versions, history and search.
 * Reads are synchronous (in-memory); writes are async and resolve only once persisted,
 * so anything acknowledged survives a restart. https://hl7.org/fhir/R4/http.html
 */
export interface Store {
  /**
   * Creates a resource; assigns id (unless given by the caller for update-as-create), meta.versionId '1', meta.lastUpdated.
   * Every write keeps the resource it is given under a new top level (id and meta set there, nothing written into the
   * caller's object) without copying what is below: the caller hands it over and must not change it afterwards.
   */
  create<T extends Resource>(resource: T): Promise<T>;
  /**
   * Conditional create, atomic with every other write: when `ifNoneExist` matches one current resource,
   * nothing is written and that one is returned (created false); none: creates as `create`; more: StoreError
   * 'precondition-failed'. https://hl7.org/fhir/R4/http.html#ccreate
   */
  conditionalCreate<T extends Resource>(resource: T, ifNoneExist: Criteria): Promise<{ resource: T; created: boolean }>;
  /** Current version, or throws StoreError 'not-found' / 'gone' (deleted). */
  read<T extends Resource = Resource>(resourceType: string, id: string): T;
  /** A specific version, or throws StoreError 'not-found' (or 'gone' when that version is a deletion). */
  vread<T extends Resource = Resource>(resourceType: string, id: string, versionId: string): T;
  /**
   * Replaces (or creates, when absent) the resource; optional ifMatch versionId -> StoreError 'version-conflict'.
   * With `criteria` it is a conditional update resolved atomically with the write (see WriteOperation).
   */
  update<T extends Resource>(resource: T, options?: { ifMatch?: string; criteria?: Criteria }): Promise<{ resource: T; created: boolean }>;
  /** Deletes (idempotent; deleting a deleted/absent resource is not an error). */
  delete(resourceType: string, id: string): Promise<void>;
  /** History newest first: instance (type+id), type (type), or system (neither). */
  history(query: HistoryQuery): HistoryEntry[];
  /** How many entries `history` would list without `count`/`offset` (for Bundle.total), without listing them. */
  historyCount(query: HistoryQuery): number;
  /**
   * The history as it is now (`count`/`offset` aside), for paging: its pages leave out every entry written after this
   * call, and the cursor keeps only where it stands (no list of entries). https://hl7.org/fhir/R4/http.html#paging
   */
  historyCursor(query: HistoryQuery): HistoryCursor;
  /**
   * This point in the store's write order: `read` and `search` given it as `asOf` answer as the store stood here
   * (writes after it left out), until a reset drops what it was taken from. https://hl7.org/fhir/R4/http.html#paging
   */
  mark(): StoreMark;
  /** The version of a resource current at `mark`; StoreError 'not-found' when it had none then (absent or deleted), 'gone' once a reset dropped the mark. */
  readAsOf<T extends Resource = Resource>(resourceType: string, id: string, mark: StoreMark): T;
  /**
   * Builds, in slices, what a search with these parameters will use (its indexes), so that `search` answers
   * without one long step on the event loop; optional, `search` builds anything still missing itself.
   */
  prepareSearch?(query: Pick<SearchQuery, 'resourceType' | 'params'>): Promise<void>;
  /** Runs a search; see SearchQuery. Throws StoreError 'invalid' for an unknown/bad parameter unless lenient. */
  search(query: SearchQuery): SearchPage;
  /** Applies all writes or none (FHIR transaction semantics are the caller's; the store guarantees atomicity). */
  transaction(operations: WriteOperation[]): Promise<WriteResult[]>;
  /** Drops every client write and returns to the generated population. */
  reset(): Promise<void>;
  /** Counts of current (non-deleted) resources by type. */
  counts(): Record<string, number>;
  /**
   * How many times a current version of this type has changed (created, updated, deleted, reset). While it
   * stays the same, every read and search of the type answers as before, so data derived from them can be kept.
   */
  changes(resourceType: string): number;
  /** Every current resource of a type, in stable order (used by EDI projections and $everything). */
  all<T extends Resource = Resource>(resourceType: string): Iterable<T>;
  /**
   * Throws StoreError 'too-costly' when reading every resource of these types in one request (`all`, synchronously)
   * would regenerate more of the population than a request may (POPULATION_MODE=regenerated). Absent: never too costly.
   */
  checkReadAll?(resourceTypes: readonly string[], what: string): void;
  /**
   * Brings reads up to date with every write acknowledged by any server sharing this store (STORE=postgres);
   * resolves at once for a store only this process writes. Entry points (HTTP, SFTP) call it before serving.
   */
  sync(): Promise<void>;
  /** Whether other servers write to this store too (STORE=postgres), so entry points must call `sync` first. */
  readonly shared: boolean;
  /** Waits for pending persistence and releases files. */
  close(): Promise<void>;
  /**
   * Loads the base population and then the persisted client writes, in slices; once (later calls return the same
   * promise). createStore does it unless told `deferLoad`. Until it has finished only read and vread of the ids
   * `readableWhileLoading` accepts answer as they will after; writes wait for it; nothing else may be called.
   */
  load(): Promise<void>;
  /** Whether `load` has finished. */
  readonly loaded: boolean;
  /** Resolves once `load` has finished (rejects if it failed); does not start it. */
  whenLoaded(): Promise<void>;
  /** Whether read and vread of this id answer now as they will once loaded (always true once loaded). */
  readableWhileLoading(resourceType: string, id: string): boolean;
}

export interface HistoryQuery {
  resourceType?: string;
  id?: string;
  /** Only entries at or after this instant (FHIR _since). */
  since?: string;
  count?: number;
  offset?: number;
}

/** A point in a store's write order (Store.mark); opaque to callers. */
export interface StoreMark {
  /** Resets the store had seen: a mark from before the last one is gone. */
  readonly resets: number;
  /** Client writes logged since that reset. */
  readonly writes: number;
}

/** A history as of its opening (Store.historyCursor). */
export interface HistoryCursor {
  /** The entries then, as `historyCount` counted them. */
  readonly total: number;
  /**
   * Entries [offset, offset + count) as of the opening, newest first; undefined once a reset dropped them. Costs the
   * page when it follows the last one read (as `next` links do), else the entries before it.
   */
  page(offset: number, count: number): HistoryEntry[] | undefined;
}

export interface HistoryEntry {
  resourceType: string;
  id: string;
  versionId: string;
  lastUpdated: string;
  method: 'POST' | 'PUT' | 'DELETE';
  /** Absent when the entry is a deletion. */
  resource?: Resource;
}

/** Search criteria of a conditional write, as (name, value) pairs like SearchQuery.params. */
export type Criteria = Array<[string, string]>;

/**
 * One write of a transaction. Conditions are resolved inside the store's critical section, against the
 * state before the transaction, so two concurrent conditional writes can never both create
 * (https://hl7.org/fhir/R4/http.html#ccreate, #cond-update):
 * - POST `ifNoneExist`: one match -> nothing written, the match is the result (created false); none -> create;
 *   more -> 'precondition-failed'. Two POSTs of one transaction with the same type and criteria create once.
 * - PUT `criteria`: one match -> update it (a resource id other than the match's is 'invalid'); none -> create
 *   with the resource id, else `placeholderId`, else a new id; more -> 'precondition-failed'.
 * When a condition resolves to an id other than the one the caller wrote in (the POST's resource id, the PUT's
 * `placeholderId`), references `Type/thatId` in the transaction's resources are retargeted to the resolved id.
 */
export type WriteOperation =
  | { method: 'POST'; resource: Resource; ifNoneExist?: Criteria }
  | { method: 'PUT'; resource: Resource; ifMatch?: string; criteria?: Criteria; placeholderId?: string }
  | { method: 'DELETE'; resourceType: string; id: string };

export interface WriteResult {
  method: WriteOperation['method'];
  resource?: Resource;
  /** A new resource was written (false for an update, and for a conditional create that matched). */
  created?: boolean;
}

/**
 * A search as the client sent it: raw (name, value) pairs in order, including control parameters
 * (_count, _offset, _sort, _include, _revinclude, _total, _id, _lastUpdated, _type, _has, chains).
 * Presentation parameters (_summary, _elements, _format, _pretty) are ignored by the store.
 * https://hl7.org/fhir/R4/search.html
 */
export interface SearchQuery {
  /** Undefined for a system-level search (then _type may narrow it). */
  resourceType?: string;
  params: Array<[string, string]>;
  /** Prefer: handling=lenient: unknown parameters are ignored and listed in SearchPage.ignored. */
  lenient?: boolean;
  /** Keep the rest of the result set for later pages: SearchPage.cursor, when more pages follow. */
  keep?: boolean;
  /**
   * Search the store as it stood at this mark (Store.mark): versions then, members then (created since: out;
   * deleted or changed since: as then). Plain parameters only (no chains, _has, composites, _sort, includes);
   * StoreError 'gone' once a reset dropped the mark.
   */
  asOf?: StoreMark;
}

export interface SearchPage {
  /**
   * Number of matches (not counting includes): exact with `_total=accurate`, and whenever counting is cheap
   * (known from an index, or few candidates); otherwise an estimate, flagged by `estimated`, so a broad search
   * need not test every candidate. https://hl7.org/fhir/R4/search.html#total
   */
  total: number;
  /** True when `total` is an estimate (absent: exact). */
  estimated?: boolean;
  /** Whether matches follow this page (absent: offset + count < total). */
  more?: boolean;
  /** With SearchQuery.keep and more to come: the later pages, as of this search (absent: the store keeps none). */
  cursor?: SearchCursor;
  /** The page of matches, in the stable sort order. */
  matches: Resource[];
  /** Resources pulled in by _include / _revinclude for this page (search.mode = include). */
  includes: Resource[];
  offset: number;
  count: number;
  /** Parameters ignored under lenient handling, as sent. */
  ignored: string[];
}

/**
 * The rest of a result set as the search that opened it found it: later pages neither repeat nor skip a match and
 * serve the versions of that moment, whatever is written meanwhile. https://hl7.org/fhir/R4/http.html#paging
 */
export interface SearchCursor {
  /** The matches at [offset, offset + count) and whether more follow; undefined once the cursor is gone. */
  page(offset: number, count: number): { matches: Resource[]; more: boolean } | undefined;
  /** The total as of the search: exact once every match has been read, else as SearchPage.total. */
  total(): { total: number; estimated: boolean };
  /** Releases what the cursor keeps. */
  close(): void;
}

export type StoreErrorCode = 'not-found' | 'gone' | 'version-conflict' | 'conflict' | 'invalid' | 'precondition-failed' | 'too-costly';

/** The one error type the store throws; the server maps codes to OperationOutcome + HTTP status. */
export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    /** FHIRPath-ish location of the problem, e.g. the search parameter name. */
    readonly expression?: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

/** Convenience for callers that want a searchset-shaped result. */
export type SearchBundle = Bundle;
