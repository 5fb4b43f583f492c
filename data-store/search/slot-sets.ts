import type { ResourceTable } from '../resource-table.js';
import type { Candidates } from './param-index.js';

/** One match: a slot of a table. */
export interface Hit {
  table: ResourceTable;
  slot: number;
}

/** Ascending unique slots of candidates, each re-checked by `keep` unless the candidates are exact. */
export function uniqueSlots(c: Candidates, keep: (slot: number) => boolean): Int32Array {
  let len = 0;
  for (const l of c.lists) len += l.length;
  const all = new Int32Array(len);
  let at = 0;
  for (const l of c.lists) {
    all.set(l, at);
    at += l.length;
  }
  all.sort();
  let j = 0;
  for (let i = 0; i < all.length; i++) {
    const s = all[i];
    // all[i - 1] still holds its own value here: compaction only ever writes at j <= i - 1 with all[i - 1]'s value.
    if (i > 0 && all[i - 1] === s) continue;
    if (c.exact || keep(s)) all[j++] = s;
  }
  return all.subarray(0, j);
}

/** Slots in ascending order, one at a time; -1 when there are no more. */
export interface SlotSource {
  next(): number;
}

/** Every slot below `end`. */
export function rangeSource(end: number): SlotSource {
  let s = 0;
  return { next: () => (s < end ? s++ : -1) };
}

/** The slots of an ascending array. */
export function arraySource(slots: ArrayLike<number>): SlotSource {
  let i = 0;
  return { next: () => (i < slots.length ? slots[i++] : -1) };
}

/** The union of ascending lists, each slot once, merged as it is read (nothing is copied). */
export function mergeSource(lists: ArrayLike<number>[]): SlotSource {
  if (lists.length === 1) return arraySource(lists[0]);
  const at = new Int32Array(lists.length);
  let last = -1;
  return {
    next: () => {
      let best = -1;
      for (let k = 0; k < lists.length; k++) {
        const l = lists[k];
        while (at[k] < l.length && l[at[k]] <= last) at[k]++;
        if (at[k] < l.length && (best < 0 || l[at[k]] < best)) best = l[at[k]];
      }
      if (best >= 0) last = best;
      return best;
    },
  };
}

/** The union of a source and an ascending list, each slot once. */
export function unionSource(source: SlotSource, list: ArrayLike<number>): SlotSource {
  let a = source.next();
  let i = 0;
  return {
    next: () => {
      const b = i < list.length ? list[i] : -1;
      if (a < 0 && b < 0) return -1;
      if (b < 0 || (a >= 0 && a < b)) {
        const s = a;
        a = source.next();
        return s;
      }
      i++;
      if (a === b) a = source.next();
      return b;
    },
  };
}
