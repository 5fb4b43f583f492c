import { describe, expect, it } from 'vitest';
import { stringifySliced } from '../../data-store/sliced-stringify.js';
import { timeSlicer } from '../../data-store/time-slicer.js';

const same = async (value: unknown) => {
  expect((await stringifySliced(value)).toString('utf8')).toBe(JSON.stringify(value));
  // _pretty: the bytes of JSON.stringify(value, null, indent), indentation of what is encoded whole included.
  for (const indent of [2, 4]) expect((await stringifySliced(value, { indent })).toString('utf8')).toBe(JSON.stringify(value, null, indent));
};

describe('stringifySliced writes the bytes of JSON.stringify', () => {
  it('for small values and scalars', async () => {
    for (const v of [{}, [], 'a"b\\c\u2028\ud800é', 0, -0, 1e21, NaN, null, true, { a: 1, b: [1, 'x', null] }]) await same(v);
    // Large enough to be opened, yet empty once what JSON leaves out is left out: `{}` with no line break.
    await same({ nested: [Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, undefined])), []] });
  });

  it('for containers it writes member by member, with the values JSON.stringify leaves out or turns into null', async () => {
    const big = Array.from({ length: 6_000 }, (_, i) => ({
      i,
      s: `é${'x'.repeat(i % 300)}"\n`,
      gone: undefined,
      f: () => i,
      list: [undefined, () => 1, Symbol('s'), Infinity, { toJSON: () => `t${i}` }],
      when: new Date(i),
    }));
    const value = { resourceType: 'Bundle', entry: big, long: 'y'.repeat(1_500_000), nested: { deeper: { deepest: big.slice(0, 2000) } }, holes: new Array(3) };
    await same(value);
    await same(big);
  });

  it('lets other callbacks run while it encodes a large value', async () => {
    const value = Array.from({ length: 60_000 }, (_, i) => ({ id: `r${i}`, text: 'z'.repeat(50), coding: [{ system: 's', code: String(i) }] }));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const bytes = await stringifySliced(value, { pause: timeSlicer(1) });
    clearInterval(timer);
    expect(bytes.length).toBeGreaterThan(3_000_000);
    expect(ticks).toBeGreaterThan(0);
  });

  it('writes the bytes `known` has for an object instead of encoding it again', async () => {
    // Large enough to be opened where it is met (small ones are left to JSON.stringify with their container).
    const stored = { resourceType: 'Basic', id: 'b', code: { text: 'x'.repeat(10), coding: Array.from({ length: 5000 }, (_, i) => ({ code: `c${i}` })) } };
    const kept = Buffer.from(JSON.stringify(stored));
    const answer = { resourceType: 'Bundle', entry: Array.from({ length: 3 }, (_, i) => ({ fullUrl: `u${i}`, resource: stored })) };
    const known = (o: object) => (o === stored ? kept : undefined);
    expect((await stringifySliced(answer, { known })).toString()).toBe(JSON.stringify(answer));
    expect(await stringifySliced(stored, { known })).toBe(kept);
    // Indented, kept bytes (compact) are no use: it encodes them again.
    expect((await stringifySliced(answer, { known, indent: 2 })).toString()).toBe(JSON.stringify(answer, null, 2));
    stored.code.text = 'changed after it was kept';
    expect((await stringifySliced(answer, { known })).toString()).toContain('x'.repeat(10));
  });

  it('throws like JSON.stringify for what has no JSON text', async () => {
    await expect(stringifySliced({ n: 1n })).rejects.toThrow(TypeError);
    await expect(stringifySliced(undefined)).rejects.toThrow(TypeError);
  });
});
