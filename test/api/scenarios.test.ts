import type { Claim, Coverage, ExplanationOfBenefit, Organization } from 'fhir/r4';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scenario } from '../../server/api/scenarios.js';
import { fhirFixture } from '../fhir/fixture.js';
import { build276 } from '../edi/helpers.js';
import { IDENTIFIER } from '../../population/conventions.js';

let fixture: Awaited<ReturnType<typeof fhirFixture>>;

beforeAll(async () => {
  // 100 patients: the smallest fixture of this seed holding a member with two coverages (coordination of benefits).
  fixture = await fhirFixture(100);
});

afterAll(async () => {
  await fixture?.store.close();
});

async function catalog(): Promise<Scenario[]> {
  const res = await request(fixture.app).get('/api/v1/scenarios').expect(200);
  expect(res.body).toMatchObject({ success: true, meta: { version: 'test' } });
  expect(res.body.meta.request_id).toMatch(/^[0-9a-f-]{36}$/);
  return res.body.data.scenarios as Scenario[];
}

/** Sends a scenario's ready request as it is. */
async function send(s: Scenario): Promise<request.Response> {
  const r = s.request!;
  const call = r.method === 'POST' ? request(fixture.app).post(r.path).set(r.headers).send(r.body) : request(fixture.app).get(r.path).set(r.headers);
  return call.expect(200);
}

const segments = (x12: string): string[] => x12.split('~').map((s) => s.trim());

/** Checks the answer to a scenario's request shows what the scenario says. */
function checkAnswer(s: Scenario, res: request.Response): void {
  const expected = s.expect;
  if (s.request!.path === '/edi/270') {
    const seg = segments(res.text);
    if (expected.eligibility === 'rejected') expect(seg).toContain(`AAA*N**${String(expected.aaa03)}*C`);
    else expect(seg.some((x) => x.startsWith(`EB*${expected.eligibility === 'active' ? '1' : '6'}*`)), `${s.key}: ${res.text}`).toBe(true);
    if (expected.remaining === 0) expect(seg.some((x) => x.startsWith(`EB*${String(expected.eb01)}*IND*30***29*0*`)), `${s.key}: ${res.text}`).toBe(true);
    return;
  }
  if (s.request!.path.startsWith('/fhir/ExplanationOfBenefit/')) {
    const eob = JSON.parse(res.text) as ExplanationOfBenefit;
    if (expected.x12_277 === 'P1') {
      expect(eob.outcome).toBe('queued');
      expect(eob.payment).toBeUndefined();
      return;
    }
    expect(eob.outcome).toBe('complete');
    const benefit = (eob.item ?? []).flatMap((i) => i.adjudication ?? []).filter((a) => a.category.coding?.[0]?.code === 'benefit').reduce((n, a) => n + (a.amount?.value ?? 0), 0);
    expect(benefit > 0).toBe(expected.paid);
    if (expected.carc !== undefined) expect(JSON.stringify(eob)).toContain(`"code":"${String(expected.carc)}"`);
    return;
  }
  if (s.request!.path.startsWith('/fhir/Coverage?')) {
    const orders = (JSON.parse(res.text) as { entry?: Array<{ resource: Coverage }> }).entry?.map((e) => e.resource.order).sort();
    expect(orders).toEqual([1, 2]);
  }
}

describe('GET /api/v1/scenarios', () => {
  it('lists every scenario, and each available one answers as it says when its request is sent', async () => {
    const scenarios = await catalog();
    expect(scenarios.map((s) => s.key)).toEqual([
      'active-subscriber', 'dependant-own-member-id', 'terminated-coverage', 'future-effective-coverage', 'deductible-met', 'out-of-pocket-met',
      'claim-paid', 'claim-denied', 'claim-pended', 'coordination-of-benefits', 'unknown-member',
    ]);
    const available = scenarios.filter((s) => s.available);
    expect(scenarios.filter((s) => !s.available).map((s) => `${s.key}: ${s.unavailable ?? ''}`)).toEqual([]);
    for (const s of available) checkAnswer(s, await send(s));
    expect(available.find((s) => s.key === 'claim-denied')!.subject!.carc).toMatch(/^\w{1,3}$/);
    const openapi = await request(fixture.app).get('/api/openapi.json').expect(200);
    expect(Object.keys(openapi.body.paths)).toContain('/api/v1/scenarios');
  });

  it('stays true after a write: terminating the active subscriber\'s coverage makes them the terminated-coverage subject', async () => {
    const before = (await catalog()).find((s) => s.key === 'active-subscriber')!;
    const coverage = fixture.store.read<Coverage>('Coverage', before.subject!.coverageId);
    const ended: Coverage = { ...coverage, period: { ...coverage.period, end: '2025-06-30' } };
    // Straight into the store (an HTTP PUT would first start the validation workers, seconds on a busy machine).
    await fixture.store.update(ended);
    const after = await catalog();
    const terminated = after.find((s) => s.key === 'terminated-coverage')!;
    expect(terminated.available).toBe(true);
    expect(terminated.subject!.patientId).toBe(before.subject!.patientId);
    checkAnswer(terminated, await send(terminated));
    expect(after.find((s) => s.key === 'active-subscriber')!.subject!.patientId).not.toBe(before.subject!.patientId);
  });

  it('reads the pended claim and the COB member right over X12: 277 P1, no 835 for the pended claim, 837 2320/2330 loops, secondary 835 CLP02 2', async () => {
    const scenarios = await catalog();
    const pended = scenarios.find((s) => s.key === 'claim-pended')!.subject!;
    const claim = fixture.store.read<Claim>('Claim', pended.claimId);
    const pcn = claim.identifier!.find((i) => i.system === IDENTIFIER.patientControlNumber)!.value!;
    const status = await request(fixture.app).post('/edi/276').set('Content-Type', 'application/edi-x12').send(build276([{ trace: 'T-PEND', pcn }])).expect(200);
    expect(segments(status.text).some((x) => x.startsWith('STC*P1:')), status.text).toBe(true);
    const remit = await request(fixture.app).get('/edi/835').expect(200);
    expect(segments(remit.text).filter((x) => x.startsWith('CLP*')).length).toBeGreaterThan(0);
    expect(segments(remit.text).some((x) => x.startsWith(`CLP*${pcn}*`))).toBe(false);

    const cob = scenarios.find((s) => s.key === 'coordination-of-benefits')!.subject!;
    const claims = [...fixture.store.all<Claim>('Claim')].filter((c) => c.patient.reference === `Patient/${cob.patientId}` && (c.insurance ?? []).length === 2);
    expect(claims.length).toBeGreaterThan(0);
    const c = claims.find((x) => x.type.coding?.[0]?.code === 'professional') ?? claims[0];
    const [primary, secondary] = (c.insurance ?? []).map((i) => fixture.store.read<Coverage>('Coverage', i.coverage.reference!.split('/')[1]));
    expect([primary.order, secondary.order, c.insurance![0].focal, c.insurance![1].focal]).toEqual([1, 2, true, false]);
    const otherPayer = fixture.store.read<Organization>('Organization', secondary.payor[0].reference!.split('/')[1]);
    const otherPayerId = otherPayer.identifier!.find((i) => i.system === IDENTIFIER.payerId)!.value!;
    const cpcn = c.identifier![0].value!;
    const doc = await request(fixture.app).get(`/edi/837?type=${c.type.coding?.[0]?.code === 'professional' ? 'P' : 'I'}`).expect(200);
    const seg = segments(doc.text);
    const at = seg.findIndex((x) => x.startsWith(`CLM*${cpcn}*`));
    const loops = seg.slice(at, seg.findIndex((x, i) => i > at && x.startsWith('LX*')));
    expect(loops.some((x) => x.startsWith('SBR*S*')), loops.join('~')).toBe(true);
    expect(loops.some((x) => x.startsWith('OI***Y*'))).toBe(true);
    expect(loops.some((x) => x.startsWith('NM1*PR*2*') && x.endsWith(`*PI*${otherPayerId}`))).toBe(true);
    const ack = await request(fixture.app).post('/edi/837').set('Content-Type', 'application/edi-x12').send(doc.text).expect(200);
    expect(segments(ack.text).find((x) => x.startsWith('AK9*')), ack.text.slice(0, 600)).toMatch(/^AK9\*A\*/);
    // The secondary's EOB pays after the primary's, and its 835 says so (CLP02 2: processed as secondary).
    const eobs = [...fixture.store.all<ExplanationOfBenefit>('ExplanationOfBenefit')].filter((e) => e.claim?.reference === `Claim/${c.id ?? ''}`);
    expect(eobs.map((e) => e.insurance[0].coverage.reference)).toEqual([`Coverage/${primary.id ?? ''}`, `Coverage/${secondary.id ?? ''}`]);
    const secondaryRemit = await request(fixture.app).get(`/edi/835?payer=${otherPayerId}`).expect(200);
    expect(segments(secondaryRemit.text).some((x) => x.startsWith(`CLP*${cpcn}*2*`)), secondaryRemit.text.slice(0, 400)).toBe(true);
  });
});
