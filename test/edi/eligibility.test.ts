import type { Coverage, Organization, Patient } from 'fhir/r4';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../data-store/store.js';
import { coverageActiveOn, memberIdOf, payerIdOf } from '../../edi/fhir/projection.js';
import { validateDocument } from '../../edi/validate-document.js';
import { createApp } from '../../server/app.js';
import { createEdiRouter } from '../../server/edi/router.js';
import { FIXED_NOW, GOLDEN_CONFIG, build270, goldenStore, segmentsOf } from './helpers.js';

let store: Store;
let app: ReturnType<typeof createApp>;
let subscriber: { patient: Patient; coverage: Coverage; memberId: string; payerId: string };
let dependent: { patient: Patient; coverage: Coverage } | undefined;

beforeAll(async () => {
  store = await goldenStore();
  app = createApp({ store, population: { config: GOLDEN_CONFIG, generationSeconds: 0 }, version: 'test' });
  app.use('/edi', createEdiRouter({ store, asOf: GOLDEN_CONFIG.asOf, clock: () => FIXED_NOW }));
  const coverages = [...store.all<Coverage>('Coverage')];
  const self = coverages.find((c) => c.relationship?.coding?.[0]?.code === 'self' && coverageActiveOn(c, GOLDEN_CONFIG.asOf) && coverages.some((d) => d.subscriberId === c.subscriberId && d.relationship?.coding?.[0]?.code !== 'self')) as Coverage;
  const patient = store.read<Patient>('Patient', self.beneficiary.reference?.split('/')[1] ?? '');
  const payer = store.read<Organization>('Organization', self.payor[0].reference?.split('/')[1] ?? '');
  subscriber = { patient, coverage: self, memberId: memberIdOf(patient, self) ?? '', payerId: payerIdOf(payer) };
  const depCoverage = coverages.find((d) => d.subscriberId === self.subscriberId && d.relationship?.coding?.[0]?.code !== 'self');
  if (depCoverage) dependent = { coverage: depCoverage, patient: store.read<Patient>('Patient', depCoverage.beneficiary.reference?.split('/')[1] ?? '') };
});

async function ask(body: string): Promise<string[][]> {
  const res = await request(app).post('/edi/270').set('Content-Type', 'application/edi-x12').send(body);
  expect(res.status).toBe(200);
  expect(res.headers['x-edi-documents']).toMatch(/^271:/);
  expect(validateDocument(res.text).ok).toBe(true);
  return segmentsOf(res.text);
}

const base = () => ({
  payerId: subscriber.payerId,
  memberId: subscriber.memberId,
  last: subscriber.patient.name?.[0]?.family ?? '',
  first: subscriber.patient.name?.[0]?.given?.[0] ?? '',
  birthDate: subscriber.patient.birthDate,
  trace: 'TRACE-1',
});

describe('270 -> 271 over HTTP, answered from the stored Coverage', () => {
  it('active member: EB*1 with plan, deductible, out-of-pocket, coinsurance and copays; TRN echoed as TRN*2', async () => {
    const segs = await ask(build270([{ ...base(), serviceTypes: ['30'] }]));
    expect(segs.find((s) => s[0] === 'TRN')?.slice(0, 3)).toEqual(['TRN', '2', 'TRACE-1']);
    const nm1 = segs.find((s) => s[0] === 'NM1' && s[1] === 'IL');
    expect(nm1?.[9]).toBe(subscriber.memberId);
    expect(nm1?.[3]).toBe(subscriber.patient.name?.[0]?.family);
    expect(segs.find((s) => s[0] === 'DMG')?.[2]).toBe(subscriber.patient.birthDate?.replace(/-/g, ''));
    const eb = segs.filter((s) => s[0] === 'EB');
    expect(eb[0].slice(0, 4)).toEqual(['EB', '1', 'FAM', '30']);
    expect(eb[0][5]).toBe(subscriber.coverage.class?.find((c) => c.type?.coding?.[0]?.code === 'plan')?.name);
    const deductible = subscriber.coverage.costToBeneficiary?.find((c) => c.type?.coding?.[0]?.code === 'deductible')?.valueMoney?.value;
    expect(eb.find((s) => s[1] === 'C' && s[2] === 'IND' && s[6] === '23')?.[7]).toBe(String(deductible));
    expect(eb.some((s) => s[1] === 'G')).toBe(true);
    const coinsurance = subscriber.coverage.costToBeneficiary?.find((c) => c.type?.coding?.[0]?.code === 'copaypct')?.valueQuantity?.value ?? 0;
    expect(Number(eb.find((s) => s[1] === 'A')?.[8])).toBeCloseTo(coinsurance / 100, 5);
    expect(eb.some((s) => s[1] === 'B' && s[3] === '98')).toBe(true);
    expect(segs.some((s) => s[0] === 'AAA')).toBe(false);
  });

  it('answers the service types asked for in EQ', async () => {
    const segs = await ask(build270([{ ...base(), serviceTypes: ['UC', '86'] }]));
    const eb = segs.filter((s) => s[0] === 'EB');
    expect(eb[0][3]).toBe('UC^86');
    expect(eb.filter((s) => s[1] === 'B').map((s) => s[3]).sort()).toEqual(['86', 'UC']);
  });

  it('unknown member: AAA*N**75', async () => {
    const segs = await ask(build270([{ ...base(), memberId: 'ZZ000000000' }]));
    expect(segs.find((s) => s[0] === 'AAA')?.slice(0, 5)).toEqual(['AAA', 'N', '', '75', 'C']);
    expect(segs.some((s) => s[0] === 'EB')).toBe(false);
  });

  it('birth date does not match: AAA 71', async () => {
    const segs = await ask(build270([{ ...base(), birthDate: '1901-02-03' }]));
    expect(segs.find((s) => s[0] === 'AAA')?.[3]).toBe('71');
  });

  it('unknown payer: AAA 79 at the information source', async () => {
    const segs = await ask(build270([{ ...base(), payerId: 'NOPE9' }]));
    const source = segs.findIndex((s) => s[0] === 'NM1' && s[1] === 'PR');
    expect(segs[source + 1]?.slice(0, 4)).toEqual(['AAA', 'N', '', '79']);
    expect(segs.some((s) => s[0] === 'EB')).toBe(false);
  });

  it('invalid id: AAA 72', async () => {
    const segs = await ask(build270([{ ...base(), memberId: '@@' }]));
    expect(segs.find((s) => s[0] === 'AAA')?.[3]).toBe('72');
  });

  it('a date outside the coverage period: EB*6 inactive', async () => {
    const segs = await ask(build270([{ ...base(), date: '19000101' }]));
    expect(segs.find((s) => s[0] === 'EB')?.slice(0, 2)).toEqual(['EB', '6']);
  });

  it('dependent inquiry (2000D) is answered for the dependent', async () => {
    if (!dependent) throw new Error('golden population has no dependent');
    const segs = await ask(build270([{ ...base(), dependent: { last: dependent.patient.name?.[0]?.family ?? '', first: dependent.patient.name?.[0]?.given?.[0] ?? '', birthDate: dependent.patient.birthDate, trace: 'DEP-1' } }]));
    const hl23 = segs.findIndex((s) => s[0] === 'HL' && s[3] === '23');
    expect(hl23).toBeGreaterThan(0);
    const after = segs.slice(hl23);
    expect(after.find((s) => s[0] === 'TRN')?.[2]).toBe('DEP-1');
    expect(after.find((s) => s[0] === 'NM1')?.[4]).toBe(dependent.patient.name?.[0]?.given?.[0]);
    expect(after.find((s) => s[0] === 'EB')?.[1]).toBe('1');
  });

  it('answers several inquiries in one 270, each with its own trace', async () => {
    const segs = await ask(build270([{ ...base(), trace: 'A1' }, { ...base(), memberId: 'NOPE12345', trace: 'A2' }]));
    expect(segs.filter((s) => s[0] === 'TRN').map((s) => s[2])).toEqual(['A1', 'A2']);
    expect(segs.filter((s) => s[0] === 'AAA').map((s) => s[3])).toEqual(['75']);
  });

  it('reflects a FHIR write a moment ago: a cancelled coverage answers EB*6', async () => {
    const coverage = store.read<Coverage>('Coverage', subscriber.coverage.id ?? '');
    const put = await request(app).put(`/fhir/Coverage/${coverage.id}`).set('Content-Type', 'application/fhir+json').send({ ...coverage, status: 'cancelled' });
    expect([200, 201]).toContain(put.status);
    try {
      const segs = await ask(build270([base()]));
      expect(segs.find((s) => s[0] === 'EB')?.slice(0, 2)).toEqual(['EB', '6']);
    } finally {
      await store.update(coverage);
    }
    const again = await ask(build270([base()]));
    expect(again.find((s) => s[0] === 'EB')?.[1]).toBe('1');
  });

  it('rejects a 270 that breaks the implementation guide with a 999 naming segment and element', async () => {
    const bad = build270([base()]).replace('DMG*D8*', 'DMG*D9*');
    const res = await request(app).post('/edi/270').send(bad);
    expect(res.headers['x-edi-documents']).toMatch(/^999:/);
    const segs = segmentsOf(res.text);
    expect(segs.find((s) => s[0] === 'IK3')?.slice(0, 2)).toEqual(['IK3', 'DMG']);
    expect(segs.find((s) => s[0] === 'IK4')?.slice(1, 4)).toEqual(['1', '1250', '7']);
    expect(segs.find((s) => s[0] === 'IK5')?.[1]).toBe('R');
    expect(segs.find((s) => s[0] === 'AK9')?.[1]).toBe('R');
  });

  it('tolerates padding after the IEA (spaces, tabs, line breaks) but answers real data there with a TA1 022', async () => {
    for (const pad of ['\n', '\r\n', ' '.repeat(200), '\t \r\n  ']) {
      const res = await request(app).post('/edi/270').set('Content-Type', 'application/edi-x12').send(build270([base()]) + pad);
      expect(res.headers['x-edi-documents']).toMatch(/^271:/);
    }
    const res = await request(app).post('/edi/270').set('Content-Type', 'application/edi-x12').send(`${build270([base()])}GS*HS*X~`);
    expect(res.headers['x-edi-documents']).toMatch(/^TA1:/);
    expect(segmentsOf(res.text).find((s) => s[0] === 'TA1')?.[5]).toBe('022');
  });
});
