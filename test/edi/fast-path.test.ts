import type { Coverage, Organization, Patient } from 'fhir/r4';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../data-store/store.js';
import { coverageActiveOn, memberIdOf, payerIdOf } from '../../edi/fhir/projection.js';
import { createApp } from '../../server/app.js';
import { createMetrics } from '../../server/ops/metrics.js';
import { GOLDEN_CONFIG, build270, goldenStore, segmentsOf } from './helpers.js';

/** POST /edi/270 and /edi/837 are served ahead of express (fast-path.ts); through express they must answer the same. */
let store: Store;
let inquiry: string;

beforeAll(async () => {
  store = await goldenStore();
  const coverage = [...store.all<Coverage>('Coverage')].find((c) => coverageActiveOn(c, GOLDEN_CONFIG.asOf))!;
  const patient = store.read<Patient>('Patient', coverage.beneficiary.reference!.split('/')[1]);
  const payer = store.read<Organization>('Organization', coverage.payor[0].reference!.split('/')[1]);
  const name = patient.name![0];
  inquiry = build270([{ payerId: payerIdOf(payer), memberId: memberIdOf(patient, coverage)!, last: name.family!, first: name.given![0], birthDate: patient.birthDate!, trace: 'FAST-1' }]);
});

/** Segments of an answer without the envelope and the BHT (control numbers and times differ between runs). */
function content(text: string): string[][] {
  return segmentsOf(text).filter(([id]) => !['ISA', 'GS', 'ST', 'SE', 'GE', 'IEA', 'BHT'].includes(id));
}

const apps = () => ({
  fast: createApp({ store, population: { config: GOLDEN_CONFIG, generationSeconds: 0 }, version: 'test', metrics: createMetrics({ defaultMetrics: false }) }),
  express: createApp({ store, population: { config: GOLDEN_CONFIG, generationSeconds: 0 }, version: 'test', metrics: createMetrics({ defaultMetrics: false }), fastPath: false }),
});

describe('EDI inbound fast path', () => {
  it('answers a 270 with the same 271, headers and metrics as the express route', async () => {
    const { fast, express } = apps();
    const [a, b] = await Promise.all([fast, express].map((app) => request(app).post('/edi/270').set('Content-Type', 'application/edi-x12').send(inquiry).expect(200)));
    expect(a.headers['content-type']).toBe(b.headers['content-type']);
    expect(a.headers['x-edi-documents']).toMatch(/^271:\d+$/);
    expect(b.headers['x-edi-documents']).toMatch(/^271:\d+$/);
    expect(content(a.text)).toEqual(content(b.text));
    expect(content(a.text).some(([id, code]) => id === 'EB' && code === '1')).toBe(true);
    for (const app of [fast, express]) {
      const metrics = await request(app).get('/metrics').expect(200);
      expect(metrics.text).toMatch(/cdg_x12_documents_total\{type="270",direction="inbound",result="accepted"\} 1/);
      expect(metrics.text).toMatch(/cdg_x12_documents_total\{type="271",direction="outbound",result="emitted"\} 1/);
    }
  });

  it('gives JSON when asked, a TA1 with 413 for a body over the limit, and leaves other /edi routes to express', async () => {
    const fast = createApp({ store, population: { config: GOLDEN_CONFIG, generationSeconds: 0 }, version: 'test', settings: { bodyLimit: '2kb' } });
    const json = await request(fast).post('/edi/270/').set('Accept', 'application/json').set('Content-Type', 'application/edi-x12').send(inquiry).expect(200);
    expect(json.body).toEqual([expect.objectContaining({ kind: '271', text: expect.stringMatching(/^ISA\*/) })]);
    const big = await request(fast).post('/edi/270').set('Content-Type', 'application/edi-x12').send(inquiry + 'X'.repeat(4096));
    expect(big.status).toBe(413);
    expect(big.headers['x-edi-documents']).toMatch(/^TA1:/);
    expect(big.text).toMatch(/^ISA\*.*\nTA1\*/s);
    await request(fast).get('/edi/834').expect(200).expect('x-edi-documents', /^834:/);
    await request(fast).get('/edi/270').expect(404);
  });
});
