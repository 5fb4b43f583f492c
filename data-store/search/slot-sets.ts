import type { ResourceTable } from '../resource-table.js';

/** The matches of one resource type: the total, and at least the first offset+count slots. */
export interface Group {
  table: ResourceTable;
  total: number;
  slots: ArrayLike<number>;
}

/** One match: a slot of a table. */
export interface Hit {
  table: ResourceTable;
  slot: number;
}

/** The hits at [offset, offset+count) of groups concatenated in order, without materialising the rest. */
export function pageOf(groups: Group[], offset: number, count: number): Hit[] {
  const out: Hit[] = [];
  let skip = offset;
  for (const g of groups) {
    if (out.length >= count) break;
    if (skip >= g.total) {
      skip -= g.total;
      continue;
    }
    for (let i = skip; i < g.slots.length && out.length < count; i++) out.push({ table: g.table, slot: g.slots[i] });
    skip = 0;
  }
  return out;
}

/** Ascending unique slots and their count: a bitmap pass for big sets, a numeric sort for small ones. */
export function sortedUnique(slots: ArrayLike<number>, n: number, limit = Infinity): { total: number; slots: ArrayLike<number> } {
  const len = slots.length;
  if (len === 0) return { total: 0, slots: [] };
  if (len > n >> 4) {
    const bits = new Uint8Array(n);
    let count = 0;
    for (let i = 0; i < len; i++) {
      const s = slots[i];
      if (!bits[s]) {
        bits[s] = 1;
        count++;
      }
    }
    const out = new Int32Array(Math.min(count, limit));
    let j = 0;
    for (let s = 0; s < n && j < out.length; s++) if (bits[s]) out[j++] = s;
    return { total: count, slots: out };
  }
  const sorted = Int32Array.from(slots).sort();
  let j = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[j++] = sorted[i];
  return { total: j, slots: sorted.subarray(0, Math.min(j, limit)) };
}
