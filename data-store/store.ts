import type { Bundle, Resource } from 'fhir/r4';

/**
 * The Store: FHIR resources by type and id, with versions, history and search.
 * Reads are synchronous (in-memory); writes are async and resolve only once persisted,
 * so anything acknowledged survives a restart. https://hl7.org/fhir/R4/http.html
 */
export interface Store {
  /** Creates a resource; assigns id (unless given by the caller for update-as-create), meta.versionId '1', meta.lastUpdated. */
  create<T extends Resource>(resource: T): Promise<T>;
  /** Current version, or throws StoreError 'not-found' / 'gone' (deleted). */
  read<T extends Resource = Resource>(resourceType: string, id: string): T;
  /** A specific version, or throws StoreError 'not-found' (or 'gone' when that version is a deletion). */
  vread<T extends Resource = Resource>(resourceType: string, id: string, versionId: string): T;
  /** Replaces (or creates, when absent) the resource; optional ifMatch versionId -> StoreError 'version-conflict'. */
  update<T extends Resource>(resource: T, options?: { ifMatch?: string }): Promise<{ resource: T; created: boolean }>;
  /** Deletes (idempotent; deleting a deleted/absent resource is not an error). */
  delete(resourceType: string, id: string): Promise<void>;
  /** History newest first: instance (type+id), type (type), or system (neither). */
  history(query: HistoryQuery): HistoryEntry[];
  /** How many entries `history` would list without `count`/`offset` (for Bundle.total), without listing them. */
  historyCount(query: HistoryQuery): number;
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
  /** Waits for pending persistence and releases files. */
  close(): Promise<void>;
}

export interface HistoryQuery {
  resourceType?: string;
  id?: string;
  /** Only entries at or after this instant (FHIR _since). */
  since?: string;
  count?: number;
  offset?: number;
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

export type WriteOperation =
  | { method: 'POST'; resource: Resource }
  | { method: 'PUT'; resource: Resource; ifMatch?: string }
  | { method: 'DELETE'; resourceType: string; id: string };

export interface WriteResult {
  method: WriteOperation['method'];
  resource?: Resource;
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
}

export interface SearchPage {
  /** Total number of matches (not counting includes). */
  total: number;
  /** The page of matches, in the stable sort order. */
  matches: Resource[];
  /** Resources pulled in by _include / _revinclude for this page (search.mode = include). */
  includes: Resource[];
  offset: number;
  count: number;
  /** Parameters ignored under lenient handling, as sent. */
  ignored: string[];
}

export type StoreErrorCode = 'not-found' | 'gone' | 'version-conflict' | 'conflict' | 'invalid';

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
