/**
 * Compact indexes over a regenerated population (issue 13): for the typical searches that the patient compartment and
 * `_id` cannot answer by arithmetic (identifier, name, birthdate, gender, code), the patients whose generated record
 * may hold a match. Built in the background on worker threads in two passes over patient ranges: `people` (Patient and
 * Coverage from generatePatientPeople, about a hundredth of a full record's cost) then `records` (every household's
 * full records). Keys are hashed to uint32 with sorted postings, names are sorted distinct normalised strings,
 * birthdates one day per patient: about 4 bytes per (key, patient), ~240 B a patient in all (bench/results/scale.md).
 * The people pass also keeps each generated Patient as a compressed JSON row (patient-rows.ts, ~960 B a patient), which
 * Patient pages decode instead of regenerating.
 * The calling thread only hands out jobs and keeps what comes back (typed arrays moved, not copied): workers index
 * and merge. https://hl7.org/fhir/R4/search.html
 */
import type { PopulationConfig } from '../../population/config.js';
import { chunkBuffers, type ChunkParts } from './chunk-index.js';
import { indexedParams, type IndexedParam, type IndexPass } from './index-plan.js';
import { IndexPool } from './index-pool.js';
import { candidatesIn, unionAscending } from './index-queries.js';
import type { DecodedPatient } from './patient-rows.js';
import { PatientTable } from './patient-table.js';
import type { PassTables } from './posting-merge.js';

export interface IndexStatus { name: string; ready: boolean; patientsDone: number; patients: number }
export interface PopulationIndex {
  /**
   * Ascending patient indexes whose generated record (see generatePatientRecord) may hold a resource of `resourceType`
   * matching `code[:modifier]=value` for ONE value of that parameter (no commas; `value` raw as sent, with its system|,
   * prefixes like ge/lt for dates, escapes). Must be a SUPERSET of the patients with an exact match (hash collisions
   * are fine: the lead's search filters every candidate exactly), never miss one. undefined = this index cannot narrow
   * that parameter (not indexed, unsupported modifier, or not built yet). May return a view of internal storage:
   * callers never write to it.
   */
  candidates(resourceType: string, code: string, modifier: string | undefined, value: string): Int32Array | undefined;
  /**
   * Current resources of each type in the generated base, once the record pass has counted them (else undefined).
   * The patients' records only: the directory's resources and the cohort Groups are the caller's to add.
   */
  baseCount(resourceType: string): number | undefined;
  /**
   * Patient i as generatePatientPeople gives it, stored as version '1' (baseVersion: a new object each call), with the
   * JSON text it was decoded from, once the people pass has indexed i's range, else undefined: a page of a Patient
   * search decodes these instead of regenerating.
   */
  patient(patientIndex: number): DecodedPatient | undefined;
  /** One entry per index pass ('people', 'records'), for /health/ready. */
  status(): IndexStatus[];
  /** Resolves when every pass has finished (rejects if one failed). */
  whenBuilt(): Promise<void>;
  /** Stops the workers (the server's shutdown and tests call it). */
  close(): Promise<void>;
}

const PASSES: IndexPass[] = ['people', 'records'];
/** Patients per job: a people job is ~40 us a patient, a records job ~1-6 ms; a few dozen jobs per worker. */
const CHUNK: Record<IndexPass, { min: number; max: number }> = { people: { min: 50, max: 4000 }, records: { min: 10, max: 500 } };
/** Results of recent queries kept (a paged search asks again for each page): at most this many, and patients in all. */
const CACHED_QUERIES = 64;
const CACHED_PATIENTS = 1 << 22;

interface PassState {
  status: IndexStatus;
  tables?: PassTables;
}

function chunkSize(pass: IndexPass, patients: number, threads: number): number {
  return Math.min(CHUNK[pass].max, Math.max(CHUNK[pass].min, Math.ceil(patients / (threads * 32))));
}

function ranges(pass: IndexPass, patients: number, threads: number): Array<[number, number]> {
  const size = chunkSize(pass, patients, threads);
  const out: Array<[number, number]> = [];
  for (let from = 0; from < patients; from += size) out.push([from, Math.min(patients, from + size)]);
  return out;
}

/** Indexes a pass's patient ranges on the pool, counting progress as each finishes; the people pass's Patients go to `table`. */
function indexChunks(pool: IndexPool, state: PassState, pass: IndexPass, threads: number, table?: PatientTable): Promise<ChunkParts[]> {
  return Promise.all(
    ranges(pass, state.status.patients, threads).map(async ([from, to]) => {
      const reply = await pool.run({ kind: 'chunk', pass, from, to });
      if (reply.patients) table?.add(from, reply.patients);
      state.status.patientsDone += to - from;
      return reply.parts as ChunkParts;
    }),
  );
}

/** Merges a pass's chunks on a worker, before any job waiting, and installs the tables. */
async function mergePass(pool: IndexPool, state: PassState, pass: IndexPass, chunks: ChunkParts[]): Promise<void> {
  const reply = await pool.run({ kind: 'merge', pass, chunks }, chunks.flatMap(chunkBuffers), true);
  state.tables = reply.tables;
  state.status.ready = true;
}

/** The tables of each index and its Patient rows, for populationIndexBytes. */
const builtTables = new WeakMap<PopulationIndex, { tables: () => PassTables[]; patients: PatientTable }>();

/** Bytes the finished indexes and Patient rows hold (typed arrays, and 2 per character of their strings): the bench reports it. */
export function populationIndexBytes(index: PopulationIndex): number {
  const built = builtTables.get(index);
  let bytes = built?.patients.bytes() ?? 0;
  for (const t of built?.tables() ?? []) {
    bytes += t.hash.keys.byteLength + t.hash.offsets.byteLength + t.hash.patients.byteLength;
    for (const s of Object.values(t.strings)) bytes += s.starts.byteLength + s.offsets.byteLength + s.patients.byteLength + 2 * s.text.length;
    for (const d of Object.values(t.days)) bytes += d.days.byteLength + d.dayStarts.byteLength + d.byDay.byteLength + d.anyDay.byteLength;
  }
  return bytes;
}

/** `\x` -> `x`, as the search splits a value list (query-params.ts splitValues). */
const unescape = (value: string): string => value.replace(/\\(.)/gs, '$1');

/** Starts building in the background on `threads` worker threads (default 2) and returns at once. */
export function startPopulationIndex(config: PopulationConfig, options: { threads?: number } = {}): PopulationIndex {
  const threads = Math.max(1, Math.floor(options.threads ?? 2));
  const patients = config.patients;
  const state = new Map<IndexPass, PassState>(PASSES.map((name) => [name, { status: { name, ready: false, patientsDone: 0, patients } }]));
  const pool = new IndexPool(config, threads);
  const [people, records] = [state.get('people')!, state.get('records')!];
  // Records jobs are queued once every people job is done, so that the people merge finds a worker at once rather
  // than after a records job (seconds): the demographic searches are ready first.
  const table = new PatientTable(chunkSize('people', patients, threads));
  const peopleChunks = indexChunks(pool, people, 'people', threads, table);
  const built = Promise.all([
    peopleChunks.then((chunks) => mergePass(pool, people, 'people', chunks)),
    // The records pass takes minutes at a million patients: it leaves a core to the server that answers meanwhile.
    peopleChunks
      .then(() => {
        pool.limitTo(threads - 1);
        return indexChunks(pool, records, 'records', threads);
      })
      .then((chunks) => mergePass(pool, records, 'records', chunks)),
  ]).then(() => pool.close());
  built.catch(() => undefined);
  const cache = new Map<string, Int32Array | undefined>();
  let cached = 0;
  const lookup = (tables: PassTables, param: IndexedParam, modifier: string | undefined, value: string): Int32Array | undefined => {
    // The value may still carry the `\` escapes of the query string: answer for both readings.
    const readings = value.includes('\\') ? [value, unescape(value)] : [value];
    const lists = readings.map((v) => candidatesIn(tables, param, modifier, v, patients));
    return lists.every((l) => l !== undefined) ? unionAscending(lists as Int32Array[], patients) : undefined;
  };
  const index: PopulationIndex = {
    candidates(resourceType, code, modifier, value) {
      const param = indexedParams(resourceType).get(code);
      const tables = param && state.get(param.pass)!.tables;
      if (!param || !tables) return undefined;
      const key = `${resourceType}\u0000${code}\u0000${modifier ?? ''}\u0000${value}`;
      if (cache.has(key)) return cache.get(key);
      const found = lookup(tables, param, modifier, value);
      cache.set(key, found);
      cached += found?.length ?? 0;
      for (const [oldest, list] of cache) {
        if (cache.size <= CACHED_QUERIES && cached <= CACHED_PATIENTS) break;
        cache.delete(oldest);
        cached -= list?.length ?? 0;
      }
      return found;
    },
    baseCount: (resourceType) => {
      const counts = state.get('records')!.tables?.counts;
      return counts ? (counts[resourceType] ?? 0) : undefined;
    },
    patient: (patientIndex) => table.get(patientIndex),
    status: () => PASSES.map((pass) => ({ ...state.get(pass)!.status })),
    whenBuilt: () => built,
    close: () => pool.close(),
  };
  builtTables.set(index, { tables: () => PASSES.flatMap((pass) => state.get(pass)!.tables ?? []), patients: table });
  return index;
}
