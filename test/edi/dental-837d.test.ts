import type { Claim, ExplanationOfBenefit } from 'fhir/r4';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../data-store/store.js';
import { validateDocument } from '../../edi/validate-document.js';
import { CODE_SYSTEM } from '../../population/conventions.js';
import { createApp } from '../../server/app.js';
import { createEdiRouter } from '../../server/edi/router.js';
import { FIXED_NOW, GOLDEN_CONFIG, goldenStore, parseWithNodeX12, segmentsOf } from './helpers.js';

let store: Store;
let app: ReturnType<typeof createApp>;
let emitted: string;

/** What a dental claim says per line: CDT code, tooth, surfaces. */
function dentalLines(claim: Claim): string[] {
  return (claim.item ?? []).map((item) => {
    const cdt = item.productOrService.coding?.find((c) => c.system === CODE_SYSTEM.cdt)?.code ?? '';
    const tooth = item.bodySite?.coding?.find((c) => c.system === CODE_SYSTEM.adaTooth)?.code ?? '';
    const surfaces = (item.subSite ?? []).map((s) => s.coding?.find((c) => c.system === CODE_SYSTEM.adaToothSurface)?.code ?? '?').join('');
    return `${cdt}/${tooth}/${surfaces}`;
  });
}

const isOral = (c: Claim): boolean => c.type.coding?.some((x) => x.system === CODE_SYSTEM.claimType && x.code === 'oral') ?? false;

beforeAll(async () => {
  store = await goldenStore();
  app = createApp({ store, population: { config: GOLDEN_CONFIG, generationSeconds: 0 }, version: 'test' });
  app.use('/edi', createEdiRouter({ store, asOf: GOLDEN_CONFIG.asOf, clock: () => FIXED_NOW }));
  const res = await request(app).get('/edi/837?type=D').expect(200);
  emitted = res.text;
});

describe('837D dental claims (005010X224A2)', () => {
  it('are emitted for the dental Claims (type oral) with SV3 AD:CDT and TOO*JP tooth and surfaces, valid by the guide', () => {
    const oral = [...store.all<Claim>('Claim')].filter(isOral);
    expect(oral.length).toBeGreaterThan(0);
    expect(validateDocument(emitted).ok).toBe(true);
    const segs = segmentsOf(emitted);
    expect(segs.find((s) => s[0] === 'GS')?.[8]).toBe('005010X224A2');
    expect(segs.filter((s) => s[0] === 'CLM')).toHaveLength(oral.length);
    expect(segs.filter((s) => s[0] === 'SV3').every((s) => /^AD:D\d{4}$/.test(s[1]))).toBe(true);
    expect(segs.some((s) => s[0] === 'TOO' && s[1] === 'JP' && /^([1-9]|[12]\d|3[0-2]|[A-T])$/.test(s[2]))).toBe(true);
    expect(parseWithNodeX12(emitted).length).toBeGreaterThan(0);
  });

  it('round trip: the emitted 837D posted back is stored as new oral Claims with the same CDT codes, teeth and surfaces, adjudicated', async () => {
    const before = new Map([...store.all<Claim>('Claim')].filter(isOral).map((c) => [c.identifier?.[0]?.value ?? '', c]));
    // New patient control numbers make them new claims (a PCN seen before is a duplicate).
    const resent = emitted.replace(/^CLM\*C/gm, 'CLM*RT');
    const res = await request(app).post('/edi/837').set('Content-Type', 'application/edi-x12').send(resent);
    expect(res.status).toBe(200);
    expect(res.headers['x-edi-documents']).toMatch(/^999:\d{9},277CA:\d{9}$/);
    const [ack] = res.text.split(/(?=ISA)/).filter(Boolean);
    expect(segmentsOf(ack).find((s) => s[0] === 'AK9')?.[1]).toBe('A');

    let compared = 0;
    let withTooth = 0;
    for (const [pcn, original] of before) {
      const stored = store.read<Claim>('Claim', `x12-RT${pcn.slice(1)}`);
      expect(isOral(stored)).toBe(true);
      expect(dentalLines(stored)).toEqual(dentalLines(original));
      const eob = [...store.all<ExplanationOfBenefit>('ExplanationOfBenefit')].find((e) => e.claim?.reference === `Claim/${stored.id ?? ''}`);
      expect(eob?.type.coding?.[0]?.code).toBe('oral');
      compared++;
      withTooth += dentalLines(stored).filter((l) => !l.includes('//')).length;
    }
    expect(compared).toBeGreaterThan(0);
    // Teeth and surfaces made the trip too (the golden population has restorations and extractions).
    expect(withTooth).toBeGreaterThan(0);
  });
});
