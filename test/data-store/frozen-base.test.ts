import type { Bundle, Claim, Patient } from 'fhir/r4';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freezeDeep } from '../../data-store/freeze.js';
import { createStore, type Store } from '../../data-store/index.js';
import { IDENTIFIER } from '../../population/conventions.js';
import { createApp } from '../../server/app.js';
import { GOLDEN_CONFIG, build270, build276, build837P, coveredSubscriber, population, segmentsOf } from '../edi/helpers.js';

// Generated versions are frozen only at the top level and meta at load (data-store/freeze.ts: deeply, the base
// would cost ~12% of start-up, and deeply frozen objects make documents written afresh ~30% slower). What keeps
// something derived from a stored version by its identity (edi/cache.ts blocks, data-store/version-json.ts)
// relies on no code changing a version in place: here the whole base is frozen deeply and every face runs over
// it, so a change in place anywhere on these paths throws (a TypeError, answered 500) and fails the test.

let store: Store;
let app: ReturnType<typeof createApp>;
const ref = (r: { reference?: string } | undefined) => r?.reference?.split('/')[1] ?? '';

beforeAll(async () => {
  const resources = population(GOLDEN_CONFIG);
  for (const r of resources) freezeDeep(r);
  store = await createStore({ base: () => resources, baseLastUpdated: `${GOLDEN_CONFIG.asOf}T00:00:00Z` });
  app = createApp({ store, population: { config: GOLDEN_CONFIG, generationSeconds: 0 }, version: 'test' });
});
afterAll(() => store.close());

describe('a base population frozen deeply', () => {
  it('is what the store holds (a change in place throws)', () => {
    const claim = [...store.all<Claim>('Claim')][0];
    expect(Object.isFrozen(claim.item?.[0]?.productOrService.coding)).toBe(true);
    expect(() => { (claim.item![0] as { sequence: number }).sequence = 99; }).toThrow(TypeError);
  });

  it('serves every outbound X12 document, twice (written, then from kept blocks), and the X12 inquiries and claims', async () => {
    for (let round = 0; round < 2; round++) {
      for (const path of ['834', '837?type=P', '837?type=I', '837?type=D', '835']) await request(app).get(`/edi/${path}`).expect(200);
    }
    const covered = coveredSubscriber(store);
    const { memberId, last, first, birthDate } = covered.subscriber;
    const post = (path: string, body: string) => request(app).post(`/edi/${path}`).set('Content-Type', 'application/edi-x12').send(body).expect(200);
    expect((await post('270', build270([{ payerId: covered.payerId, memberId, last, first, birthDate, trace: 'FROZEN' }]))).text).toContain('EB*');
    const pcn = [...store.all<Claim>('Claim')][0].identifier!.find((i) => i.system === IDENTIFIER.patientControlNumber)!.value!;
    expect((await post('276', build276([{ trace: 'FROZEN', pcn }]))).text).toContain('STC*');
    const answer = await post('837', build837P([{ ...covered, pcn: 'FROZEN-1', diagnoses: ['E11.9'], lines: [{ code: '99213', charge: 120, date: '2025-12-01' }] }]));
    expect(segmentsOf(answer.text).find((s) => s[0] === 'AK9')?.[1]).toBe('A');
  });

  it('serves FHIR reads, searches with includes, history and $everything for every patient, the scenario catalog, and an update', async () => {
    for (const type of Object.keys(store.counts())) await request(app).get(`/fhir/${type}?_count=50`).expect(200);
    const patients = [...store.all<Patient>('Patient')];
    const p = patients[0];
    const searches = [
      `Patient?family=${encodeURIComponent(p.name![0].family!)}`, `Claim?patient=${p.id}&_include=Claim:patient`,
      `ExplanationOfBenefit?patient=${p.id}&_include=ExplanationOfBenefit:claim`, `Coverage?beneficiary=${p.id}&_revinclude=ExplanationOfBenefit:coverage`,
      `Observation?subject=${p.id}&_sort=-date`, `Patient?_id=${p.id}&_revinclude=Encounter:subject`,
    ];
    for (const s of searches) {
      const res = await request(app).get(`/fhir/${s}`);
      expect(res.status, `${s}: ${JSON.stringify(res.body).slice(0, 300)}`).toBe(200);
      expect((res.body as Bundle).entry?.length, s).toBeGreaterThan(0);
    }
    for (const x of patients) {
      const bundle = (await request(app).get(`/fhir/Patient/${x.id}/$everything?_count=1000`).expect(200)).body as Bundle;
      expect(bundle.entry?.length).toBeGreaterThan(0);
      await request(app).get(`/fhir/Patient/${x.id}`).expect(200);
      await request(app).get(`/fhir/Patient/${x.id}/_history`).expect(200);
    }
    const coverage = ref([...store.all<Claim>('Claim')].find((c) => c.patient.reference === `Patient/${p.id}`)?.insurance?.[0]?.coverage);
    await request(app).get(`/fhir/Coverage/${coverage}`).expect(200);
    await request(app).get('/api/v1/scenarios').expect(200);
    const read = (await request(app).get(`/fhir/Patient/${p.id}`).expect(200)).body as Patient;
    await request(app).put(`/fhir/Patient/${p.id}`).set('Content-Type', 'application/fhir+json').send({ ...read, active: false }).expect(200);
  });
});
