import { NO_DAY, ANY_DAY, type ChunkParts, type HashPart, type StringPart } from './chunk-index.js';

/** Sorted distinct key hashes; the patients of key k are patients[offsets[k] .. offsets[k + 1]), ascending. */
export interface HashTable {
  keys: Uint32Array;
  offsets: Int32Array;
  patients: Int32Array;
}
/**
 * Sorted distinct normalised strings (code-unit order, so a prefix is one run) with their patients. The strings are
 * kept as one text joined by U+0000, string k at text[starts[k] .. starts[k + 1] - 1): one string to move between
 * threads and to keep, not one object per distinct name.
 */
export interface StringTable {
  text: string;
  starts: Int32Array;
  offsets: Int32Array;
  patients: Int32Array;
}

/** The k-th string of a table. */
export function stringAt(table: StringTable, k: number): string {
  return table.text.slice(table.starts[k], table.starts[k + 1] - 1);
}
/**
 * One day number per patient (NO_DAY: none; ANY_DAY: not one whole day, always a candidate), and the same patients
 * sorted by (day, index): those of day d are byDay[dayStarts[d - minDay] .. dayStarts[d - minDay + 1]).
 */
export interface DayTable {
  days: Int32Array;
  minDay: number;
  dayStarts: Int32Array;
  byDay: Int32Array;
  anyDay: Int32Array;
}
/** One pass's finished indexes. Tables are keyed `Type.code`. */
export interface PassTables {
  hash: HashTable;
  strings: Record<string, StringTable>;
  days: Record<string, DayTable>;
  counts: Record<string, number>;
}

/** Index of `key` in the ascending `keys`, or -1. */
export function findKey(keys: Uint32Array, key: number): number {
  let lo = 0;
  let hi = keys.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const k = keys[mid];
    if (k === key) return mid;
    if (k < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * Concatenates the postings of chunks (ascending, disjoint patient ranges) key by key: `positionOf(part, j)` is the
 * final position of the part's j-th key. Every key's patients stay ascending because the chunks are in order.
 */
function concatPostings(parts: Array<{ counts: Int32Array; patients: Int32Array }>, distinct: number, positionOf: (part: number, j: number) => number): { offsets: Int32Array; patients: Int32Array } {
  const offsets = new Int32Array(distinct + 1);
  const positions = parts.map((part, p) => Int32Array.from(part.counts, (_, j) => positionOf(p, j)));
  parts.forEach((part, p) => part.counts.forEach((n, j) => (offsets[positions[p][j] + 1] += n)));
  for (let k = 0; k < distinct; k++) offsets[k + 1] += offsets[k];
  const cursor = offsets.slice(0, distinct);
  const patients = new Int32Array(offsets[distinct]);
  parts.forEach((part, p) => {
    let at = 0;
    part.counts.forEach((n, j) => {
      const k = positions[p][j];
      patients.set(part.patients.subarray(at, at + n), cursor[k]);
      cursor[k] += n;
      at += n;
    });
  });
  return { offsets, patients };
}

function mergeHash(parts: HashPart[]): HashTable {
  const all = new Uint32Array(parts.reduce((n, p) => n + p.keys.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p.keys, at);
    at += p.keys.length;
  }
  all.sort();
  let distinct = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[distinct++] = all[i];
  const keys = all.slice(0, distinct);
  return { keys, ...concatPostings(parts, distinct, (p, j) => findKey(keys, parts[p].keys[j])) };
}

function mergeStrings(parts: StringPart[]): StringTable {
  const decoder = new TextDecoder();
  const lists = parts.map((p) => (p.counts.length === 0 ? [] : decoder.decode(p.text).split('\u0000')));
  const strings = [...new Set(lists.flat())].sort();
  const position = new Map(strings.map((s, i) => [s, i]));
  const starts = new Int32Array(strings.length + 1);
  strings.forEach((s, k) => (starts[k + 1] = starts[k] + s.length + 1));
  return { text: strings.join('\u0000'), starts, ...concatPostings(parts, strings.length, (p, j) => position.get(lists[p][j])!) };
}

function mergeDays(parts: Array<{ from: number; days: Int32Array }>, patients: number): DayTable {
  const days = new Int32Array(patients).fill(NO_DAY);
  for (const p of parts) days.set(p.days, p.from);
  let minDay = Infinity;
  let maxDay = -Infinity;
  const anyDay: number[] = [];
  for (let i = 0; i < patients; i++) {
    const d = days[i];
    if (d === ANY_DAY) anyDay.push(i);
    else if (d !== NO_DAY) {
      if (d < minDay) minDay = d;
      if (d > maxDay) maxDay = d;
    }
  }
  if (minDay > maxDay) minDay = maxDay = 0;
  const dayStarts = new Int32Array(maxDay - minDay + 2);
  for (const d of days) if (d !== NO_DAY && d !== ANY_DAY) dayStarts[d - minDay + 1]++;
  for (let k = 1; k < dayStarts.length; k++) dayStarts[k] += dayStarts[k - 1];
  const cursor = dayStarts.slice();
  const byDay = new Int32Array(dayStarts[dayStarts.length - 1]);
  for (let i = 0; i < patients; i++) {
    const d = days[i];
    if (d !== NO_DAY && d !== ANY_DAY) byDay[cursor[d - minDay]++] = i;
  }
  return { days, minDay, dayStarts, byDay, anyDay: Int32Array.from(anyDay) };
}

/** Merges one pass's chunks (any order, disjoint ranges covering [0, patients)) into its final tables. */
export function mergeChunks(chunks: ChunkParts[], patients: number): PassTables {
  const ordered = [...chunks].sort((a, b) => a.from - b.from);
  const strings: Record<string, StringTable> = {};
  const days: Record<string, DayTable> = {};
  const counts: Record<string, number> = {};
  const names = (pick: (c: ChunkParts) => object): Set<string> => new Set(ordered.flatMap((c) => Object.keys(pick(c))));
  for (const table of names((c) => c.strings)) {
    strings[table] = mergeStrings(ordered.map((c) => c.strings[table] ?? { text: new Uint8Array(0), counts: new Int32Array(0), patients: new Int32Array(0) }));
  }
  for (const table of names((c) => c.days)) {
    days[table] = mergeDays(ordered.flatMap((c) => (c.days[table] ? [{ from: c.from, days: c.days[table].days }] : [])), patients);
  }
  for (const c of ordered) for (const [type, n] of Object.entries(c.counts)) counts[type] = (counts[type] ?? 0) + n;
  return { hash: mergeHash(ordered.map((c) => c.hash)), strings, days, counts };
}

/** The transferable buffers of a pass's tables. */
export function tableBuffers(tables: PassTables): ArrayBuffer[] {
  const out: ArrayBufferLike[] = [tables.hash.keys.buffer, tables.hash.offsets.buffer, tables.hash.patients.buffer];
  for (const s of Object.values(tables.strings)) out.push(s.starts.buffer, s.offsets.buffer, s.patients.buffer);
  for (const d of Object.values(tables.days)) out.push(d.days.buffer, d.dayStarts.buffer, d.byDay.buffer, d.anyDay.buffer);
  return out as ArrayBuffer[];
}
