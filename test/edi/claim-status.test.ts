import type { Claim, ExplanationOfBenefit } from 'fhir/r4';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../data-store/store.js';
import { paidCentsOf, remitLine } from '../../edi/fhir/remittance.js';
import { validateDocument } from '../../edi/validate-document.js';
import { IDENTIFIER } from '../../population/conventions.js';
import { createApp } from '../../server/app.js';
import { createMetrics } from '../../server/ops/metrics.js';
import { GOLDEN_CONFIG, build276, goldenStore, parseWithNodeX12, segmentsOf } from './helpers.js';

let store: Store;
let app: ReturnType<typeof createApp>;

const pcnOf = (c: Claim) => c.identifier?.find((i) => i.system === IDENTIFIER.patientControlNumber)?.value ?? '';

/** STC01 of the 2200D answering each trace. */
function statusByTrace(text: string): Map<string, string[]> {
  const segs = segmentsOf(text);
  const out = new Map<string, string[]>();
  segs.forEach((s, i) => { if (s[0] === 'TRN' && s[1] === '2') out.set(s[2], segs[i + 1]); });
  return out;
}

beforeAll(async () => {
  store = await goldenStore();
  app = createApp({ store, population: { config: GOLDEN_CONFIG, generationSeconds: 0 }, version: 'test', metrics: createMetrics({ defaultMetrics: false }) });
});

describe('276 -> 277 claim status (005010X212) over POST /edi/276', () => {
  it('answers each claim with its status now: F1 paid, F2 denied, A2 accepted (no EOB yet), A4 not found', async () => {
    const eobs = [...store.all<ExplanationOfBenefit>('ExplanationOfBenefit')];
    const claimOf = (e: ExplanationOfBenefit) => store.read<Claim>('Claim', e.claim?.reference?.split('/')[1] ?? '');
    const paid = eobs.find((e) => paidCentsOf(e) > 0) as ExplanationOfBenefit;
    expect(paid).toBeDefined();
    // Denied: every line carries a denial CAS; zero-paid otherwise (all to the member's share) is finalized, not denied.
    const allDenied = (e: ExplanationOfBenefit) => (e.item ?? []).length > 0 && (e.item ?? []).every((i) => remitLine(i.adjudication).denied);
    const denied = eobs.find((e) => paidCentsOf(e) === 0 && allDenied(e));
    const paidNothing = eobs.find((e) => paidCentsOf(e) === 0 && !allDenied(e));
    const waiting = { ...claimOf(paid), id: 'status-waiting', identifier: [{ system: IDENTIFIER.patientControlNumber, value: 'STATUS-WAIT-1' }] };
    await store.create(waiting);
    const questions = [
      { trace: 'T-PAID', pcn: pcnOf(claimOf(paid)) },
      { trace: 'T-WAIT', pcn: 'STATUS-WAIT-1' },
      { trace: 'T-NONE', pcn: 'NO-SUCH-CLAIM' },
      ...(denied ? [{ trace: 'T-DENIED', pcn: pcnOf(claimOf(denied)) }] : []),
      ...(paidNothing ? [{ trace: 'T-ZERO', pcn: pcnOf(claimOf(paidNothing)) }] : []),
    ];
    const res = await request(app).post('/edi/276').set('Content-Type', 'application/edi-x12').send(build276(questions));
    expect(res.status).toBe(200);
    expect(res.headers['x-edi-documents']).toMatch(/^277:\d{9}$/);
    expect(validateDocument(res.text).ok).toBe(true);
    expect(parseWithNodeX12(res.text)).toHaveLength(1);
    const status = statusByTrace(res.text);
    expect(status.get('T-PAID')?.[1]).toBe('F1:65');
    expect(Math.round(Number(status.get('T-PAID')?.[5]) * 100)).toBe(paidCentsOf(paid));
    expect(status.get('T-PAID')?.[7]).toBe('CHK');
    expect(status.get('T-WAIT')?.[1]).toBe('A2:20');
    expect(status.get('T-NONE')?.[1]).toBe('A4:35');
    expect(denied ?? paidNothing).toBeDefined();
    // F2:88 needs an entity code (508 code 88 "Entity not eligible..."): QC, the patient.
    if (denied) expect(status.get('T-DENIED')?.[1]).toMatch(/^F2:(107|88:QC)$/);
    if (paidNothing) expect(status.get('T-ZERO')?.[1]).toBe('F1:107');
    // The HL tree is mirrored: one HL per level asked about.
    expect(segmentsOf(res.text).filter((s) => s[0] === 'HL')).toHaveLength(3 + questions.length);
    await store.delete('Claim', 'status-waiting');
  });

  it('rejects a 276 that breaks its guide with a 999, and any other set on this endpoint', async () => {
    const bad = build276([{ trace: 'T-BAD', pcn: 'X' }]).replace('REF*EJ*X', 'REF*ZZZZ*X');
    const res = await request(app).post('/edi/276').set('Content-Type', 'application/edi-x12').send(bad);
    expect(res.headers['x-edi-documents']).toMatch(/^999:/);
    expect(segmentsOf(res.text).find((s) => s[0] === 'IK5')?.[1]).toBe('R');
  });

  it('counts each 276 in cdg_x12_documents_total like the other inbound sets (accepted, rejected) and its answers', async () => {
    const metrics = (await request(app).get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/cdg_x12_documents_total\{type="276",direction="inbound",result="accepted"\} [1-9]/);
    expect(metrics).toMatch(/cdg_x12_documents_total\{type="276",direction="inbound",result="rejected"\} [1-9]/);
    expect(metrics).toMatch(/cdg_x12_documents_total\{type="277",direction="outbound",result="emitted"\} [1-9]/);
  });
});
