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
 * Where each of the ascending `items` sits in `all`, an ascending superset of them: galloping from the previous one,
 * since consecutive items of one chunk sit close together in the merged strings (and the search stays in cache).
 */
function stringPositions(all: string[], items: string[]): Int32Array {
  const out = new Int32Array(items.length);
  const last = all.length - 1;
  for (let j = 0, base = 0; j < items.length; j++) {
    const x = items[j];
    let lo = base;
    let hi = base;
    for (let step = 1; all[hi] < x; step *= 2) {
      lo = hi + 1;
      hi = Math.min(last, hi + step);
    }
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (all[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    out[j] = base = lo;
  }
  return out;
}

/**
 * Concatenates the postings of chunks (ascending, disjoint patient ranges) key by key: `positions[p][j]` is the final
 * position of part p's j-th key. Every key's patients stay ascending because the chunks are in order. Plain loops:
 * millions of keys at a million patients (one per identifier), so no view or closure per key.
 */
function concatPostings(parts: Array<{ counts: Int32Array; patients: Int32Array }>, distinct: number, positions: Int32Array[]): { offsets: Int32Array; patients: Int32Array } {
  const offsets = new Int32Array(distinct + 1);
  parts.forEach(({ counts }, p) => {
    for (let j = 0; j < counts.length; j++) offsets[positions[p][j] + 1] += counts[j];
  });
  for (let k = 0; k < distinct; k++) offsets[k + 1] += offsets[k];
  const cursor = offsets.slice(0, distinct);
  const patients = new Int32Array(offsets[distinct]);
  parts.forEach(({ counts, patients: source }, p) => {
    const at = positions[p];
    for (let j = 0, from = 0; j < counts.length; j++) {
      let to = cursor[at[j]];
      for (const end = from + counts[j]; from < end; ) patients[to++] = source[from++];
      cursor[at[j]] = to;
    }
  });
  return { offsets, patients };
}

/**
 * The distinct keys of all parts, ascending, and where each part's keys sit among them: every (key, part entry) is
 * sorted by key with a two-pass LSD radix sort on 16-bit digits (linear, no comparisons; millions of identifier keys
 * at a million patients), then equal keys share one position.
 */
function mergeKeys(parts: HashPart[]): { keys: Uint32Array; positions: Int32Array[] } {
  const total = parts.reduce((n, p) => n + p.keys.length, 0);
  let keys = new Uint32Array(total);
  let refs = new Int32Array(total);
  const firsts = new Int32Array(parts.length);
  for (let p = 0, at = 0; p < parts.length; at += parts[p++].keys.length) {
    firsts[p] = at;
    keys.set(parts[p].keys, at);
    for (let j = 0; j < parts[p].keys.length; j++) refs[at + j] = at + j;
  }
  let keysOut = new Uint32Array(total);
  let refsOut = new Int32Array(total);
  for (const shift of [0, 16]) {
    const starts = new Int32Array(65_537);
    for (let i = 0; i < total; i++) starts[((keys[i] >>> shift) & 0xffff) + 1]++;
    for (let d = 0; d < 65_536; d++) starts[d + 1] += starts[d];
    for (let i = 0; i < total; i++) {
      const to = starts[(keys[i] >>> shift) & 0xffff]++;
      keysOut[to] = keys[i];
      refsOut[to] = refs[i];
    }
    [keys, keysOut, refs, refsOut] = [keysOut, keys, refsOut, refs];
  }
  const position = new Int32Array(total);
  let distinct = 0;
  for (let i = 0; i < total; i++) {
    if (i > 0 && keys[i] !== keys[i - 1]) distinct++;
    keysOut[distinct] = keys[i];
    position[refs[i]] = distinct;
  }
  return { keys: keysOut.slice(0, total === 0 ? 0 : distinct + 1), positions: parts.map((p, n) => position.subarray(firsts[n], firsts[n] + p.keys.length)) };
}

function mergeHash(parts: HashPart[]): HashTable {
  const { keys, positions } = mergeKeys(parts);
  return { keys, ...concatPostings(parts, keys.length, positions) };
}

function mergeStrings(parts: StringPart[]): StringTable {
  const decoder = new TextDecoder();
  const lists = parts.map((p) => (p.counts.length === 0 ? [] : decoder.decode(p.text).split('\u0000')));
  const strings = [...new Set(lists.flat())].sort();
  const starts = new Int32Array(strings.length + 1);
  strings.forEach((s, k) => (starts[k + 1] = starts[k] + s.length + 1));
  return { text: strings.join('\u0000'), starts, ...concatPostings(parts, strings.length, lists.map((l) => stringPositions(strings, l))) };
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
