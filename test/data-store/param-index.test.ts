import type { Observation } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { ResourceTable } from '../../data-store/resource-table.js';
import { compileExpression } from '../../data-store/search/compile-expression.js';
import type { DateRange } from '../../data-store/search/date-range.js';
import { ParamIndex, tokenKey } from '../../data-store/search/param-index.js';
import { byString, sortSteps } from '../../data-store/search/sort-steps.js';

const SIZE = 3000;
const day = 86_400_000;
const base = Date.UTC(2020, 0, 1);
function observation(id: string, n: number): Observation {
  return { resourceType: 'Observation', id, status: 'final', code: { coding: [{ system: 'urn:c', code: `c${n % 7}` }] }, effectiveDateTime: new Date(base + (n % 400) * day).toISOString().slice(0, 10) };
}

/** Every slot a lookup's candidate lists hold that its check keeps (the caller's re-check when inexact). */
function found(c: { lists: ArrayLike<number>[] }, check: (s: number) => boolean): number[] {
  const out = new Set<number>();
  for (const l of c.lists) for (let i = 0; i < l.length; i++) if (check(l[i])) out.add(l[i]);
  return [...out].sort((a, b) => a - b);
}

describe('ParamIndex built and rebuilt in slices', () => {
  it('answers as a scan of the table would while writes land during its first build and its rebuilds', async () => {
    const table = new ResourceTable('Observation');
    const write = (n: number) => {
      const id = `o${n % SIZE}`;
      table.setCurrent(table.ensure(id), observation(id, n));
    };
    for (let n = 0; n < SIZE; n++) write(n);
    // sliceMs 0: one step (a few hundred items) per slice, so writes land between the steps of every build.
    const dates = new ParamIndex(table, 'date', compileExpression('Observation.effective').extract, 0);
    const codes = new ParamIndex(table, 'token', compileExpression('Observation.code').extract, 0);
    let n = SIZE;
    const writeSome = (k: number) => {
      for (let i = 0; i < k; i++, n += 7919) {
        write(n);
        const slot = table.byId.get(`o${n % SIZE}`)!.slot;
        dates.update(slot);
        codes.update(slot);
      }
    };
    const from = base + 100 * day;
    const to = base + 200 * day;
    const inRange = (s: number) => dates.entriesAt(s).some((e) => (e as DateRange).lo >= from && (e as DateRange).lo < to);
    const isC3 = (s: number) => codes.entriesAt(s).some((e) => (e as { code?: string }).code === 'c3');
    const expectExact = () => {
      const scan = (test: (r: Observation) => boolean) => table.slots.filter((r) => r.current && test(r.current as Observation)).map((r) => r.slot);
      const date = (r: Observation) => Date.parse(r.effectiveDateTime!) >= from && Date.parse(r.effectiveDateTime!) < to;
      expect(found(dates.byInterval('lo', from, true, to, false, inRange, true), inRange)).toEqual(scan(date));
      expect(found(codes.byKeys([tokenKey({ code: 'c3' })]), isC3)).toEqual(scan((r) => r.code.coding![0].code === 'c3'));
    };
    const firstBuilds = Promise.all([dates.prepare(), codes.prepare()]);
    for (let i = 0; i < 40; i++) {
      writeSome(20);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await firstBuilds;
    expectExact();
    // Past 2,000 dirty slots a rebuild starts in the background; lookups meanwhile answer from the old snapshot.
    for (let i = 0; i < 80; i++) {
      writeSome(i === 0 ? 2100 : 30);
      expectExact();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expectExact();
  });

  it('a lookup after writes lists the written slots under the keys they now have, not every written slot', async () => {
    const table = new ResourceTable('Observation');
    for (let n = 0; n < SIZE; n++) table.setCurrent(table.ensure(`o${n}`), observation(`o${n}`, n));
    const codes = new ParamIndex(table, 'token', compileExpression('Observation.code').extract);
    await codes.prepare();
    const listed = (code: string) => codes.byKeys([tokenKey({ code })]).lists.reduce((n, l) => n + l.length, 0);
    const c1 = listed('c1');
    // 500 observations recoded to c8 (a code no snapshot entry has): dirty, below the rebuild threshold.
    for (let n = 0; n < 500; n++) {
      const rec = table.byId.get(`o${n * 5}`)!;
      const recoded: Observation = { ...observation(rec.id, n * 5), code: { coding: [{ system: 'urn:c', code: 'c8' }] } };
      table.setCurrent(rec, recoded);
      codes.update(rec.slot);
    }
    expect(listed('c8')).toBe(500);
    // c1's snapshot list still names the recoded ones it had (the caller re-checks), and no other written slot.
    expect(listed('c1')).toBe(c1);
    expect(codes.byKeys([tokenKey({ code: 'c1' })]).exact).toBe(false);
  });

  it('sortSteps orders as one stable sort does', () => {
    const nums = Float64Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 613);
    const strs = Array.from(nums, (v) => `s${v}`);
    const drain = <T>(g: Generator<void, T>): T => {
      for (;;) {
        const r = g.next();
        if (r.done) return r.value;
      }
    };
    const stable = (cmp: (a: number, b: number) => number) => Array.from({ length: nums.length }, (_, i) => i).sort(cmp);
    expect(Array.from(drain(sortSteps(nums.length, (a, b) => nums[a] - nums[b])))).toEqual(stable((a, b) => nums[a] - nums[b]));
    expect(Array.from(drain(sortSteps(strs.length, byString(strs))))).toEqual(stable(byString(strs)));
  });
});
