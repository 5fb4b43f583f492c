import { freezeDeep, freezeDeepSliced } from './freeze.js';
import { baseVersion } from './base-version.js';
import { randomUUID } from 'node:crypto';
import type { Resource } from 'fhir/r4';
import { isR4ResourceType } from '../fhir-profiles/search-resource-types.js';
import type { Overlay } from './overlay.js';
import { ResourceTable, type StoredResource } from './resource-table.js';
import { SearchEngine } from './search/search-engine.js';
import { retargetReferences } from './retarget-references.js';
import { timeSlicer } from './time-slicer.js';
import { HistoryWalk, historyPage, type HistorySource } from './history-walk.js';
import { encodeVersion } from './version-json.js';
import { currentVersion, PendingWrites, versionOf, type BaseLookup } from './loading-reads.js';
import {
  StoreError,
  type Criteria,
  type HistoryCursor,
  type HistoryEntry,
  type HistoryQuery,
  type SearchPage,
  type SearchQuery,
  type Store,
  type StoreMark,
  type WriteOperation,
  type WriteResult,
} from './store.js';

export interface EmbeddedStoreOptions {
  /** The generated base, read once by `load` (lazily generated, it is generated as it is loaded). */
  base: () => Iterable<Resource>;
  /** Answers read and vread of the ids it owns while the base is loading (see `readableWhileLoading`). */
  lookup?: BaseLookup;
  overlay: Overlay;
  baseLastUpdated?: string;
  clock: () => Date;
  maxCount: number;
  /**
   * A base kept elsewhere (data-store/compact: regenerated on demand): a client write to one of its ids continues
   * its version '1', and conditional writes resolve through `search`, which sees it and this store together.
   */
  external?: ExternalBase;
}

/** What the store looked like at a mark, from the records written since (EmbeddedStore.atMark). */
interface AsOfMark {
  changed: Map<string, Map<number, Resource | undefined>>;
  /** Records of ids of the external base that no client had written by the mark. */
  absent: Set<StoredResource>;
}

/** A generated base this store does not hold (EmbeddedStoreOptions.external). */
export interface ExternalBase {
  /** The generated resource (not yet stamped as version '1'); undefined when the base has none. */
  find(resourceType: string, id: string): Resource | undefined;
  /** A search over the external base and this store's own resources together (resolves conditional writes). */
  search(query: SearchQuery): SearchPage;
}

const ID_RE = /^[A-Za-z0-9\-.]{1,64}$/;

type Staged = Map<string, { exists: boolean; version: number }>;
interface WriteJob {
  kind: 'write';
  ops: WriteOperation[];
  /** Resolves search criteria, so it must see every earlier write applied: it only ever heads a commit. */
  conditional: boolean;
  resolve: (results: WriteResult[]) => void;
  reject: (err: unknown) => void;
}
type Job = WriteJob | { kind: 'reset'; resolve: (results: WriteResult[]) => void; reject: (err: unknown) => void };

/** A write after its condition is resolved: a plain write, a conditional create's match, or an earlier twin. */
type Resolved = { op: WriteOperation } | { matched: Resource } | { sameAs: number };

interface Planned {
  entry?: HistoryEntry;
  result: WriteResult;
}

/**
 * The embedded Store: the generated base in memory (version '1' of each id), client writes as an
 * overlay of versions persisted before they are acknowledged, and the search engine over both.
 * https://hl7.org/fhir/R4/http.html
 */
export class EmbeddedStore implements Store {
  private readonly tables = new Map<string, ResourceTable>();
  private readonly engine: SearchEngine;
  private readonly jobs: Job[] = [];
  private draining = false;
  private closed = false;
  private queue: Promise<unknown> = Promise.resolve();
  /** Resets seen (this server's and, on a shared log, the others'): marks and history cursors from before one are gone. */
  private resets = 0;
  /** The last atMark answer, while no write has followed it. */
  private asOfCache?: { mark: StoreMark; upTo: number; resets: number } & AsOfMark;
  private fallbackLastUpdated?: string;
  /** The load once started; `loaded` once it finished, and `loadFailure` if it did not. */
  private loading?: Promise<void>;
  private isLoaded = false;
  private loadFailure?: unknown;
  private readonly finished: { promise: Promise<void>; resolve: () => void; reject: (err: unknown) => void };
  /** The persisted writes, by id, until they are applied (at the end of the load). */
  private pending?: PendingWrites;
  /** options.lookup until loaded (then let go with the households it keeps). */
  private lookup?: BaseLookup;

  constructor(private readonly options: EmbeddedStoreOptions) {
    this.engine = new SearchEngine(
      (type) => this.tables.get(type),
      () => [...this.tables.values()].filter((t) => t.live > 0).map((t) => t.resourceType),
      { maxCount: options.maxCount, now: options.clock },
    );
    let settle!: Pick<EmbeddedStore['finished'], 'resolve' | 'reject'>;
    const promise = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    promise.catch(() => undefined);
    this.finished = { promise, ...settle };
    this.pending = new PendingWrites(options.overlay);
    this.lookup = options.lookup;
  }

  get loaded(): boolean {
    return this.isLoaded;
  }

  whenLoaded(): Promise<void> {
    return this.finished.promise;
  }

  load(): Promise<void> {
    return (this.loading ??= this.loadAll().then(this.finished.resolve, (err: unknown) => {
      this.loadFailure = err;
      this.finished.reject(err);
      throw err;
    }));
  }

  /**
   * The base in its order, in slices (generating it as it goes when it is generated lazily), then the persisted
   * writes over it in log order: the same slots and versions as if it were all read at once. Only then does the store
   * follow a shared log; records it caught up with meanwhile are in `writes` by then.
   */
  private async loadAll(): Promise<void> {
    const pause = timeSlicer();
    for (const r of this.options.base()) {
      if (this.closed) throw new Error('The store was closed while it was loading');
      if (!r.id) throw new StoreError('invalid', `Base ${r.resourceType} without id`);
      const stored = this.stampBase(r);
      const table = this.table(r.resourceType);
      const rec = table.ensure(r.id);
      table.setBase(rec, stored);
      table.setCurrent(rec, stored);
      await pause();
    }
    const { overlay } = this.options;
    // A shared log can take records (or a reset) from a catch-up at any await: its writes are applied in one step.
    // Nothing else changes the log before the load has finished (writes wait for it), so a file log's are sliced.
    if (overlay.shared) for (const w of overlay.writes) this.apply(w);
    else {
      for (const w of overlay.writes) {
        this.apply(w);
        await pause();
      }
    }
    overlay.shared?.follow({
      put: (entries) => {
        for (const e of entries) this.apply(e);
      },
      reset: (dropped) => this.forget(dropped),
    });
    this.pending = undefined;
    this.lookup = undefined;
    this.isLoaded = true;
  }

  /** A generated resource as stored: version '1' at the base's lastUpdated. */
  private stampBase(r: Resource): Resource {
    const lastUpdated = this.options.baseLastUpdated ?? r.meta?.lastUpdated ?? (this.fallbackLastUpdated ??= this.options.clock().toISOString());
    return baseVersion(r, lastUpdated);
  }

  readableWhileLoading(resourceType: string, id: string): boolean {
    return this.isLoaded || !!this.lookup?.owns(resourceType, id);
  }

  /** While loading: the generated version loaded so far, else the lookup's; and the persisted writes not yet applied. */
  private beforeLoaded(resourceType: string, id: string): { base: Resource | undefined; writes: readonly HistoryEntry[] | undefined } {
    const writes = this.pending?.of(resourceType, id);
    for (const w of writes ?? []) if (w.resource && !Object.isFrozen(w.resource)) freezeDeep(w.resource);
    const loaded = this.tables.get(resourceType)?.byId.get(id)?.base;
    const found = loaded ? undefined : this.lookup?.find(resourceType, id);
    return { base: loaded ?? (found && this.stampBase(found)), writes };
  }

  private table(type: string): ResourceTable {
    let t = this.tables.get(type);
    if (!t) this.tables.set(type, (t = new ResourceTable(type)));
    return t;
  }

  /**
   * Jobs run in arrival order. Writes that queue up while the overlay file is being written are
   * committed together (group commit): each is validated on its own against the state left by the
   * ones before it, then the accepted ones are persisted in one file write and applied.
   */
  private enqueue(job: Job): void {
    this.jobs.push(job);
    if (!this.draining) {
      this.draining = true;
      this.queue = this.drain();
    }
  }

  /**
   * Runs queued jobs. `draining` is cleared in the same synchronous step that finds the queue empty,
   * so a job enqueued by a continuation of the last one always starts a new drain.
   */
  private async drain(): Promise<void> {
    // Writes wait for the load: never decided against, or applied to, a store that lacks part of its base.
    await this.finished.promise.catch(() => undefined);
    for (;;) {
      if (this.loadFailure !== undefined) for (const job of this.jobs.splice(0)) job.reject(this.loadFailure);
      if (!this.jobs.length) {
        this.draining = false;
        return;
      }
      const first = this.jobs[0];
      if (first.kind === 'reset') {
        this.jobs.shift();
        await this.runReset().then(() => first.resolve([]), first.reject);
        continue;
      }
      let n = 0;
      while (n < this.jobs.length && this.jobs[n].kind === 'write' && (n === 0 || !(this.jobs[n] as WriteJob).conditional)) n++;
      await this.commit(this.jobs.splice(0, n) as WriteJob[]);
    }
  }

  /** Validates each job of a batch, persists the accepted ones in one overlay write, applies them; never throws. */
  private async commit(batch: WriteJob[]): Promise<void> {
    const accepted: Array<{ job: WriteJob; planned: Planned[] }> = [];
    let decided = false;
    const decide = (): HistoryEntry[] => {
      decided = true;
      const now = this.options.clock().toISOString();
      const staged: Staged = new Map();
      for (const job of batch) {
        try {
          const local: Staged = new Map();
          const planned = this.plan(job.ops, now, staged, local);
          for (const [k, v] of local) staged.set(k, v);
          accepted.push({ job, planned });
        } catch (err) {
          job.reject(err);
        }
      }
      return accepted.flatMap((a) => a.planned.map((p) => p.entry).filter((e): e is HistoryEntry => !!e));
    };
    try {
      await this.persist(decide);
    } catch (err) {
      for (const job of decided ? accepted.map((a) => a.job) : batch) job.reject(err);
      return;
    }
    for (const a of accepted) a.job.resolve(a.planned.map((p) => p.result));
  }

  /**
   * Decides a batch against the latest state and makes its versions durable, then applies them. A shared log
   * (PostgreSQL) decides under its cross-server lock, after catching up, and applies through the listener.
   */
  private async persist(decide: () => HistoryEntry[]): Promise<void> {
    const { overlay } = this.options;
    if (overlay.shared) return overlay.shared.appendDecided(decide);
    const entries = decide();
    if (!entries.length) return;
    // Each new version is serialised once, here and in slices; the write log and the HTTP answer reuse the bytes.
    const pause = timeSlicer();
    // The checkpoint between versions too: a small version is encoded (and frozen) whole, without reaching one, and a
    // transaction of thousands of them (an inbound 837's claims and EOBs) must not be one step.
    for (const e of entries) {
      if (e.resource) await encodeVersion(e.resource, pause);
      await pause();
    }
    for (const e of entries) {
      if (e.resource) await freezeDeepSliced(e.resource, pause);
      await pause();
    }
    await overlay.append(entries);
    for (const e of entries) this.apply(e);
  }

  private apply(w: HistoryEntry): void {
    const table = this.table(w.resourceType);
    const fresh = !table.byId.has(w.id);
    const rec = table.ensure(w.id);
    if (fresh) this.seedExternal(table, rec);
    (rec.writes ??= []).push(w);
    if (w.resource && !Object.isFrozen(w.resource)) freezeDeep(w.resource);
    this.engine.beforeWrite(w.resourceType, rec.slot);
    table.setCurrent(rec, w.method === 'DELETE' ? undefined : w.resource);
    this.engine.notify(w.resourceType, rec.slot);
  }

  /** A first write to an id of the external base: its generated version becomes this record's version '1'. */
  private seedExternal(table: ResourceTable, rec: StoredResource): void {
    const found = this.options.external?.find(table.resourceType, rec.id);
    if (!found) return;
    const stored = this.stampBase(found);
    rec.external = true;
    table.setBase(rec, stored);
    table.setCurrent(rec, stored);
  }

  /** Whether this store holds a record of the id (its own resource, or a written one of the external base). */
  holds(resourceType: string, id: string): boolean {
    return !!this.tables.get(resourceType)?.byId.has(id);
  }

  /** How many records of a type carry a generated version: for a type only the external base generates, its written ids. */
  heldGenerated(resourceType: string): number {
    let n = 0;
    for (const k of this.tables.get(resourceType)?.baseInstants.values() ?? []) n += k;
    return n;
  }

  private latestVersion(rec: StoredResource | undefined): number {
    const last = rec?.writes?.[rec.writes.length - 1]?.versionId ?? (rec?.base ? '1' : '0');
    return Number(last);
  }

  /** Validates and prepares a batch of writes against current state plus the earlier ones in it. */
  private plan(ops: WriteOperation[], now: string, before: Staged, staged: Staged): Planned[] {
    const { resolved, targets } = this.resolveConditions(ops);
    const state = (type: string, id: string) => {
      const key = `${type}/${id}`;
      const hit = staged.get(key) ?? before.get(key);
      if (hit) return hit;
      const rec = this.tables.get(type)?.byId.get(id);
      if (!rec && this.options.external?.find(type, id)) return { exists: true, version: 1 };
      return { exists: !!rec?.current, version: this.latestVersion(rec) };
    };
    // The store owns what it is given to write (see createStore): a new top level, not a deep copy, which for a
    // 20 MB resource would hold the event loop for a quarter of a second or more.
    const stamp = (resource: Resource, id: string, version: number): Resource => {
      const stored = { ...resource, id, meta: { ...resource.meta, versionId: String(version), lastUpdated: now } };
      if (targets.size) retargetReferences(stored, targets);
      return stored;
    };
    const planned = resolved.map((r): Planned => {
      if ('matched' in r) return { result: { method: 'POST', resource: r.matched, created: false } };
      if ('sameAs' in r) return { result: { method: 'POST', created: false } };
      return planOne(r.op, now, state, staged, stamp);
    });
    // A repeated conditional create of one transaction answers with what the first one created.
    resolved.forEach((r, i) => {
      if ('sameAs' in r) planned[i].result.resource = planned[r.sameAs].result.resource;
    });
    return planned;
  }

  /**
   * Resolves the conditions of conditional writes against the current state (the caller runs this inside the
   * write critical section): each becomes a plain write, the resource a conditional create matched, or the
   * index of an earlier identical conditional create; `targets` maps placeholder references to resolved ones.
   */
  private resolveConditions(ops: WriteOperation[]): { resolved: Resolved[]; targets: Map<string, string> } {
    const targets = new Map<string, string>();
    // Criteria of the conditional creates this transaction makes -> [index, id], so a twin reuses the first.
    const creates = new Map<string, [number, string]>();
    const resolved = ops.map((op, index): Resolved => {
      if (op.method === 'POST' && op.ifNoneExist) {
        const type = resourceTypeOf(op.resource);
        const match = this.matchOne(type, op.ifNoneExist);
        const key = `${type}?${new URLSearchParams(op.ifNoneExist).toString()}`;
        const first = creates.get(key);
        const id = match?.id ?? first?.[1] ?? op.resource.id ?? randomUUID();
        if (op.resource.id !== undefined && op.resource.id !== id) targets.set(`${type}/${op.resource.id}`, `${type}/${id}`);
        if (match) return { matched: match };
        if (first) return { sameAs: first[0] };
        creates.set(key, [index, id]);
        return { op: { method: 'POST', resource: { ...op.resource, id } } };
      }
      if (op.method === 'PUT' && op.criteria) {
        const type = resourceTypeOf(op.resource);
        const match = this.matchOne(type, op.criteria);
        if (match && op.resource.id !== undefined && op.resource.id !== match.id) {
          throw new StoreError('invalid', `Resource id ${op.resource.id} does not match ${type}/${match.id ?? ''} found by the criteria`, 'id');
        }
        const id = match?.id ?? op.resource.id ?? op.placeholderId ?? randomUUID();
        if (op.placeholderId !== undefined && op.placeholderId !== id) targets.set(`${type}/${op.placeholderId}`, `${type}/${id}`);
        return { op: { method: 'PUT', resource: { ...op.resource, id }, ifMatch: op.ifMatch } };
      }
      return { op };
    });
    return { resolved, targets };
  }

  /** The one current resource the criteria match, if any; more than one is 'precondition-failed'. */
  private matchOne(type: string, criteria: Criteria): Resource | undefined {
    const params = criteria.filter(([n]) => n !== '_count' && n !== '_offset');
    if (params.length === 0) throw new StoreError('invalid', 'A conditional write needs search criteria');
    const query = { resourceType: type, params: [...params, ['_count', '2']] as Array<[string, string]> };
    const page = this.options.external ? this.options.external.search(query) : this.engine.search(query);
    if (page.total > 1 || page.matches.length > 1) {
      throw new StoreError('precondition-failed', `Conditional criteria matched ${page.total} ${type} resources; expected at most one`);
    }
    return page.matches[0];
  }

  private async write(ops: WriteOperation[]): Promise<WriteResult[]> {
    const conditional = ops.some((op) => (op.method === 'POST' && !!op.ifNoneExist) || (op.method === 'PUT' && !!op.criteria));
    if (conditional) await this.prepareConditions(ops);
    return new Promise((resolve, reject) => this.enqueue({ kind: 'write', ops, conditional, resolve, reject }));
  }

  /**
   * Builds, in slices and before the write queues, the indexes its conditions will search: they are then resolved
   * inside the critical section (atomically, as before) without one long index build there. Indexes stay current
   * with every write, so one built before a write queued is still right when it is resolved.
   */
  private async prepareConditions(ops: WriteOperation[]): Promise<void> {
    for (const op of ops) {
      if (op.method === 'DELETE') continue;
      const criteria = op.method === 'POST' ? op.ifNoneExist : op.criteria;
      const type = (op.resource as { resourceType?: unknown }).resourceType;
      // Best effort: what it cannot build, the resolution builds (or refuses) as it always has.
      if (criteria?.length && typeof type === 'string') await this.engine.prepare({ resourceType: type, params: criteria }).catch(() => undefined);
    }
  }

  async create<T extends Resource>(resource: T): Promise<T> {
    const [r] = await this.write([{ method: 'POST', resource }]);
    return r.resource as T;
  }

  async conditionalCreate<T extends Resource>(resource: T, ifNoneExist: Criteria): Promise<{ resource: T; created: boolean }> {
    const [r] = await this.write([{ method: 'POST', resource, ifNoneExist }]);
    return { resource: r.resource as T, created: !!r.created };
  }

  async update<T extends Resource>(resource: T, options?: { ifMatch?: string; criteria?: Criteria }): Promise<{ resource: T; created: boolean }> {
    const [r] = await this.write([{ method: 'PUT', resource, ifMatch: options?.ifMatch, criteria: options?.criteria }]);
    return { resource: r.resource as T, created: !!r.created };
  }

  async delete(resourceType: string, id: string): Promise<void> {
    await this.write([{ method: 'DELETE', resourceType, id }]);
  }

  transaction(operations: WriteOperation[]): Promise<WriteResult[]> {
    return this.write(operations);
  }

  read<T extends Resource = Resource>(resourceType: string, id: string): T {
    if (!this.isLoaded) {
      const { base, writes } = this.beforeLoaded(resourceType, id);
      return currentVersion(resourceType, id, base, writes) as T;
    }
    const rec = this.tables.get(resourceType)?.byId.get(id);
    if (rec?.current) return rec.current as T;
    return currentVersion(resourceType, id, rec?.base, rec?.writes) as T;
  }

  vread<T extends Resource = Resource>(resourceType: string, id: string, versionId: string): T {
    const { base, writes } = this.isLoaded ? (this.tables.get(resourceType)?.byId.get(id) ?? {}) : this.beforeLoaded(resourceType, id);
    return versionOf(resourceType, id, base, writes, versionId) as T;
  }

  history(query: HistoryQuery): HistoryEntry[] {
    return historyPage(this.historySource(query), query.offset ?? 0, query.count ?? Infinity);
  }

  historyCursor(query: HistoryQuery): HistoryCursor {
    const source = this.historySource(query);
    const total = this.historyCount(query);
    const resets = this.resets;
    return new HistoryWalk(source, total, () => this.resets === resets);
  }

  historyCount(query: HistoryQuery): number {
    if (query.id !== undefined) return this.history({ ...query, offset: 0, count: undefined }).length;
    const kept = sinceFilter(query);
    let n = 0;
    for (const w of this.options.overlay.writes) if ((!query.resourceType || w.resourceType === query.resourceType) && kept(w.lastUpdated)) n++;
    // Generated versions are counted per lastUpdated instant they share, not by visiting ~800k slots.
    for (const t of this.historyTables(query.resourceType)) for (const [instant, k] of t.baseInstants) if (kept(instant)) n += k;
    return n;
  }

  /** The tables a type- or system-level history reads, in type order. */
  private historyTables(resourceType: string | undefined): ResourceTable[] {
    if (resourceType) return [this.tables.get(resourceType)].filter((t): t is ResourceTable => !!t);
    return [...this.tables.values()].sort((a, b) => (a.resourceType < b.resourceType ? -1 : 1));
  }

  /** What a history lists as of now, newest first: client writes (latest first), then the generated version '1' entries. */
  private historySource(query: HistoryQuery): HistorySource {
    const keepInstant = sinceFilter(query);
    if (query.id !== undefined) {
      const rec = query.resourceType ? this.tables.get(query.resourceType)?.byId.get(query.id) : undefined;
      if (!rec || (!rec.base && !rec.writes?.length)) throw new StoreError('not-found', `${query.resourceType}/${query.id} is not known`);
      const writes = rec.writes ?? [];
      return { writes, end: writes.length, keep: (e) => keepInstant(e.lastUpdated), bases: [[rec]], keepInstant };
    }
    const writes = this.options.overlay.writes;
    const type = query.resourceType;
    const keep = (e: HistoryEntry): boolean => (!type || e.resourceType === type) && keepInstant(e.lastUpdated);
    return { writes, end: writes.length, keep, bases: this.historyTables(type).map((t) => t.slots), keepInstant };
  }

  prepareSearch(query: Pick<SearchQuery, 'resourceType' | 'params'>): Promise<void> {
    return this.engine.prepare(query);
  }

  search(query: SearchQuery): SearchPage {
    if (!query.asOf) return this.engine.search(query);
    const { changed } = this.atMark(query.asOf);
    return this.engine.search(query, (type) => changed.get(type));
  }

  mark(): StoreMark {
    return { resets: this.resets, writes: this.options.overlay.writes.length };
  }

  readAsOf<T extends Resource = Resource>(resourceType: string, id: string, mark: StoreMark): T {
    const rec = this.tables.get(resourceType)?.byId.get(id);
    const changed = rec ? this.atMark(mark).changed.get(resourceType) : undefined;
    const version = rec && changed?.has(rec.slot) ? changed.get(rec.slot) : rec?.current;
    if (version) return version as T;
    throw new StoreError('not-found', `${resourceType}/${id} was not there at the mark`);
  }

  /**
   * Whether this store held a record of the id at the mark: an id of the external base only once a client had
   * written it by then (before, the external base answered for it).
   */
  heldAt(resourceType: string, id: string, mark: StoreMark): boolean {
    const rec = this.tables.get(resourceType)?.byId.get(id);
    return !!rec && !this.atMark(mark).absent.has(rec);
  }

  /**
   * Per type, the slots written after `mark` and each one's version at the mark (undefined: none, deleted, or an id
   * of the external base no client had written yet, which is also `absent`): a slot's last k versions are the k it
   * was written after the mark. Kept while no write follows.
   */
  private atMark(mark: StoreMark): AsOfMark {
    if (mark.resets !== this.resets) throw new StoreError('gone', 'The store was reset after this mark');
    const writes = this.options.overlay.writes;
    const kept = this.asOfCache;
    if (kept && kept.mark === mark && kept.upTo === writes.length && kept.resets === this.resets) return kept;
    // How many versions of each record were written after the mark.
    const after = new Map<StoredResource, { type: string; k: number }>();
    for (let i = mark.writes; i < writes.length; i++) {
      const { resourceType: type, id } = writes[i];
      const rec = this.tables.get(type)!.byId.get(id)!;
      const seen = after.get(rec);
      if (seen) seen.k++;
      else after.set(rec, { type, k: 1 });
    }
    const changed = new Map<string, Map<number, Resource | undefined>>();
    const absent = new Set<StoredResource>();
    for (const [rec, { type, k }] of after) {
      const before = rec.writes!.length - k - 1;
      if (before < 0 && rec.external) absent.add(rec);
      const version = before >= 0 ? rec.writes![before].resource : rec.external ? undefined : rec.base;
      let slots = changed.get(type);
      if (!slots) changed.set(type, (slots = new Map()));
      slots.set(rec.slot, version);
    }
    this.asOfCache = { mark, upTo: writes.length, resets: this.resets, changed, absent };
    return this.asOfCache;
  }

  reset(): Promise<void> {
    return new Promise((resolve, reject) => this.enqueue({ kind: 'reset', resolve: () => resolve(), reject }));
  }

  private async runReset(): Promise<void> {
    const { overlay } = this.options;
    // A shared log hands its reset (with what it dropped, other servers' writes included) to the listener.
    if (overlay.shared) return overlay.clear();
    const dropped = overlay.writes.slice();
    await overlay.clear();
    this.forget(dropped);
  }

  /** Returns the resources the dropped versions touched to their generated version (or to nothing). */
  private forget(dropped: readonly HistoryEntry[]): void {
    this.resets++;
    this.engine.closeCursors();
    for (const { resourceType, id } of dropped) {
      const table = this.tables.get(resourceType);
      const rec = table?.byId.get(id);
      if (!table || !rec || !rec.writes) continue;
      rec.writes = undefined;
      table.setCurrent(rec, rec.base);
      this.engine.notify(resourceType, rec.slot);
    }
  }

  /** Brings reads up to date with writes other servers committed to a shared log; at once otherwise. */
  get shared(): boolean {
    return this.options.overlay.shared !== undefined;
  }

  sync(): Promise<void> {
    return this.options.overlay.shared?.catchUp() ?? Promise.resolve();
  }

  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const t of [...this.tables.values()].sort((a, b) => (a.resourceType < b.resourceType ? -1 : 1))) if (t.live > 0) out[t.resourceType] = t.live;
    return out;
  }

  changes(resourceType: string): number {
    return this.tables.get(resourceType)?.changes ?? 0;
  }

  *all<T extends Resource = Resource>(resourceType: string): Iterable<T> {
    const t = this.tables.get(resourceType);
    if (!t) return;
    // One generator, not a delegation to the table's: EDI documents walk every Claim or EOB this way.
    for (const rec of t.slots) if (rec.current) yield rec.current as T;
  }

  async close(): Promise<void> {
    this.closed = true;
    // A load still running stops at its next slice; one never started fails too: either fails the writes waiting.
    if (!this.loading) this.load().catch(() => undefined);
    await this.loading?.catch(() => undefined);
    while (this.draining) await this.queue;
    await this.options.overlay.close();
  }
}

type StateOf = (type: string, id: string) => { exists: boolean; version: number };

/** Prepares one plain write: checks ids and versions against `state`, stages it, builds its history entry. */
function planOne(op: WriteOperation, now: string, state: StateOf, staged: Staged, stamp: (r: Resource, id: string, v: number) => Resource): Planned {
  if (op.method === 'DELETE') {
    checkId(op.resourceType, op.id);
    const s = state(op.resourceType, op.id);
    if (!s.exists) return { result: { method: 'DELETE' } };
    staged.set(`${op.resourceType}/${op.id}`, { exists: false, version: s.version + 1 });
    const entry: HistoryEntry = { resourceType: op.resourceType, id: op.id, versionId: String(s.version + 1), lastUpdated: now, method: 'DELETE' };
    return { entry, result: { method: 'DELETE' } };
  }
  const type = resourceTypeOf(op.resource);
  let id = op.resource.id;
  if (op.method === 'POST') {
    if (id === undefined) id = randomUUID();
    checkId(type, id);
    if (state(type, id).exists) throw new StoreError('conflict', `${type}/${id} already exists`, 'id');
  } else {
    if (id === undefined) throw new StoreError('invalid', 'Update requires a resource id', 'id');
    checkId(type, id);
  }
  const s = state(type, id);
  if (op.method === 'PUT' && op.ifMatch !== undefined) {
    const wanted = op.ifMatch.replace(/^W\//, '').replace(/"/g, '');
    if (!s.exists || String(s.version) !== wanted) {
      throw new StoreError('version-conflict', `${type}/${id} is at version ${s.exists ? s.version : 'none'}, not ${wanted}`, 'meta.versionId');
    }
  }
  const version = s.version + 1;
  staged.set(`${type}/${id}`, { exists: true, version });
  const stored = stamp(op.resource, id, version);
  const entry: HistoryEntry = { resourceType: type, id, versionId: String(version), lastUpdated: now, method: op.method, resource: stored };
  return { entry, result: { method: op.method, resource: stored, created: op.method === 'POST' || !s.exists } };
}

/** The resource's type, or 'invalid' when it is not an R4 resource. */
function resourceTypeOf(resource: Resource | undefined): string {
  if (!resource || typeof resource.resourceType !== 'string' || !isR4ResourceType(resource.resourceType)) {
    throw new StoreError('invalid', 'A resource with an R4 resourceType is required', 'resourceType');
  }
  return resource.resourceType;
}

function checkId(type: string, id: string): void {
  if (!ID_RE.test(id)) throw new StoreError('invalid', `Invalid id '${id}' for ${type}: 1-64 of A-Z a-z 0-9 - .`, 'id');
}

/** Whether a version's lastUpdated is at or after the query's `_since` (400 when `_since` is not an instant). */
function sinceFilter(query: HistoryQuery): (lastUpdated: string) => boolean {
  if (query.since === undefined) return () => true;
  const since = Date.parse(query.since);
  if (Number.isNaN(since)) throw new StoreError('invalid', `Invalid _since '${query.since}'`, '_since');
  return (lastUpdated) => !(Date.parse(lastUpdated) < since);
}
