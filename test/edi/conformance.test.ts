import type { Claim, Coverage, Patient } from 'fhir/r4';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../data-store/store.js';
import { createEdi, type Edi } from '../../edi/gateway.js';
import { memberIdOf } from '../../edi/fhir/projection.js';
import { CLAIM_FILING_835 } from '../../edi/guides/claim-filing.js';
import { validateDocument } from '../../edi/validate-document.js';
import { IDENTIFIER } from '../../population/conventions.js';
import { createApp } from '../../server/app.js';
import { GOLDEN_CONFIG, build270, build837I, coveredSubscriber, goldenEdi, goldenStore, segmentsOf, type Claim837 } from './helpers.js';

let store: Store;
let edi: Edi;
let adult: Claim837;

const ref = (r: { reference?: string } | undefined) => r?.reference?.split('/')[1] ?? '';
const docs = (text: string) => text.split(/(?=ISA)/).filter(Boolean);

beforeAll(async () => {
  store = await goldenStore();
  edi = goldenEdi(store);
  adult = {
    ...coveredSubscriber(store),
    pcn: 'CONF-0001',
    diagnoses: ['R51.9'],
    lines: [{ code: '99284', charge: 640, date: '2025-12-03' }],
  };
});

describe('837I CL1 (005010X223A2 2300: Required on every claim)', () => {
  it('is written in every emitted claim, outpatient ones included', async () => {
    const segs = segmentsOf((await edi.emit('837I')).text);
    const claims = segs.filter((s) => s[0] === 'CLM');
    expect(claims.length).toBeGreaterThan(0);
    let open = false;
    let withCl1 = 0;
    for (const s of segs) {
      if (s[0] === 'CLM') open = true;
      if (s[0] === 'CL1' && open) {
        expect(s[3]).toMatch(/^\d{2}$/);
        withCl1++;
        open = false;
      }
    }
    expect(withCl1).toBe(claims.length);
    expect(segs.some((s) => s[0] === 'CLM' && s[5].startsWith('13'))).toBe(true);
  });

  it('keeps an inbound CL1 on the Claim and writes it back when the claim is emitted again', async () => {
    const inbound = build837I([{ ...adult, pcn: 'CONF-CL1-1' }], { cl1: ['2', '7', '30'] });
    const answers = await edi.receive(inbound, { only: '837' });
    expect(answers.map((a) => a.kind)).toEqual(['999', '277CA']);
    const claim = store.read<Claim>('Claim', 'x12-CONF-CL1-1');
    expect(claim.supportingInfo?.map((s) => s.category.coding?.[0]?.code)).toEqual(['typeofbill', 'admtype', 'pointoforigin', 'discharge-status']);
    const segs = segmentsOf((await edi.emit('837I', { since: '2026-01-01' })).text);
    const at = segs.findIndex((s) => s[0] === 'CLM' && s[1] === 'CONF-CL1-1');
    expect(at).toBeGreaterThan(-1);
    expect(segs.slice(at).find((s) => s[0] === 'CL1')?.slice(1, 4)).toEqual(['2', '7', '30']);
  });

  it('rejects an 837I claim without CL1 (999 IK3 code 3 naming CL1 and the claim)', async () => {
    const before = store.counts().Claim;
    const answers = await edi.receive(build837I([{ ...adult, pcn: 'CONF-NOCL1' }], { cl1: null }), { only: '837' });
    expect(answers.map((a) => a.kind)).toEqual(['999']);
    const ack = segmentsOf(answers[0].text);
    expect(ack.find((s) => s[0] === 'IK3')?.[1]).toBe('CL1');
    expect(ack.find((s) => s[0] === 'IK3')?.[4]).toBe('3');
    expect(ack.find((s) => s[0] === 'CTX')?.[1]).toBe('CLM01:CONF-NOCL1');
    expect(ack.find((s) => s[0] === 'IK5')?.[1]).toBe('R');
    expect(store.counts().Claim).toBe(before);
  });
});

describe('835 CLP06 (005010X221A1 code list, not the 837 SBR09 list)', () => {
  it('uses only codes of the 835 list: a commercial plan is not CI', async () => {
    const clp = segmentsOf((await edi.emit('835')).text).filter((s) => s[0] === 'CLP');
    expect(clp.length).toBeGreaterThan(0);
    for (const s of clp) expect(CLAIM_FILING_835, s.join('*')).toContain(s[6]);
  });
});

describe('999 (005010X231A1)', () => {
  it('writes IK303 as a loop id of at most 4 characters, IK402 as a data element number, each IK4 once', async () => {
    const bad = build270([{ payerId: adult.payerId, memberId: 'BAD ID~', last: 'DOE', first: 'JO', birthDate: '2013-99-01', trace: 'T1' }])
      .replace('DMG*D8*20139901', 'DMG*D8*20139901')
      .replace('NM1*IL*1*DOE*JO****MI*', 'NM1*IL*9*DOE*JO****MI*');
    const [ack] = await edi.receive(bad, { only: '270' });
    const segs = segmentsOf(ack.text);
    const ik3 = segs.filter((s) => s[0] === 'IK3');
    expect(ik3.length).toBeGreaterThan(0);
    for (const s of ik3) if (s[3]) expect(s[3].length).toBeLessThanOrEqual(4);
    expect(ik3.find((s) => s[1] === 'NM1')?.[3]).toBe('2100');
    const ik4 = segs.filter((s) => s[0] === 'IK4');
    expect(ik4.length).toBeGreaterThan(0);
    for (const s of ik4) if (s[2]) expect(s[2]).toMatch(/^\d{1,4}$/);
    expect(new Set(ik4.map((s) => s.join('*'))).size).toBe(ik4.length);
    expect(validateDocument(ack.text).ok).toBe(true);
  });

  it('names a bad component by its own data element (IK402 1270 for HI01-1, not C022)', async () => {
    const text = build837I([{ ...adult, pcn: 'CONF-HI' }]).replace('HI*ABK:', 'HI*XXX:');
    const [ack] = await edi.receive(text, { only: '837' });
    const ik4 = segmentsOf(ack.text).filter((s) => s[0] === 'IK4');
    expect(ik4.map((s) => s.slice(1, 4))).toEqual([['1:1', '1270', '7']]);
  });
});

describe('271 when a dependant inquiry\'s subscriber is not found', () => {
  it('says HL04 = 0 (no 2000D follows) and still echoes the dependant\'s trace', async () => {
    const text = build270([{ payerId: adult.payerId, memberId: 'NOSUCHMEMBER', last: 'NOBODY', first: 'PAT', trace: 'SUBTRACE', dependent: { last: 'NOBODY', first: 'KID', trace: 'DEPTRACE' } }]);
    const answers = await edi.receive(text, { only: '270' });
    const reply = answers.find((a) => a.kind === '271');
    expect(reply).toBeDefined();
    const segs = segmentsOf(reply?.text ?? '');
    const hl22 = segs.find((s) => s[0] === 'HL' && s[3] === '22');
    expect(hl22?.[4]).toBe('0');
    expect(segs.some((s) => s[0] === 'HL' && s[3] === '23')).toBe(false);
    expect(segs.filter((s) => s[0] === 'TRN').map((s) => s[2])).toContain('DEPTRACE');
    expect(segs.find((s) => s[0] === 'AAA')?.[3]).toBe('75');
    expect(validateDocument(reply?.text ?? '').ok).toBe(true);
  });
});

describe('a dependant with a member id of their own (5010: the patient is then the subscriber)', () => {
  it('is sent in 2000B under their own id, and the 837 and 835 name them alike', async () => {
    const dependantClaims = [...store.all<Claim>('Claim')].filter((c) => {
      const cov = store.read<Coverage>('Coverage', ref(c.insurance?.[0]?.coverage));
      return cov.relationship?.coding?.[0]?.code !== 'self' && c.type?.coding?.[0]?.code === 'professional';
    });
    expect(dependantClaims.length).toBeGreaterThan(0);
    const claimSegs = segmentsOf((await edi.emit('837P')).text);
    expect(claimSegs.some((s) => s[0] === 'HL' && s[3] === '23')).toBe(false);
    const remitSegs = segmentsOf((await edi.emit('835')).text);
    for (const claim of dependantClaims) {
      const pcn = claim.identifier?.find((i) => i.system === IDENTIFIER.patientControlNumber)?.value ?? '';
      const patient = store.read<Patient>('Patient', ref(claim.patient));
      const coverage = store.read<Coverage>('Coverage', ref(claim.insurance?.[0]?.coverage));
      const at = claimSegs.findIndex((s) => s[0] === 'CLM' && s[1] === pcn);
      let from = at;
      while (from > 0 && !(claimSegs[from][0] === 'HL' && claimSegs[from][3] === '22')) from--;
      const il = claimSegs.slice(from, at).find((s) => s[0] === 'NM1' && s[1] === 'IL');
      expect(claimSegs.slice(from, at).find((s) => s[0] === 'SBR')?.[2]).toBe('18');
      expect(il?.[9]).toBe(memberIdOf(patient, coverage));
      const clp = remitSegs.findIndex((s) => s[0] === 'CLP' && s[1] === pcn);
      if (clp < 0) continue;
      expect(remitSegs.slice(clp).find((s) => s[0] === 'NM1' && s[1] === 'QC')?.[9]).toBe(il?.[9]);
    }
  });
});

describe('834 memberships', () => {
  it('lists an older coverage under another subscriber id in its own INS loop, with its own REF*0F', async () => {
    const current = [...store.all<Coverage>('Coverage')].find((c) => c.relationship?.coding?.[0]?.code === 'self') as Coverage;
    const older: Coverage = {
      ...current,
      id: 'conf-older-coverage',
      status: 'cancelled',
      subscriberId: 'OLD000000',
      identifier: [{ system: IDENTIFIER.memberId, value: 'OLD00000001' }],
      period: { start: '2019-01-01', end: '2019-12-31' },
    };
    await store.create(older);
    const segs = segmentsOf((await edi.emit('834')).text);
    const ref0F = segs.findIndex((s) => s[0] === 'REF' && s[1] === '0F' && s[2] === 'OLD000000');
    expect(ref0F).toBeGreaterThan(-1);
    const loop = segs.slice(ref0F, segs.findIndex((s, i) => i > ref0F && s[0] === 'INS'));
    expect(loop.find((s) => s[0] === 'NM1' && s[1] === 'IL')?.[9]).toBe('OLD00000001');
    expect(loop.filter((s) => s[0] === 'DTP').map((s) => s.slice(1).join('*'))).toEqual(['348*D8*20190101', '349*D8*20191231']);
    await store.delete('Coverage', 'conf-older-coverage');
  });
});

describe('interchange envelope per trading partner', () => {
  it('sends ISA15 = T by default, and each partner its own ISA06, ISA08 and ISA15', async () => {
    expect((await edi.emit('834')).text.slice(0, 106).split('*')[15]).toBe('T');
    const partnered = createEdi(store, { partners: { acme: { receiverId: 'ACMECLEAR', usage: 'P', senderId: 'CDGPROD' } } });
    const isa = (await partnered.emit('834', { partner: 'acme' })).text.slice(0, 106).split('*');
    expect([isa[6].trim(), isa[8].trim(), isa[15]]).toEqual(['CDGPROD', 'ACMECLEAR', 'P']);
    await expect(partnered.emit('834', { partner: 'nope' })).rejects.toThrow(/unknown trading partner/);
  });

  it('is configured from the settings, and GET /edi/* answers 404 for an unknown payer or partner', async () => {
    const app = createApp({ store, population: { config: GOLDEN_CONFIG, generationSeconds: 0 }, version: 'test', settings: { ediUsage: 'P', ediSenderId: 'MYPLAN', ediPartners: ['acme:ACMECLEAR:T'] } });
    const ok = await request(app).get('/edi/834').query({ partner: 'acme' });
    expect(ok.status).toBe(200);
    const isa = ok.text.slice(0, 106).split('*');
    expect([isa[6].trim(), isa[8].trim(), isa[15]]).toEqual(['MYPLAN', 'ACMECLEAR', 'T']);
    expect((await request(app).get('/edi/835')).text.slice(0, 106).split('*')[15]).toBe('P');
    for (const [path, query] of [['/edi/834', { payer: 'NOPE' }], ['/edi/835', { payer: 'NOPE' }], ['/edi/837', { payer: 'NOPE' }], ['/edi/834', { partner: 'nope' }]] as const) {
      const res = await request(app).get(path).query(query);
      expect(res.status, `${path} ${JSON.stringify(query)}`).toBe(404);
      expect(res.body.resourceType).toBe('OperationOutcome');
      expect(res.body.issue[0].code).toBe('not-found');
      expect(res.body.issue[0].diagnostics).toMatch(/unknown (payer|trading partner)/);
    }
    expect((await request(app).get('/edi/834').query({ payer: adult.payerId })).status).toBe(200);
  });

  it('answers a test interchange with test acknowledgments (ISA15 echoed)', async () => {
    const answers = await edi.receive(build270([{ payerId: adult.payerId, memberId: adult.subscriber.memberId, last: adult.subscriber.last, first: adult.subscriber.first, trace: 'ECHO' }]), { only: '270' });
    for (const d of answers) for (const one of docs(d.text)) expect(one.slice(0, 106).split('*')[15]).toBe('T');
  });
});
