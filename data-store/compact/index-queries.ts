import { parseDateRange } from '../search/date-range.js';
import { normalizeString } from '../search/index-values.js';
import { compareDate, parseToken } from '../search/value-matchers.js';
import { DAY_MS } from './chunk-index.js';
import { tokenKeyHash, type IndexedParam } from './index-plan.js';
import { findKey, stringAt, type DayTable, type HashTable, type PassTables, type StringTable } from './posting-merge.js';
import { patientOfRecordIdentifier } from './record-identifiers.js';

const EMPTY = new Int32Array(0);

/**
 * The ascending union of ascending, duplicate-free lists: one list is returned as is; a few small ones are
 * concatenated and sorted; large ones are marked in a bitmap over the population and read back in order.
 */
export function unionAscending(lists: Int32Array[], patients: number): Int32Array {
  const nonEmpty = lists.filter((l) => l.length > 0);
  if (nonEmpty.length === 0) return EMPTY;
  if (nonEmpty.length === 1) return nonEmpty[0];
  const total = nonEmpty.reduce((n, l) => n + l.length, 0);
  if (total * 16 < patients) {
    const all = new Int32Array(total);
    let at = 0;
    for (const l of nonEmpty) {
      all.set(l, at);
      at += l.length;
    }
    all.sort();
    let n = 0;
    for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[n++] = all[i];
    return all.subarray(0, n);
  }
  const marks = new Uint8Array(patients);
  let n = 0;
  for (const l of nonEmpty) {
    for (let i = 0; i < l.length; i++) {
      if (marks[l[i]] === 0) n++;
      marks[l[i]] = 1;
    }
  }
  const out = new Int32Array(n);
  for (let i = 0, at = 0; at < n; i++) if (marks[i]) out[at++] = i;
  return out;
}

function hashPostings(table: HashTable, key: number): Int32Array {
  const k = findKey(table.keys, key);
  return k < 0 ? EMPTY : table.patients.subarray(table.offsets[k], table.offsets[k + 1]);
}

/**
 * Token search (https://hl7.org/fhir/R4/search.html#token): `code`, `system|code` and `|code` all look up the code
 * alone (a superset); `system|` and modifiers other than :of-type cannot be narrowed. Claim and EOB identifiers that
 * name their patient are read back by arithmetic (record-identifiers.ts), the others are hashed.
 */
function tokenCandidates(tables: PassTables, p: IndexedParam, modifier: string | undefined, value: string, patients: number): Int32Array | undefined {
  let code: string | undefined;
  if (modifier === undefined) code = parseToken(value).code;
  else if (modifier === 'of-type' && p.code === 'identifier') code = value.split('|').length === 3 ? value.split('|')[2] : undefined;
  if (code === undefined) return undefined;
  const lists = [hashPostings(tables.hash, tokenKeyHash(p.resourceType, p.code, code))];
  const named = p.code === 'identifier' ? patientOfRecordIdentifier(p.resourceType, code) : undefined;
  if (named !== undefined && named < patients) lists.push(Int32Array.of(named));
  return unionAscending(lists, patients);
}

/** First index of the table's sorted strings not below `q`. */
function lowerBound(table: StringTable, q: string): number {
  let lo = 0;
  let hi = table.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (stringAt(table, mid) < q) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the string holding text position `at`. */
function stringOfPosition(table: StringTable, at: number): number {
  let lo = 0;
  let hi = table.starts.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (table.starts[mid] <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * String search (https://hl7.org/fhir/R4/search.html#string): case- and accent-insensitive starts-with over the
 * normalised values, as the engine compares; :exact is answered by the same prefix (a superset), :contains by
 * scanning the distinct values.
 */
function stringCandidates(table: StringTable, modifier: string | undefined, value: string, patients: number): Int32Array | undefined {
  const q = normalizeString(value);
  const lists: Int32Array[] = [];
  const postings = (k: number): Int32Array => table.patients.subarray(table.offsets[k], table.offsets[k + 1]);
  const count = table.starts.length - 1;
  if (modifier === undefined || modifier === 'exact') {
    for (let k = lowerBound(table, q); k < count && table.text.startsWith(q, table.starts[k]) && table.starts[k] + q.length < table.starts[k + 1]; k++) lists.push(postings(k));
  } else if (modifier === 'contains' && q === '') {
    for (let k = 0; k < count; k++) lists.push(postings(k));
  } else if (modifier === 'contains') {
    // Each occurrence of q within one string (not across the U+0000 between two) marks that string, once.
    for (let at = table.text.indexOf(q), last = -1; at >= 0 && count > 0; at = table.text.indexOf(q, at + 1)) {
      const k = stringOfPosition(table, at);
      if (k !== last && at + q.length < table.starts[k + 1]) lists.push(postings((last = k)));
    }
  } else return undefined;
  return unionAscending(lists, patients);
}

/**
 * Date search (https://hl7.org/fhir/R4/search.html#date) on one whole day per patient: the days of the population
 * that pass the engine's own comparison, and their patients; `ap` depends on the engine's clock and is not narrowed.
 * Patients whose value is not one whole day are always candidates. A day's answer depends only on where its bounds
 * lie against the value's, so it can change only at the days around those bounds: each run of days between two of
 * them is decided by testing its first, and a value of one day costs a few tests, not one per day of the table.
 */
function dateCandidates(table: DayTable, modifier: string | undefined, value: string, patients: number): Int32Array | undefined {
  if (modifier !== undefined) return undefined;
  const m = /^([a-z]{2})(.*)$/.exec(value);
  const [op, text] = m ? [m[1], m[2]] : ['eq', value];
  const q = parseDateRange(text);
  if (!q || !['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb'].includes(op)) return undefined;
  const days = table.dayStarts.length - 1;
  const passes = (k: number): boolean => {
    const r = { lo: (table.minDay + k) * DAY_MS, hi: (table.minDay + k + 1) * DAY_MS };
    return op === 'ne' ? !compareDate('eq', r, q, 0) : compareDate(op, r, q, 0);
  };
  const lists: Int32Array[] = [table.anyDay];
  const add = (from: number, to: number): void => {
    for (let k = from; k < to; k++) if (table.dayStarts[k] < table.dayStarts[k + 1]) lists.push(table.byDay.subarray(table.dayStarts[k], table.dayStarts[k + 1]));
  };
  let next = 0;
  for (const edge of [...edgeDays(table.minDay, days, q), days]) {
    if (next < edge && passes(next)) add(next, edge);
    if (edge < days && passes(edge)) add(edge, edge + 1);
    next = edge + 1;
  }
  return unionAscending(lists, patients);
}

/** Table positions (ascending, distinct, in 0..days-1) of the days within two days of either bound of `q`. */
function edgeDays(minDay: number, days: number, q: { lo: number; hi: number }): number[] {
  const edges = new Set<number>();
  for (const bound of [q.lo, q.hi]) {
    const k = Math.floor(bound / DAY_MS) - minDay;
    for (let d = k - 2; d <= k + 2; d++) if (d >= 0 && d < days) edges.add(d);
  }
  return [...edges].sort((a, b) => a - b);
}

/** Candidates for one value of an indexed parameter from its pass's tables (see PopulationIndex.candidates). */
export function candidatesIn(tables: PassTables, p: IndexedParam, modifier: string | undefined, value: string, patients: number): Int32Array | undefined {
  const table = `${p.resourceType}.${p.code}`;
  switch (p.kind) {
    case 'token':
      return tokenCandidates(tables, p, modifier, value, patients);
    case 'string':
      return stringCandidates(tables.strings[table] ?? { text: '', starts: new Int32Array(1), offsets: new Int32Array(1), patients: EMPTY }, modifier, value, patients);
    case 'date':
      return tables.days[table] ? dateCandidates(tables.days[table], modifier, value, patients) : EMPTY;
  }
}
