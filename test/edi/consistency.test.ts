import type { Claim, Coverage, Organization, Patient } from 'fhir/r4';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../data-store/store.js';
import { coverageActiveOn, memberIdOf, payerIdOf } from '../../edi/fhir/projection.js';
import type { Edi } from '../../edi/gateway.js';
import { GOLDEN_CONFIG, build270, goldenEdi, goldenStore, segmentsOf } from './helpers.js';

let store: Store;
let edi: Edi;
beforeAll(async () => {
  store = await goldenStore();
  edi = goldenEdi(store);
});

describe('one member, the same facts in every document and in FHIR', () => {
  it('member id, name, birth date and payer id agree across 834, 837P, 835 and 271', async () => {
    const claims = [...store.all<Claim>('Claim')].filter((c) => c.type?.coding?.[0]?.code === 'professional');
    const coverages = [...store.all<Coverage>('Coverage')];
    // A subscriber with an active coverage and at least one professional claim of their own.
    const coverage = coverages.find((c) => c.relationship?.coding?.[0]?.code === 'self' && coverageActiveOn(c, GOLDEN_CONFIG.asOf)
      && claims.some((cl) => cl.insurance?.[0]?.coverage?.reference === `Coverage/${c.id}`)) as Coverage;
    expect(coverage).toBeDefined();
    const patient = store.read<Patient>('Patient', coverage.beneficiary.reference?.split('/')[1] ?? '');
    const payerId = payerIdOf(store.read<Organization>('Organization', coverage.payor[0].reference?.split('/')[1] ?? ''));
    const memberId = memberIdOf(patient, coverage) as string;
    const family = patient.name?.[0]?.family;
    const given = patient.name?.[0]?.given?.[0];
    const dob = patient.birthDate?.replace(/-/g, '');
    expect(patient.identifier?.some((i) => i.value === memberId)).toBe(true);

    const nm1 = (text: string, entity: string) => segmentsOf(text).map((s, i, all) => ({ s, next: all.slice(i + 1, i + 6) })).filter(({ s }) => s[0] === 'NM1' && s[1] === entity && s[9] === memberId);

    const in834 = nm1((await edi.emit('834')).text, 'IL');
    const in837 = nm1((await edi.emit('837P')).text, 'IL');
    const in835 = nm1((await edi.emit('835')).text, 'QC');
    const r271 = await edi.receive(build270([{ payerId, memberId, last: family ?? '', first: given ?? '', birthDate: patient.birthDate, trace: 'C1' }]));
    const in271 = nm1(r271[0].text, 'IL');
    for (const [name, hits] of [['834', in834], ['837P', in837], ['835', in835], ['271', in271]] as const) {
      expect(hits.length, name).toBeGreaterThan(0);
      for (const { s, next } of hits) {
        expect([s[3], s[4]], name).toEqual([family, given]);
        const dmg = next.find((x) => x[0] === 'DMG');
        if (name !== '835') expect(dmg?.[2], name).toBe(dob);
      }
    }
    const text837 = (await edi.emit('837P')).text;
    expect(segmentsOf(text837).some((s) => s[0] === 'NM1' && s[1] === 'PR' && s[9] === payerId)).toBe(true);
    expect(segmentsOf((await edi.emit('834')).text).some((s) => s[0] === 'N1' && s[1] === 'IN' && s[4] === payerId)).toBe(true);
    expect(segmentsOf((await edi.emit('835')).text).some((s) => s[0] === 'REF' && s[1] === '2U' && s[2] === payerId)).toBe(true);
    expect(segmentsOf(r271[0].text).some((s) => s[0] === 'NM1' && s[1] === 'PR' && s[9] === payerId)).toBe(true);
  });
});
