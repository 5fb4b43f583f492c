import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../data-store/store.js';
import type { Edi } from '../../edi/gateway.js';
import { validateDocument } from '../../edi/validate-document.js';
import { goldenEdi, goldenStore, parseWithNodeX12, segmentsOf } from './helpers.js';

const DIR = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'public');
const sample = (name: string) => readFileSync(join(DIR, name), 'latin1');

let store: Store;
let edi: Edi;
beforeAll(async () => {
  store = await goldenStore();
  edi = goldenEdi(store);
});

describe('public samples (fixtures/public/README.md names their sources)', () => {
  it('X279A1 Example 1a (270): passes the 270 guide and gets a 271 echoing its trace, payer not ours (AAA 79)', async () => {
    const text = sample('x279a1-example-1a.270.x12');
    expect(validateDocument(text).ok).toBe(true);
    const docs = await edi.receive(text, { only: '270' });
    expect(docs.map((d) => d.kind)).toEqual(['271']);
    const segs = segmentsOf(docs[0].text);
    expect(validateDocument(docs[0].text).ok).toBe(true);
    expect(parseWithNodeX12(docs[0].text)).toHaveLength(1);
    expect(segs.find((s) => s[0] === 'TRN')?.slice(1, 4)).toEqual(['2', '93175-012547', '9877281234']);
    expect(segs.find((s) => s[0] === 'AAA')?.slice(1)).toEqual(['N', '', '79', 'C']);
    // Answered to its sender: ISA08 of the answer is the sample's ISA06.
    expect(docs[0].text.slice(54, 69).trim()).toBe('BONEJOINT');
  });

  it('X222A1 Example 01 (837P): accepted by the 999, the claim rejected in the 277CA (provider and payer not ours), nothing stored', async () => {
    const text = sample('x222a1-example-01.837p.x12');
    expect(validateDocument(text).ok).toBe(true);
    const before = store.counts();
    const docs = await edi.receive(text, { only: '837' });
    expect(docs.map((d) => d.kind)).toEqual(['999', '277CA']);
    const ack = segmentsOf(docs[0].text);
    expect(ack.find((s) => s[0] === 'IK5')?.[1]).toBe('A');
    const ca = segmentsOf(docs[1].text);
    const trace = ca.findIndex((s) => s[0] === 'TRN' && s[2] === '26463774');
    expect(trace).toBeGreaterThan(-1);
    expect(ca[trace + 1][0]).toBe('STC');
    expect(ca[trace + 1][1].startsWith('A3:')).toBe(true);
    expect(store.counts()).toEqual(before);
    for (const d of docs) expect(validateDocument(d.text).ok).toBe(true);
  });
});
