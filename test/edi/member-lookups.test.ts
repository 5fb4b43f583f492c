import type { Coverage, Organization, Patient } from 'fhir/r4';
import express from 'express';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../data-store/store.js';
import { coverageActiveOn, memberIdOf, npiOf, payerIdOf } from '../../edi/fhir/projection.js';
import { validateDocument } from '../../edi/validate-document.js';
import { IDENTIFIER } from '../../population/conventions.js';
import { createEdiRouter } from '../../server/edi/router.js';
import { FIXED_NOW, GOLDEN_CONFIG, build270, build837P, goldenStore, segmentsOf, type Inquiry270 } from './helpers.js';

/**
 * Per-request EDI lookups (270 -> 271, 837 intake) are store searches, never a walk over a whole type: the EDI
 * router runs over a real store whose `all()` throws, as walking the population is not affordable at a million
 * patients (POPULATION_MODE=regenerated regenerates every record for it).
 */
let store: Store;
let app: express.Express;
let subscriber: { patient: Patient; coverage: Coverage; dependant: Patient; payerId: string; npi: string; provider: string };

/** The store with every other method as it is and `all()` refused. */
function withoutWalks(real: Store): Store {
  return new Proxy(real, {
    get(target, key) {
      if (key === 'all') return (type: string) => { throw new Error(`walked every ${type}`); };
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

beforeAll(async () => {
  store = await goldenStore();
  app = express();
  app.use('/edi', createEdiRouter({ store: withoutWalks(store), asOf: GOLDEN_CONFIG.asOf, clock: () => FIXED_NOW }));
  const coverages = [...store.all<Coverage>('Coverage')];
  const isDependant = (self: Coverage) => (d: Coverage) => d.subscriberId === self.subscriberId && d.relationship?.coding?.[0]?.code !== 'self' && coverageActiveOn(d, GOLDEN_CONFIG.asOf);
  const self = coverages.find((c) => c.relationship?.coding?.[0]?.code === 'self' && coverageActiveOn(c, GOLDEN_CONFIG.asOf) && coverages.some(isDependant(c))) as Coverage;
  const read = (ref: string | undefined) => store.read<Patient>('Patient', ref?.split('/')[1] ?? '');
  const payer = store.read<Organization>('Organization', self.payor[0].reference?.split('/')[1] ?? '');
  const provider = [...store.all<Organization>('Organization')].find((o) => npiOf(o)) as Organization;
  subscriber = {
    patient: read(self.beneficiary.reference), coverage: self, dependant: read(coverages.find(isDependant(self))?.beneficiary.reference),
    payerId: payerIdOf(payer), npi: npiOf(provider) ?? '', provider: provider.name ?? '',
  };
});

const person = (p: Patient) => ({ last: p.name?.[0]?.family ?? '', first: p.name?.[0]?.given?.[0] ?? '', birthDate: p.birthDate });

async function ask(inquiries: Inquiry270[]): Promise<string[][]> {
  const res = await request(app).post('/edi/270').set('Content-Type', 'application/edi-x12').send(build270(inquiries));
  expect(res.status).toBe(200);
  expect(validateDocument(res.text).ok).toBe(true);
  return segmentsOf(res.text);
}

const inquiry = (memberId: string, trace: string): Inquiry270 => ({ payerId: subscriber.payerId, memberId, ...person(subscriber.patient), trace });

describe('EDI member lookups without walking the population', () => {
  it('270 by member id, by bare subscriber id (subscriber and dependant), unknown id and unknown payer', async () => {
    const subscriberId = subscriber.coverage.subscriberId ?? '';
    const segs = await ask([
      inquiry(memberIdOf(subscriber.patient, subscriber.coverage) ?? '', 'BY-MEMBER'),
      inquiry(subscriberId, 'BY-SUBSCRIBER'),
      { ...inquiry(subscriberId, 'SUB'), dependent: { ...person(subscriber.dependant), trace: 'DEPENDANT' } },
      inquiry('ZZ00000000001', 'UNKNOWN'),
    ]);
    const traces = segs.filter((s) => s[0] === 'TRN').map((s) => s[2]);
    expect(traces).toEqual(['BY-MEMBER', 'BY-SUBSCRIBER', 'SUB', 'DEPENDANT', 'UNKNOWN']);
    // Only the unknown member is rejected (75); the other three are answered with benefits.
    expect(segs.filter((s) => s[0] === 'AAA').map((s) => s[3])).toEqual(['75']);
    const names = segs.filter((s) => s[0] === 'NM1' && s[1] === 'IL').map((s) => s[4]);
    expect(names.slice(0, 3)).toEqual([person(subscriber.patient).first, person(subscriber.patient).first, person(subscriber.patient).first]);
    expect(segs.filter((s) => s[0] === 'NM1' && s[1] === '03').map((s) => s[4])).toEqual([person(subscriber.dependant).first]);
    expect(segs.filter((s) => s[0] === 'EB' && s[1] === '1')).toHaveLength(3);

    const unknownPayer = await ask([{ ...inquiry(subscriberId, 'NO-PAYER'), payerId: 'NOPE9' }]);
    const source = unknownPayer.findIndex((s) => s[0] === 'NM1' && s[1] === 'PR');
    expect(unknownPayer[source + 1]?.slice(0, 4)).toEqual(['AAA', 'N', '', '79']);
  });

  it('finds client-written coverages by their subscriber id: member-id identifier the subscriber id plus a sequence, or the subscriber id itself', async () => {
    const written = await store.create<Patient>({ resourceType: 'Patient', name: [{ family: 'WRITTEN', given: ['CLIENT'] }], birthDate: '1980-05-06', gender: 'female' });
    const own = { ...subscriber.coverage, subscriber: { reference: `Patient/${written.id}` }, policyHolder: { reference: `Patient/${written.id}` }, beneficiary: { reference: `Patient/${written.id}` } };
    delete own.id;
    delete own.meta;
    for (const [subscriberId, memberId] of [['CLI00000001', 'CLI0000000101'], ['CLI00000002', 'CLI00000002']]) {
      await store.create<Coverage>({ ...own, subscriberId, identifier: [{ system: IDENTIFIER.memberId, value: memberId }] });
    }
    // The written Patient carries no member id: each is found through its Coverage's subscriber id.
    const segs = await ask(['CLI00000001', 'CLI00000002'].map((id) => ({ payerId: subscriber.payerId, memberId: id, last: 'WRITTEN', first: 'CLIENT', birthDate: '1980-05-06', trace: id })));
    expect(segs.some((s) => s[0] === 'AAA')).toBe(false);
    expect(segs.filter((s) => s[0] === 'EB' && s[1] === '1')).toHaveLength(2);
  });

  it('837 intake finds the subscriber by bare subscriber id and the dependant under them', async () => {
    const common = { billingNpi: subscriber.npi, billingName: subscriber.provider, payerId: subscriber.payerId, diagnoses: ['J06.9'] };
    const sub = { memberId: subscriber.coverage.subscriberId ?? '', ...person(subscriber.patient), birthDate: subscriber.patient.birthDate ?? '', gender: 'F' as const };
    const body = build837P([
      { ...common, pcn: 'WALK-0001', subscriber: sub, lines: [{ code: '99213', charge: 125, date: '2025-12-02' }] },
      { ...common, pcn: 'WALK-0002', subscriber: sub, patient: { ...person(subscriber.dependant), birthDate: subscriber.dependant.birthDate ?? '', gender: 'M' }, lines: [{ code: '99213', charge: 125, date: '2025-12-02' }] },
      { ...common, pcn: 'WALK-0003', subscriber: { ...sub, memberId: 'ZZ00000000001' }, lines: [{ code: '99213', charge: 125, date: '2025-12-02' }] },
    ]);
    const res = await request(app).post('/edi/837').set('Content-Type', 'application/edi-x12').send(body);
    expect(res.status).toBe(200);
    const st = segmentsOf(res.text);
    const status = new Map<string, string>();
    st.forEach((s, i) => { if (s[0] === 'TRN' && s[1] === '2' && s[2].startsWith('WALK-')) status.set(s[2], st[i + 1][1]); });
    expect(Object.fromEntries(status)).toEqual({ 'WALK-0001': 'A2:20:PR', 'WALK-0002': 'A2:20:PR', 'WALK-0003': 'A3:33:IL' });
  });
});
