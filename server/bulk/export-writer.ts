import type { Group, OperationOutcome, Resource } from 'fhir/r4';
import type { Store } from '../../data-store/store.js';
import { StoreError } from '../../data-store/store.js';
import { createNdjsonWriter } from '../export/ndjson-writer.js';
import { timeSlicer } from '../../data-store/time-slicer.js';
import type { ExportRequest } from './export-request.js';
import { patientRecord } from './patient-compartment.js';

/** How far an export has come: patients (Patient and Group exports) or resources (system export). */
export interface ExportProgress {
  done: number;
  total: number;
  unit: 'patients' | 'resources';
}

export interface ExportWriteOptions {
  /** The manifest's transactionTime: versions written after it are left out (their earlier version goes in). */
  transactionTime: string;
  signal?: AbortSignal;
  onProgress?: (progress: ExportProgress) => void;
}

export interface ExportWriteResult {
  /** Resources written per type (files `<Type>.ndjson` in the directory), types sorted. */
  counts: Record<string, number>;
  /** Problems met on the way (a group member that no longer exists), for the manifest's error file. */
  problems: OperationOutcome[];
}

/** Lines are handed to the NDJSON writer in batches of about this many per type (one file write each). */
const BATCH = 256;

/**
 * The version of `r` current at `instant` (https://hl7.org/fhir/uv/bulkdata/export.html#response---complete-status:
 * nothing modified after transactionTime, everything up to it): `r` itself unless a client wrote it since, else
 * the version before that write, or nothing when it did not exist or was deleted then.
 */
function versionAt(store: Store, r: Resource, instantMs: number): Resource | undefined {
  if (!(Date.parse(r.meta?.lastUpdated ?? '') > instantMs)) return r;
  const entry = store.history({ resourceType: r.resourceType, id: r.id }).find((e) => !(Date.parse(e.lastUpdated) > instantMs));
  return entry?.method === 'DELETE' ? undefined : entry?.resource;
}

const PATIENT_REFERENCE = /"reference":"Patient\/([A-Za-z0-9\-.]{1,64})"/g;

/** True when the serialized resource refers to more than one patient (a family's Coverage, ...). */
function refersToSeveralPatients(line: string): boolean {
  let first: string | undefined;
  for (const m of line.matchAll(PATIENT_REFERENCE)) {
    if (first === undefined) first = m[1];
    else if (m[1] !== first) return true;
  }
  return false;
}

/** Buffers NDJSON lines per type and writes them in batches. */
function batchedWriter(dir: string) {
  const writer = createNdjsonWriter(dir);
  const pending = new Map<string, string[]>();
  const flushType = (type: string, lines: string[]): void => {
    if (lines.length) writer.write(type, lines.join('\n'), lines.length);
    pending.delete(type);
  };
  return {
    add(type: string, line: string): void {
      let lines = pending.get(type);
      if (!lines) pending.set(type, (lines = []));
      lines.push(line);
      if (lines.length >= BATCH) flushType(type, lines);
    },
    close(): Record<string, number> {
      for (const [type, lines] of [...pending]) flushType(type, lines);
      const counts = writer.close();
      return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1)));
    },
  };
}

/** The patients whose compartments the export covers, with the problems found listing them. */
function patientsOf(store: Store, request: ExportRequest, instantMs: number): { ids: Iterable<string>; total: number; problems: OperationOutcome[] } {
  if (request.level.kind === 'patient') {
    const ids = (function* () {
      for (const p of store.all('Patient')) if (p.id) yield p.id;
    })();
    return { ids, total: store.counts().Patient ?? 0, problems: [] };
  }
  const { groupId } = request.level as { groupId: string };
  // The Group as it was at transactionTime, even if it has been changed or deleted since.
  const entry = store.history({ resourceType: 'Group', id: groupId }).find((e) => !(Date.parse(e.lastUpdated) > instantMs));
  const group = entry?.method === 'DELETE' ? undefined : (entry?.resource as Group | undefined);
  if (!group) throw new StoreError('not-found', `Group/${groupId} did not exist at the export's transaction time`);
  const ids = [...new Set((group.member ?? []).filter((m) => !m.inactive).map((m) => m.entity.reference ?? '').filter((r) => r.startsWith('Patient/')).map((r) => r.slice(8)))];
  return { ids, total: ids.length, problems: [] };
}

/**
 * Writes a Bulk Data export of the store as it is now (base population and client writes) into `dir`, one
 * `<Type>.ndjson` per type (https://hl7.org/fhir/uv/bulkdata/export.html#file-format), reusing the `cdg generate`
 * NDJSON writer. Patient and Group exports go patient by patient (the Patient and its compartment; a resource in
 * two members' compartments is written once); the system export goes type by type over every stored resource
 * (then the ones deleted since transactionTime, as they were then).
 * Either way it yields to the event loop every few milliseconds and holds only one batch of lines per type.
 */
export async function writeBulkExport(store: Store, request: ExportRequest, dir: string, options: ExportWriteOptions): Promise<ExportWriteResult> {
  const instantMs = Date.parse(options.transactionTime);
  const out = batchedWriter(dir);
  const slice = timeSlicer();
  const checkpoint = async (): Promise<void> => {
    await slice();
    options.signal?.throwIfAborted();
  };
  const keep = (r: Resource): Resource | undefined => {
    const v = versionAt(store, r, instantMs);
    if (!v || (request.sinceMs !== undefined && !(Date.parse(v.meta?.lastUpdated ?? '') > request.sinceMs))) return undefined;
    return v;
  };
  let problems: OperationOutcome[] = [];
  try {
    const run: ExportRun = { store, request, instantMs, out, keep, checkpoint, onProgress: options.onProgress };
    if (request.level.kind === 'system') await writeSystem(run);
    else problems = await writePatients(run);
  } catch (err) {
    out.close();
    throw err;
  }
  return { counts: out.close(), problems };
}

/** What both export levels write with: the store as of instantMs, the files, and the pause between slices. */
interface ExportRun {
  store: Store;
  request: ExportRequest;
  instantMs: number;
  out: ReturnType<typeof batchedWriter>;
  /** The version to export of a resource listed now (as of instantMs, changed since _since), or undefined. */
  keep: (r: Resource) => Resource | undefined;
  checkpoint: () => Promise<void>;
  onProgress?: (p: ExportProgress) => void;
}

/**
 * Resources deleted after `instantMs` that existed then (store.all no longer lists them), as they were then. Only
 * client writes can be that recent, so the history read stops after the entries since then (historyCount).
 */
function* deletedSince(store: Store, instantMs: number, types: Set<string> | undefined): Generator<Resource> {
  const since = new Date(instantMs).toISOString();
  const seen = new Set<string>();
  for (const e of store.history({ since, count: store.historyCount({ since }) })) {
    const key = `${e.resourceType}/${e.id}`;
    if (e.method !== 'DELETE' || (types && !types.has(e.resourceType)) || seen.has(key)) continue;
    seen.add(key);
    try {
      store.read(e.resourceType, e.id);
      continue; // created again since: store.all listed it, and versionAt chose the version of then
    } catch {
      // still deleted
    }
    const then = store.history({ resourceType: e.resourceType, id: e.id }).find((h) => !(Date.parse(h.lastUpdated) > instantMs));
    if (then?.method !== 'DELETE' && then?.resource) yield then.resource;
  }
}

async function writeSystem({ store, request, instantMs, out, keep, checkpoint, onProgress }: ExportRun): Promise<void> {
  const present = store.counts();
  const types = Object.keys(present).filter((t) => !request.types || request.types.has(t));
  const total = types.reduce((n, t) => n + present[t], 0);
  let done = 0;
  for (const type of types) {
    for (const r of store.all(type)) {
      const v = keep(r);
      if (v) out.add(type, JSON.stringify(v));
      if (++done % 64 === 0) {
        onProgress?.({ done, total, unit: 'resources' });
        await checkpoint();
      }
    }
  }
  for (const r of deletedSince(store, instantMs, request.types)) {
    const v = keep(r);
    if (v) out.add(v.resourceType, JSON.stringify(v));
  }
  onProgress?.({ done: total, total, unit: 'resources' });
}

async function writePatients({ store, request, instantMs, out, keep, checkpoint, onProgress }: ExportRun): Promise<OperationOutcome[]> {
  const { ids, total, problems } = patientsOf(store, request, instantMs);
  // Only resources that name several patients can come twice; only their keys are remembered.
  const shared = new Set<string>();
  let done = 0;
  for (const id of ids) {
    let record: Resource[] = [];
    try {
      record = patientRecord(store, id, request.types);
    } catch (err) {
      if (!(err instanceof StoreError)) throw err;
      problems.push({ resourceType: 'OperationOutcome', issue: [{ severity: 'warning', code: 'not-found', details: { text: `Patient/${id}, a member of the group, ${err.code === 'gone' ? 'has been deleted' : 'does not exist'}` } }] });
    }
    for (const r of record) {
      const v = keep(r);
      if (!v) continue;
      const line = JSON.stringify(v);
      if (refersToSeveralPatients(line)) {
        const key = `${v.resourceType}/${v.id ?? ''}`;
        if (shared.has(key)) continue;
        shared.add(key);
      }
      out.add(v.resourceType, line);
    }
    onProgress?.({ done: ++done, total, unit: 'patients' });
    await checkpoint();
  }
  return problems;
}
