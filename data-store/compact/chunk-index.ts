import type { Resource } from 'fhir/r4';
import type { PopulationConfig } from '../../population/config.js';
import { generatePatientPeople, patientRecordsInRange } from '../../population/generate-patient.js';
import type { Directory } from '../../population/model.js';
import { baseLastUpdated, baseVersion } from '../base-version.js';
import type { DateRange } from '../search/date-range.js';
import { entriesFor, type StringEntry, type TokenEntry } from '../search/index-values.js';
import { extractorOf, indexedParams, passOf, tokenKeyHash, type IndexPass, type IndexedParam } from './index-plan.js';
import { encodePatientRows, type PatientRows } from './patient-rows.js';
import { patientOfRecordIdentifier } from './record-identifiers.js';

/** Distinct token-key hashes ascending, each with `counts[k]` patients (ascending) in `patients`. */
export interface HashPart {
  keys: Uint32Array;
  counts: Int32Array;
  patients: Int32Array;
}
/**
 * The same keyed by normalised strings: `text` is the sorted distinct strings joined by U+0000 (never in a FHIR
 * string), UTF-8 encoded so that it moves between threads without being copied.
 */
export interface StringPart {
  text: Uint8Array;
  counts: Int32Array;
  patients: Int32Array;
}
/** One day number (days since 1970-01-01) per patient of the chunk, NO_DAY or ANY_DAY. */
export interface DayPart {
  days: Int32Array;
}
/** What one worker found in patients [from, to) for one pass. Tables are keyed `Type.code`. */
export interface ChunkParts {
  pass: IndexPass;
  from: number;
  to: number;
  hash: HashPart;
  strings: Record<string, StringPart>;
  days: Record<string, DayPart>;
  /** Records pass: resources per type in these patients' records. */
  counts: Record<string, number>;
}

/** No value: never a candidate. */
export const NO_DAY = -0x80000000;
/** Not one whole day (or several): always a candidate. */
export const ANY_DAY = 0x7fffffff;
export const DAY_MS = 86_400_000;

const encoder = new TextEncoder();

/** Keys to ascending, duplicate-free patient lists; patients must be added in ascending order. */
class Postings<K> {
  readonly lists = new Map<K, number[]>();
  add(key: K, patient: number): void {
    const list = this.lists.get(key);
    if (!list) this.lists.set(key, [patient]);
    else if (list[list.length - 1] !== patient) list.push(patient);
  }
  flatten(keys: K[]): { counts: Int32Array; patients: Int32Array } {
    const counts = new Int32Array(keys.length);
    let total = 0;
    keys.forEach((k, i) => (total += counts[i] = this.lists.get(k)!.length));
    const patients = new Int32Array(total);
    let at = 0;
    for (const k of keys) for (const patient of this.lists.get(k)!) patients[at++] = patient;
    return { counts, patients };
  }
}

/** Accumulates one chunk's keys, strings and days, then hands them out as typed arrays. */
class ChunkAccumulator {
  readonly hash = new Postings<number>();
  readonly strings = new Map<string, Postings<string>>();
  readonly days = new Map<string, Int32Array>();
  readonly counts: Record<string, number> = {};
  constructor(readonly pass: IndexPass, readonly from: number, readonly to: number) {}

  /** Adds the indexed values of one resource of patient `patient` (https://hl7.org/fhir/R4/search.html). */
  addResource(resource: Resource, patient: number): void {
    for (const p of indexedParams(resource.resourceType).values()) {
      if (p.pass !== this.pass) continue;
      const entries = entriesFor(p.kind, extractorOf(p)(resource));
      if (p.kind === 'token') this.addTokens(p, entries as TokenEntry[], patient);
      else if (p.kind === 'string') this.addStrings(p, entries as StringEntry[], patient);
      else this.addDays(p, entries as DateRange[], patient);
    }
  }

  private addTokens(p: IndexedParam, entries: TokenEntry[], patient: number): void {
    for (const e of entries) {
      if (e.code === undefined) continue;
      if (p.code === 'identifier' && patientOfRecordIdentifier(p.resourceType, e.code) === patient) continue;
      this.hash.add(tokenKeyHash(p.resourceType, p.code, e.code), patient);
    }
  }

  private addStrings(p: IndexedParam, entries: StringEntry[], patient: number): void {
    const table = `${p.resourceType}.${p.code}`;
    let postings = this.strings.get(table);
    if (!postings) this.strings.set(table, (postings = new Postings()));
    for (const e of entries) postings.add(e.norm, patient);
  }

  private addDays(p: IndexedParam, entries: DateRange[], patient: number): void {
    const table = `${p.resourceType}.${p.code}`;
    let days = this.days.get(table);
    if (!days) this.days.set(table, (days = new Int32Array(this.to - this.from).fill(NO_DAY)));
    const at = patient - this.from;
    for (const r of entries) {
      const whole = r.hi - r.lo === DAY_MS && r.lo % DAY_MS === 0 && Math.abs(r.lo / DAY_MS) < ANY_DAY;
      const day = whole ? r.lo / DAY_MS : ANY_DAY;
      days[at] = days[at] === NO_DAY || days[at] === day ? day : ANY_DAY;
    }
  }

  parts(): ChunkParts {
    const keys = Uint32Array.from(this.hash.lists.keys()).sort();
    const hash = { keys, ...this.hash.flatten([...keys]) };
    const strings: Record<string, StringPart> = {};
    for (const [table, postings] of this.strings) {
      const sorted = [...postings.lists.keys()].sort();
      strings[table] = { text: encoder.encode(sorted.join('\u0000')), ...postings.flatten(sorted) };
    }
    const days: Record<string, DayPart> = {};
    for (const [table, values] of this.days) days[table] = { days: values };
    return { pass: this.pass, from: this.from, to: this.to, hash, strings, days, counts: this.counts };
  }
}

/** A chunk's index parts and, from the people pass, its Patients as rows (patient-rows.ts). */
export interface ChunkResult {
  parts: ChunkParts;
  patients?: PatientRows;
}

/**
 * Indexes patients [from, to) for one pass: people from generatePatientPeople (Patient and Coverages only, the
 * Patients kept as rows of their stored version '1', so that their text is the served JSON), records from each
 * household's full records (generated once per household within the range), counting every resource.
 */
export function indexChunk(config: PopulationConfig, directory: Directory, pass: IndexPass, from: number, to: number): ChunkResult {
  const acc = new ChunkAccumulator(pass, from, to);
  if (pass === 'people') {
    const rows: string[] = [];
    const lastUpdated = baseLastUpdated(config);
    for (let i = from; i < to; i++) {
      const { patient, coverages } = generatePatientPeople(config, directory, i);
      acc.addResource(patient, i);
      for (const c of coverages) acc.addResource(c, i);
      rows.push(JSON.stringify(baseVersion(patient, lastUpdated)));
    }
    return { parts: acc.parts(), patients: encodePatientRows(rows) };
  }
  for (const record of patientRecordsInRange(config, directory, from, to)) {
    for (const resource of record.resources) {
      acc.counts[resource.resourceType] = (acc.counts[resource.resourceType] ?? 0) + 1;
      if (passOf(resource.resourceType) === 'records') acc.addResource(resource, record.patientIndex);
    }
  }
  return { parts: acc.parts() };
}

/** The transferable buffers of a chunk's parts (moved, not copied, between threads). */
export function chunkBuffers(parts: ChunkParts): ArrayBuffer[] {
  const out: ArrayBuffer[] = [parts.hash.keys.buffer, parts.hash.counts.buffer, parts.hash.patients.buffer] as ArrayBuffer[];
  for (const s of Object.values(parts.strings)) out.push(s.text.buffer as ArrayBuffer, s.counts.buffer as ArrayBuffer, s.patients.buffer as ArrayBuffer);
  for (const d of Object.values(parts.days)) out.push(d.days.buffer as ArrayBuffer);
  return out;
}
