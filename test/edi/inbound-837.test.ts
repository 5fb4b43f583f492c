import type { Claim, Coverage, Organization, Patient } from 'fhir/r4';
import express from 'express';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../data-store/store.js';
import { inboundClaimId } from '../../edi/fhir/claim-from-837.js';
import { coverageActiveOn, memberIdOf, npiOf, payerIdOf } from '../../edi/fhir/projection.js';
import { validateDocument } from '../../edi/validate-document.js';
import { IDENTIFIER } from '../../population/conventions.js';
import { createApp } from '../../server/app.js';
import { createEdiRouter } from '../../server/edi/router.js';
import { FIXED_NOW, GOLDEN_CONFIG, build270, build837P, goldenStore, segmentsOf, type Claim837 } from './helpers.js';

let store: Store;
let app: ReturnType<typeof createApp>;
let small: express.Express;
let claimA: Claim837;
let claimB: Claim837;
/** The first test's 837 and its answers (999, 277CA), for the same body posted again. */
let first: { body: string; answers: string[] };

/** A document's segments without those carrying its own control numbers (ISA, GS, ST, SE, GE, IEA). */
const content = (x12: string) => segmentsOf(x12).filter((s) => !['ISA', 'GS', 'ST', 'SE', 'GE', 'IEA'].includes(s[0]));

function split(text: string): string[] {
  return text.split(/(?=ISA)/).filter(Boolean);
}

beforeAll(async () => {
  store = await goldenStore();
  app = createApp({ store, population: { config: GOLDEN_CONFIG, generationSeconds: 0 }, version: 'test' });
  app.use('/edi', createEdiRouter({ store, asOf: GOLDEN_CONFIG.asOf, clock: () => FIXED_NOW }));
  // The body limit is the router's own: a bare express app with just the EDI router and a 4 KiB limit.
  small = express();
  small.use('/edi', createEdiRouter({ store, asOf: GOLDEN_CONFIG.asOf, clock: () => FIXED_NOW, maxBodyBytes: 4096 }));

  const coverages = [...store.all<Coverage>('Coverage')];
  const self = coverages.find((c) => c.relationship?.coding?.[0]?.code === 'self' && coverageActiveOn(c, '2025-12-01') && coverages.some((d) => d.subscriberId === c.subscriberId && d.relationship?.coding?.[0]?.code === 'child' && coverageActiveOn(d, '2025-12-01'))) as Coverage;
  const child = coverages.find((d) => d.subscriberId === self.subscriberId && d.relationship?.coding?.[0]?.code === 'child') as Coverage;
  const sub = store.read<Patient>('Patient', self.beneficiary.reference?.split('/')[1] ?? '');
  const kid = store.read<Patient>('Patient', child.beneficiary.reference?.split('/')[1] ?? '');
  const payer = store.read<Organization>('Organization', self.payor[0].reference?.split('/')[1] ?? '');
  const provider = [...store.all<Organization>('Organization')].find((o) => npiOf(o)) as Organization;
  const subscriber = { memberId: memberIdOf(sub, self) ?? '', last: sub.name?.[0]?.family ?? '', first: sub.name?.[0]?.given?.[0] ?? '', birthDate: sub.birthDate ?? '', gender: sub.gender === 'male' ? 'M' as const : 'F' as const };
  const common = { billingNpi: npiOf(provider) ?? '', billingName: provider.name ?? '', payerId: payerIdOf(payer), subscriber };
  claimA = { ...common, pcn: 'INB-0001', diagnoses: ['E11.9', 'I10'], lines: [{ code: '99214', charge: 180, date: '2025-12-01' }, { code: '83036', charge: 40, date: '2025-12-01' }] };
  claimB = { ...common, pcn: 'INB-0002', patient: { last: kid.name?.[0]?.family ?? '', first: kid.name?.[0]?.given?.[0] ?? '', birthDate: kid.birthDate ?? '', gender: kid.gender === 'male' ? 'M' : 'F' }, diagnoses: ['J06.9'], lines: [{ code: '99213', charge: 125, date: '2025-12-02' }] };
});

describe('inbound 837 end to end over HTTP', () => {
  it('answers 999 (accepted) and 277CA, stores Claim + EOB searchable in FHIR, and the next 835 carries them', async () => {
    const unknown: Claim837 = { ...claimA, pcn: 'INB-0003', subscriber: { ...claimA.subscriber, memberId: 'NOSUCH00001' } };
    const wrongPayer: Claim837 = { ...claimA, pcn: 'INB-0004', payerId: claimA.payerId === 'ZZZ99' ? 'ZZZ98' : 'ZZZ99' };
    const before = store.counts();
    const body = build837P([claimA, claimB, unknown, wrongPayer]);
    const res = await request(app).post('/edi/837').set('Content-Type', 'application/edi-x12').send(body);
    expect(res.status).toBe(200);
    expect(res.headers['x-edi-documents']).toMatch(/^999:\d{9},277CA:\d{9}$/);
    const [ack, ca] = split(res.text);
    first = { body, answers: [ack, ca] };
    for (const doc of [ack, ca]) expect(validateDocument(doc).ok).toBe(true);
    const ak = segmentsOf(ack);
    expect(ak.find((s) => s[0] === 'IK5')?.[1]).toBe('A');
    expect(ak.find((s) => s[0] === 'AK9')?.slice(0, 5)).toEqual(['AK9', 'A', '1', '1', '1']);

    const st = segmentsOf(ca);
    const byTrace = new Map<string, string[]>();
    st.forEach((s, i) => { if (s[0] === 'TRN' && s[1] === '2' && s[2].startsWith('INB-')) byTrace.set(s[2], st[i + 1]); });
    expect(byTrace.get('INB-0001')?.[1]).toBe('A2:20:PR');
    expect(byTrace.get('INB-0002')?.[1]).toBe('A2:20:PR');
    expect(byTrace.get('INB-0003')?.[1]).toBe('A3:33:IL');
    expect(byTrace.get('INB-0004')?.[1]).toBe('A3:116:PR');
    expect(st.find((s) => s[0] === 'QTY' && s[1] === '90')?.[2]).toBe('2');

    const after = store.counts();
    expect(after.Claim).toBe(before.Claim + 2);
    expect(after.ExplanationOfBenefit).toBe(before.ExplanationOfBenefit + 2);

    const claims = await request(app).get(`/fhir/Claim?identifier=${encodeURIComponent(`${IDENTIFIER.patientControlNumber}|INB-0002`)}`);
    expect(claims.status).toBe(200);
    expect(claims.body.total).toBe(1);
    const claim = claims.body.entry[0].resource;
    expect(claim.patient.reference).toBe(`Patient/${store.all<Patient>('Patient') && [...store.all<Patient>('Patient')].find((p) => p.name?.[0]?.given?.[0] === claimB.patient?.first && p.birthDate === claimB.patient?.birthDate)?.id}`);
    const eobs = await request(app).get(`/fhir/ExplanationOfBenefit?claim=Claim/${claim.id}`);
    expect(eobs.body.total).toBe(1);

    const remit = await request(app).get('/edi/835').query({ since: '2026-01-01' });
    expect(remit.status).toBe(200);
    expect(validateDocument(remit.text).ok).toBe(true);
    const clp = segmentsOf(remit.text).filter((s) => s[0] === 'CLP').map((s) => s[1]);
    expect(clp).toEqual(expect.arrayContaining(['INB-0001', 'INB-0002']));
    const p837 = await request(app).get('/edi/837').query({ type: 'P', since: '2026-01-01' });
    expect(segmentsOf(p837.text).filter((s) => s[0] === 'CLM').map((s) => s[1]).sort()).toEqual(['INB-0001', 'INB-0002']);
  });

  it('answers the same interchange posted again (a client retrying) as the first time, and stores nothing again', async () => {
    const before = store.counts();
    const version = store.read<Claim>('Claim', inboundClaimId('INB-0001')).meta?.versionId;
    const res = await request(app).post('/edi/837').set('Content-Type', 'application/edi-x12').send(first.body);
    const [ack, ca] = split(res.text);
    expect(res.headers['x-edi-documents']).toMatch(/^999:\d{9},277CA:\d{9}$/);
    // The same 999 and the same 277CA (the clock is fixed): INB-0001 and INB-0002 accepted with their REF*1K again.
    expect(content(ack)).toEqual(content(first.answers[0]!));
    expect(content(ca)).toEqual(content(first.answers[1]!));
    expect(segmentsOf(ca).filter((s) => s[0] === 'STC' && s[1] === 'A2:20:PR')).toHaveLength(2);
    expect(segmentsOf(ca).filter((s) => s[0] === 'REF' && s[1] === '1K')).toHaveLength(2);
    expect(store.counts()).toEqual(before);
    expect(store.read<Claim>('Claim', inboundClaimId('INB-0001')).meta?.versionId).toBe(version);
  });

  it('rejects another interchange reusing a patient control number as a duplicate in the 277CA and stores nothing', async () => {
    const before = store.counts();
    const res = await request(app).post('/edi/837').send(build837P([claimA], 515152));
    const ca = split(res.text)[1];
    expect(segmentsOf(ca).find((s) => s[0] === 'STC' && s[1].startsWith('A3'))?.[1]).toBe('A3:78:PR');
    // A changed file under the first one's control numbers (ISA13, GS06, ST02) is another submission too.
    const changed = await request(app).post('/edi/837').send(first.body.replace('CLM*INB-0001*220*', 'CLM*INB-0001*221*').replace('SV1*HC:83036*40*', 'SV1*HC:83036*41*'));
    const statuses = segmentsOf(split(changed.text)[1]!).filter((s) => s[0] === 'STC' && !s[1].startsWith('A1')).map((s) => s[1]);
    expect(statuses.sort()).toEqual(['A3:116:PR', 'A3:33:IL', 'A3:78:PR', 'A3:78:PR']);
    expect(store.counts()).toEqual(before);
  });

  it('answers JSON when asked', async () => {
    const res = await request(app).post('/edi/837').set('Accept', 'application/json').send(build837P([{ ...claimA, pcn: 'INB-0100' }], 515153));
    expect(res.body.map((d: { kind: string }) => d.kind)).toEqual(['999', '277CA']);
  });
});

describe('malformed input never crashes and never writes', () => {
  const good = () => build837P([{ ...claimA, pcn: 'BAD-0001' }], 616161);
  const cases: Array<[string, () => string, 'TA1' | '999', (segs: string[][]) => void]> = [
    ['truncated file', () => good().slice(0, Math.floor(good().length / 2)), 'TA1', (s) => expect(s.find((x) => x[0] === 'TA1')?.slice(4)).toEqual(['R', '023'])],
    ['wrong delimiters', () => good().slice(0, 106) + good().slice(106).replace(/\*/g, '|'), 'TA1', (s) => expect(s.find((x) => x[0] === 'TA1')?.[4]).toBe('R')],
    ['ISA not 106 characters', () => good().replace('TESTSUBMIT     ', 'TESTSUBMIT'), 'TA1', (s) => expect(s.find((x) => x[0] === 'TA1')?.[5]).toBe('024')],
    ['IEA control number mismatch', () => good().replace(/IEA\*1\*000616161/, 'IEA*1*000616162'), 'TA1', (s) => expect(s.find((x) => x[0] === 'TA1')?.[5]).toBe('001')],
    ['binary garbage', () => '\u0000\u00ff\u0010GARBAGE\u0007'.repeat(50), 'TA1', (s) => expect(s.find((x) => x[0] === 'TA1')?.[4]).toBe('R')],
    ['empty body', () => '', 'TA1', (s) => expect(s.find((x) => x[0] === 'TA1')?.[4]).toBe('R')],
    ['missing CLM segment', () => good().replace(/CLM\*[^~]*~\n/, ''), '999', (s) => {
      expect(s.find((x) => x[0] === 'IK3' && x[4] === '3')?.[1]).toBe('CLM');
      expect(s.find((x) => x[0] === 'IK5')?.[1]).toBe('R');
    }],
    ['bad element (invalid date in DTP*472)', () => good().replace('DTP*472*D8*20251201', 'DTP*472*D8*20251341'), '999', (s) => {
      expect(s.find((x) => x[0] === 'IK4')?.slice(1, 4)).toEqual(['3', '1251', '8']);
      expect(s.find((x) => x[0] === 'CTX')?.[1]).toBe('CLM01:BAD-0001');
    }],
    ['service line out of sequence (SV1 without its LX)', () => good().replace(/LX\*1~\n/, ''), '999', (s) => {
      expect(s.find((x) => x[0] === 'IK3' && x[4] === '7')?.[1]).toBe('SV1');
      expect(s.find((x) => x[0] === 'IK5')?.[1]).toBe('R');
    }],
    ['SE01 segment count wrong', () => good().replace(/SE\*(\d+)\*0001/, (_m, n) => `SE*${Number(n) + 5}*0001`), '999', (s) => expect(s.find((x) => x[0] === 'IK5')?.slice(1)).toEqual(['R', '4'])],
    ['a 270 posted to /edi/837', () => build270([{ payerId: 'EVG01', memberId: 'X1', last: 'A', first: 'B', trace: 'T' }]), '999', (s) => expect(s.find((x) => x[0] === 'IK5')?.slice(1)).toEqual(['R', '1'])],
  ];

  it.each(cases)('%s -> %s, store unchanged', async (_name, make, kind, check) => {
    const before = store.counts();
    const res = await request(app).post('/edi/837').set('Content-Type', 'application/edi-x12').send(make());
    expect(res.status).toBe(200);
    expect(res.headers['x-edi-documents']).toMatch(new RegExp(`^${kind}:`));
    expect(res.headers['x-edi-documents']).not.toContain('277CA');
    check(segmentsOf(res.text));
    const own = validateDocument(res.text);
    expect(own.envelope).toBeUndefined();
    expect(own.ok).toBe(true);
    expect(store.counts()).toEqual(before);
  });

  it('huge input -> 413 with a TA1, store unchanged', async () => {
    const before = store.counts();
    const res = await request(small).post('/edi/837').set('Content-Type', 'application/edi-x12').send(good() + 'X'.repeat(8192));
    expect(res.status).toBe(413);
    expect(segmentsOf(res.text).find((x) => x[0] === 'TA1')?.[4]).toBe('R');
    expect(store.counts()).toEqual(before);
  });

  it('the server still answers after all of it', async () => {
    const res = await request(app).get('/edi/834');
    expect(res.status).toBe(200);
    expect(validateDocument(res.text).ok).toBe(true);
  });
});

describe('emitted 837s re-enter as the same claims', () => {
  it.each(['P', 'I'] as const)('837%s: every claim is accepted and stored with the same charges, codes and member', async (type) => {
    const emitted = await request(app).get('/edi/837').query({ type, payer: 'EVG01' });
    expect(emitted.status).toBe(200);
    const original = segmentsOf(emitted.text).filter((s) => s[0] === 'CLM');
    expect(original.length).toBeGreaterThan(0);
    const renamed = emitted.text.replace(/~\nCLM\*([^*]+)\*/g, (_m, pcn: string) => `~\nCLM*RT${type}-${pcn}*`);
    const res = await request(app).post('/edi/837').send(renamed);
    expect(res.headers['x-edi-documents']).toMatch(/^999:\d+,277CA:/);
    const [ack, ca] = split(res.text);
    expect(segmentsOf(ack).find((s) => s[0] === 'AK9')?.[1]).toBe('A');
    // Claim-level STCs (2200D); the batch (2200B) and each billing provider (2200C) carry A1:19 acknowledgments.
    const statuses = segmentsOf(ca).filter((s) => s[0] === 'STC').map((s) => s[1]).filter((v) => !v.startsWith('A1:'));
    expect(statuses).toEqual(original.map(() => 'A2:20:PR'));
    for (const clm of original.slice(0, 5)) {
      const found = await request(app).get(`/fhir/Claim?identifier=${encodeURIComponent(`${IDENTIFIER.patientControlNumber}|RT${type}-${clm[1]}`)}`);
      expect(found.body.total).toBe(1);
      const stored = found.body.entry[0].resource;
      const source = (await request(app).get(`/fhir/Claim?identifier=${encodeURIComponent(`${IDENTIFIER.patientControlNumber}|${clm[1]}`)}`)).body.entry[0].resource;
      expect(stored.total.value).toBe(source.total.value);
      expect(stored.patient).toEqual(source.patient);
      expect(stored.insurance[0].coverage).toEqual(source.insurance[0].coverage);
      expect(stored.item.map((i: { productOrService: unknown; net: { value: number } }) => [i.productOrService, i.net.value])).toEqual(source.item.map((i: { productOrService: unknown; net: { value: number } }) => [i.productOrService, i.net.value]));
    }
  });
});
