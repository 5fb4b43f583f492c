import type { Resource } from 'fhir/r4';
import type { ResourceTable } from '../resource-table.js';
import type { Extractor } from './compile-expression.js';
import { ForwardStore } from './forward-store.js';
import { byString, sortSteps } from './sort-steps.js';
import { entriesFor, type IndexEntry, type NumberEntry, type ReferenceEntry, type StringEntry, type TokenEntry } from './index-values.js';

/**
 * Slots that may match, as lists: a slot may be in more than one list, or twice in an unordered one; `exact`: every
 * slot listed is current and matches (otherwise the caller re-checks each).
 */
export interface Candidates {
  lists: ArrayLike<number>[];
  /** Every list is in ascending slot order (hash lookups), so the lists can be merged lazily. */
  ascending: boolean;
  exact: boolean;
}

interface Sorted {
  vals: Float64Array;
  slots: Int32Array;
}

interface Snapshot {
  hash?: Map<string, number[]>;
  strings?: { norms: string[]; slots: Int32Array };
  byLo?: Sorted;
  byHi?: Sorted;
}

/** Items an index build handles between checks of the time (a slot read, a key added). */
const STEP_ITEMS = 512;
/** Longest a build runs on the event loop at once before it yields (setImmediate). */
const SLICE_MS = 8;

/**
 * The index of one search parameter over one resource type: a forward array (slot -> entries,
 * always current) plus an inverted snapshot (hash for token/reference/uri, sorted arrays for
 * string prefixes and date/number/quantity ranges). Writes update the forward array and mark the
 * slot dirty; lookups skip dirty slots in the snapshot and re-check them directly. Both are built
 * by a stepped job: `prepare` runs it in slices before a search; a lookup that finds no snapshot
 * finishes it at once. Once too many slots are dirty a new snapshot is built in slices in the
 * background, lookups answering from the old one meanwhile. https://hl7.org/fhir/R4/search.html
 */
export class ParamIndex {
  private readonly forward: ForwardStore;
  private readonly interned = new Map<string, IndexEntry>();
  private snapshot?: Snapshot;
  private dirty = new Set<number>();
  /**
   * Hash indexes only: the dirty slots under each key their current entries give (a slot may stay under a key it
   * no longer has: lookups re-check), so a lookup re-checks the written slots that may match, not every written one.
   */
  private dirtyByKey = new Map<string, number[]>();
  /** Slots [0, filled) of the table have their entries in `forward`; until `filledAll`, the rest are read as the build reaches them. */
  private filled = 0;
  private filledAll = false;
  /** The build under way (forward entries, then a snapshot), if any. */
  private job?: Generator<void, void>;
  /** While a snapshot is being built: the slots written since it started (dirty in the new snapshot). */
  private pending?: Set<number>;

  constructor(
    readonly table: ResourceTable,
    readonly type: string,
    private readonly extractor: Extractor,
    /** Longest a build runs at once before it yields (tests: 0, one step per slice). */
    private readonly sliceMs = SLICE_MS,
  ) {
    this.forward = new ForwardStore(type === 'date', table.slots.length);
  }

  /** Builds what the index lacks in slices of about SLICE_MS, yielding the event loop between them. */
  async prepare(): Promise<void> {
    if (this.snapshot) return;
    this.job ??= this.build();
    const job = this.job;
    while (this.job === job && !runSlice(job, this.sliceMs)) await new Promise((resolve) => setImmediate(resolve));
  }

  /** Index entries of a slot (empty when it has none or is not current). */
  entriesAt(slot: number): IndexEntry[] {
    // Read before its build was done (a scan that needs no snapshot): the build is finished at once.
    if (!this.filledAll) this.snap();
    return this.forward.get(slot);
  }

  /** Index entries of any resource of this type; token and reference entries are shared (interned). */
  entriesOf(resource: Resource): IndexEntry[] {
    return entriesFor(this.type, this.extractor(resource), this.interned);
  }

  /** Re-indexes one slot after a write. */
  update(slot: number): void {
    // A slot the build has not reached yet is read when it is.
    if (!this.filledAll && slot >= this.filled) return;
    const rec = this.table.slots[slot];
    this.forward.set(slot, rec?.current ? this.entriesOf(rec.current) : undefined);
    this.pending?.add(slot);
    if (!this.snapshot) return;
    this.dirty.add(slot);
    this.addDirtyKeys(slot);
    if (!this.job && this.dirty.size > Math.max(2000, this.table.slots.length >> 5)) this.rebuildInBackground();
  }

  /** Builds a new snapshot in slices while lookups answer from the old one (plus the dirty slots). */
  private rebuildInBackground(): void {
    const job = (this.job = this.build());
    const step = (): void => {
      if (this.job !== job) return;
      try {
        if (!runSlice(job, this.sliceMs)) setImmediate(step);
      } catch {
        // Never left half-built: the next lookup builds it whole.
        this.job = this.pending = this.snapshot = undefined;
        this.dirty = new Set();
        this.dirtyByKey = new Map();
      }
    };
    setImmediate(step);
  }

  /** The build: forward entries of the slots not yet read, then a snapshot; each step about STEP_ITEMS items. */
  private *build(): Generator<void, void> {
    try {
      for (let n = 1; !this.filledAll && this.filled < this.table.slots.length; n++) {
        // Counted as read before it pauses: a write to it while paused re-indexes it (update).
        const rec = this.table.slots[this.filled++];
        if (rec.current) this.forward.set(rec.slot, this.entriesOf(rec.current));
        if (n % STEP_ITEMS === 0) yield;
      }
      // From here on every write re-indexes its slot (update).
      this.filledAll = true;
      this.pending = new Set();
      const snapshot = yield* this.buildSnapshot();
      // Slots written while it was built may be in it as they were before: they stay dirty.
      this.snapshot = snapshot;
      this.dirty = this.pending;
      this.pending = undefined;
      this.dirtyByKey = new Map();
      for (const slot of this.dirty) this.addDirtyKeys(slot);
    } finally {
      this.job = undefined;
    }
  }

  /**
   * Slots whose entries produce any of these hash keys (token, reference, uri): the snapshot's lists as they are
   * (ascending) plus the slots written since it was built, so inexact while there are any.
   */
  byKeys(keys: string[]): Candidates {
    const hash = this.snap().hash!;
    const lists: ArrayLike<number>[] = keys.map((k) => hash.get(k)).filter((l): l is number[] => !!l);
    const written = keys.flatMap((k) => this.dirtyByKey.get(k) ?? []);
    if (written.length) lists.push(Int32Array.from(new Set(written)).sort());
    return { lists, ascending: true, exact: this.dirty.size === 0 };
  }

  /** Files a dirty slot under the hash keys of its current entries (see dirtyByKey). */
  private addDirtyKeys(slot: number): void {
    const keysOf = hashKeysOf(this.type);
    if (!keysOf) return;
    for (const e of this.forward.get(slot)) {
      for (const k of keysOf(e)) {
        let l = this.dirtyByKey.get(k);
        if (!l) this.dirtyByKey.set(k, (l = []));
        if (l[l.length - 1] !== slot) l.push(slot);
      }
    }
  }

  /** Estimated size of byKeys without materialising it. */
  estimateKeys(keys: string[]): number {
    const hash = this.snap().hash!;
    let n = 0;
    for (const k of keys) n += (hash.get(k)?.length ?? 0) + (this.dirtyByKey.get(k)?.length ?? 0);
    return n;
  }

  /** Slots having a normalised string starting with `prefix` (string search default). */
  byPrefix(prefix: string, check: (slot: number) => boolean): Candidates {
    const { norms, slots } = this.snap().strings!;
    const out: number[] = [];
    for (let i = lowerBoundStr(norms, prefix); i < norms.length && norms[i].startsWith(prefix); i++) {
      if (!this.dirty.has(slots[i])) out.push(slots[i]);
    }
    return { lists: [this.withDirty(out, check)], ascending: false, exact: true };
  }

  estimatePrefix(prefix: string): number {
    const { norms } = this.snap().strings!;
    if (prefix === '') return norms.length + this.dirty.size;
    const i = lowerBoundStr(norms, prefix);
    const next = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
    return lowerBoundStr(norms, next) - i + this.dirty.size;
  }

  /**
   * Slots with a value in a numeric interval of the sorted `lo` (dates: range start; numbers: value)
   * or `hi` (dates: range end) array. Bounds are [from, to) with flags for inclusivity.
   */
  byInterval(which: 'lo' | 'hi', from: number, fromInclusive: boolean, to: number, toInclusive: boolean, check: (slot: number) => boolean, exact: boolean): Candidates {
    const sorted = which === 'lo' ? this.snap().byLo! : this.snap().byHi!;
    const [a, b] = this.interval(sorted, from, fromInclusive, to, toInclusive);
    if (this.dirty.size === 0) return { lists: [sorted.slots.subarray(a, b)], ascending: false, exact };
    const out: number[] = [];
    for (let i = a; i < b; i++) {
      const s = sorted.slots[i];
      if (!this.dirty.has(s)) out.push(s);
    }
    return { lists: [this.withDirty(out, check)], ascending: false, exact };
  }

  estimateInterval(which: 'lo' | 'hi', from: number, fromInclusive: boolean, to: number, toInclusive: boolean): number {
    const sorted = which === 'lo' ? this.snap().byLo! : this.snap().byHi!;
    const [a, b] = this.interval(sorted, from, fromInclusive, to, toInclusive);
    return b - a + this.dirty.size;
  }

  private interval(sorted: Sorted, from: number, fromInclusive: boolean, to: number, toInclusive: boolean): [number, number] {
    const a = bound(sorted.vals, from, !fromInclusive);
    const b = bound(sorted.vals, to, toInclusive);
    return [a, Math.max(a, b)];
  }

  private withDirty(slots: number[], check: (slot: number) => boolean): number[] {
    if (this.dirty.size === 0) return slots;
    const out = slots;
    for (const s of this.dirty) if (this.table.slots[s]?.current && check(s)) out.push(s);
    return out;
  }

  private snap(): Snapshot {
    if (!this.snapshot) {
      this.job ??= this.build();
      const job = this.job;
      while (!job.next().done);
    }
    return this.snapshot!;
  }

  /** Visits every forward entry with its slot, STEP_ITEMS slots per step. */
  private *eachEntryInSteps(visit: (e: IndexEntry, slot: number) => void): Generator<void, void> {
    for (let from = 0; from < this.forward.length; from += STEP_ITEMS) {
      this.forward.forEach(visit, from, from + STEP_ITEMS);
      yield;
    }
  }

  private *buildSnapshot(): Generator<void, Snapshot> {
    switch (this.type) {
      case 'token':
      case 'reference':
      case 'uri': {
        const hash = new Map<string, number[]>();
        const keysOf = this.type === 'token' ? cachedTokenKeys() : hashKeysOf(this.type)!;
        yield* this.eachEntryInSteps((e, slot) => {
          for (const k of keysOf(e)) {
            let l = hash.get(k);
            if (!l) hash.set(k, (l = []));
            if (l[l.length - 1] !== slot) l.push(slot);
          }
        });
        return { hash };
      }
      case 'string': {
        const norms: string[] = [];
        const slots: number[] = [];
        yield* this.eachEntryInSteps((e, slot) => {
          norms.push((e as StringEntry).norm);
          slots.push(slot);
        });
        const order = yield* sortSteps(norms.length, byString(norms));
        return { strings: { norms: Array.from(order, (i) => norms[i]), slots: Int32Array.from(order, (i) => slots[i]) } };
      }
      case 'date': {
        const lo: number[] = [];
        const hi: number[] = [];
        const slots: number[] = [];
        for (let from = 0; from < this.forward.length; from += STEP_ITEMS) {
          this.forward.forEachRange((l, h, s) => {
            lo.push(l);
            hi.push(h);
            slots.push(s);
          }, from, from + STEP_ITEMS);
          yield;
        }
        const slotArray = Int32Array.from(slots);
        return { byLo: yield* sortedSteps(Float64Array.from(lo), slotArray), byHi: yield* sortedSteps(Float64Array.from(hi), slotArray) };
      }
      case 'number':
      case 'quantity': {
        const vals: number[] = [];
        const slots: number[] = [];
        yield* this.eachEntryInSteps((e, slot) => {
          vals.push((e as NumberEntry).value);
          slots.push(slot);
        });
        return { byLo: yield* sortedSteps(Float64Array.from(vals), Int32Array.from(slots)) };
      }
      default:
        return {};
    }
  }
}

/** Runs a build for about `sliceMs` (at least one step); true once it is done. */
function runSlice(job: Generator<void, void>, sliceMs: number): boolean {
  const deadline = performance.now() + sliceMs;
  for (;;) {
    if (job.next().done) return true;
    if (performance.now() >= deadline) return false;
  }
}

/**
 * Values sorted ascending with their slots (ties in slot order), in steps: the values by the native sort at once
 * (tens of ms for hundreds of thousands), then each slot placed by binary search, STEP_ITEMS at a time.
 */
function* sortedSteps(vals: Float64Array, slotsRaw: Int32Array): Generator<void, Sorted> {
  const n = vals.length;
  const sv = vals.slice().sort();
  yield;
  const ss = new Int32Array(n);
  const used = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    const lb = bound(sv, vals[j]);
    ss[lb + used[lb]++] = slotsRaw[j];
    if ((j + 1) % STEP_ITEMS === 0) yield;
  }
  return { vals: sv, slots: ss };
}

/** The hash keys of an entry of a token, reference or uri index; undefined for the other types. */
function hashKeysOf(type: string): ((e: IndexEntry) => string[]) | undefined {
  if (type === 'token') return tokenKeys;
  if (type === 'reference') return referenceKeys;
  return type === 'uri' ? (e) => [e as string] : undefined;
}

/** tokenKeys with the key strings shared across entries of the same system and code. */
function cachedTokenKeys(): (e: IndexEntry) => string[] {
  const bySystem = new Map<string | undefined, Map<string | undefined, string[]>>();
  return (e) => {
    const t = e as TokenEntry;
    let byCode = bySystem.get(t.system);
    if (!byCode) bySystem.set(t.system, (byCode = new Map()));
    let keys = byCode.get(t.code);
    if (!keys) byCode.set(t.code, (keys = tokenKeys(t)));
    return keys;
  };
}

/**
 * Hash key of a token, the one format the index is built with and queries look up: a code in any system
 * (no system given), system|code (`|code`: explicitly no system), or any code in a system (no code given).
 */
export function tokenKey(t: { system?: string; code?: string }): string {
  if (t.system === undefined) return `\u0001${t.code ?? ''}`;
  if (t.code === undefined) return `${t.system}|\u0002`;
  return `${t.system}|${t.code}`;
}

/** Hash key of a logical reference's identifier (`:identifier`); no system means any system. */
export function identifierKey(system: string | undefined, value: string): string {
  return system === undefined ? `\u0001\u0001|${value}` : `\u0001${system}|${value}`;
}

/** Hash key of a reference's literal text when it differs from the local `Type/id` (absolute URLs, urns). */
export function rawReferenceKey(raw: string): string {
  return `\u0002${raw}`;
}

/** Hash keys of a token entry: any-system code, system|code, |code (no system), system|. */
export function tokenKeys(e: IndexEntry): string[] {
  const t = e as TokenEntry;
  const keys: string[] = [];
  if (t.code !== undefined) {
    keys.push(tokenKey({ code: t.code }));
    keys.push(tokenKey({ system: t.system ?? '', code: t.code }));
  }
  if (t.system !== undefined) keys.push(tokenKey({ system: t.system }));
  return keys;
}

/** Hash keys of a reference entry: local `Type/id` as is, the raw string when different, logical identifier. */
export function referenceKeys(e: IndexEntry): string[] {
  const r = e as ReferenceEntry;
  const keys: string[] = [];
  if (r.local) keys.push(r.local);
  if (r.raw && r.raw !== r.local) keys.push(rawReferenceKey(r.raw));
  if (r.identifier?.value !== undefined) keys.push(identifierKey(r.identifier.system ?? '', r.identifier.value), identifierKey(undefined, r.identifier.value));
  return keys;
}

/** First index whose value is >= x (or > x when `after`), by binary search over a sorted array. */
function bound(a: Float64Array, x: number, after = false): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (a[m] < x || (after && a[m] === x)) lo = m + 1;
    else hi = m;
  }
  return lo;
}

function lowerBoundStr(a: string[], x: string): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (a[m] < x) lo = m + 1;
    else hi = m;
  }
  return lo;
}
