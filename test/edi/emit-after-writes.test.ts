import type { Claim, Coverage, ExplanationOfBenefit, Patient, Practitioner } from 'fhir/r4';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../data-store/store.js';
import type { Edi } from '../../edi/gateway.js';
import { IDENTIFIER } from '../../population/conventions.js';
import { goldenEdi, goldenStore, segmentsOf } from './helpers.js';

// The 837 copies each claim's loops, and each member's subscriber and patient loops, from the previous
// document while the resource versions they were written from and the delimiters are unchanged; these check
// that any change shows in the next one.

let store: Store;
let edi: Edi;
beforeAll(async () => {
  store = await goldenStore();
  edi = goldenEdi(store);
});

const pcnOf = (c: Claim) => c.identifier?.find((i) => i.system === IDENTIFIER.patientControlNumber)?.value ?? c.id;
const isProfessional = (c: Claim) => c.type?.coding?.some((x) => x.code === 'professional') === true;

/** CLM segments by CLM01, and the NM1*82 following each (the claim's rendering provider). */
function claimsIn(text: string): Map<string, { clm: string[]; rendering?: string[] }> {
  const out = new Map<string, { clm: string[]; rendering?: string[] }>();
  let current: { clm: string[]; rendering?: string[] } | undefined;
  for (const s of segmentsOf(text)) {
    if (s[0] === 'CLM') out.set(s[1], (current = { clm: s }));
    else if (s[0] === 'NM1' && s[1] === '82' && current) current.rendering = s;
    else if (s[0] === 'HL') current = undefined;
  }
  return out;
}

describe('837P after writes to the store', () => {
  it('shows a changed claim and a renamed rendering provider in the next document, and nothing else changes', async () => {
    const before = claimsIn((await edi.emit('837P')).text);
    const claim = [...store.all<Claim>('Claim')].find((c) => isProfessional(c) && c.careTeam?.length && c.item?.[0]?.net?.value !== undefined) as Claim;
    const practitionerId = claim.careTeam![0].provider.reference!.split('/')[1];
    const practitioner = store.read<Practitioner>('Practitioner', practitionerId);
    const renderedBy = [...store.all<Claim>('Claim')].filter((c) => isProfessional(c) && c.careTeam?.[0]?.provider.reference === `Practitioner/${practitionerId}`).map(pcnOf);

    await store.update({ ...claim, item: claim.item!.map((item, i) => (i === 0 ? { ...item, net: { ...item.net, value: item.net!.value! + 10 } } : item)) });
    await store.update({ ...practitioner, name: (practitioner.name ?? [{}]).map((n) => ({ ...n, family: 'Renamed' })) });
    const after = claimsIn((await edi.emit('837P')).text);

    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    const pcn = pcnOf(claim) as string;
    expect(Number(after.get(pcn)!.clm[2])).toBeCloseTo(Number(before.get(pcn)!.clm[2]) + 10, 2);
    expect(renderedBy.length).toBeGreaterThan(0);
    for (const p of renderedBy) expect(after.get(p as string)!.rendering?.[3]).toBe('Renamed');
    for (const [p, was] of before) {
      if (p === pcn) continue;
      expect(after.get(p)!.clm).toEqual(was.clm);
      if (!renderedBy.includes(p)) expect(after.get(p)!.rendering).toEqual(was.rendering);
    }
  });

  it('shows a changed subscriber, dependant and coverage in the next document', async () => {
    const claims = [...store.all<Claim>('Claim')].filter(isProfessional);
    const coverageOf = (c: Claim) => store.read<Coverage>('Coverage', c.insurance![0].coverage.reference!.split('/')[1]);
    const own = claims.find((c) => coverageOf(c).relationship?.coding?.[0]?.code === 'self') as Claim;
    const dependant = claims.find((c) => coverageOf(c).relationship?.coding?.[0]?.code !== 'self') as Claim;
    expect(own && dependant).toBeTruthy();
    edi.emit('837P');

    const subscriber = store.read<Patient>('Patient', own.patient.reference!.split('/')[1]);
    await store.update({ ...subscriber, name: (subscriber.name ?? [{}]).map((n) => ({ ...n, family: 'Newname' })) });
    const child = store.read<Patient>('Patient', dependant.patient.reference!.split('/')[1]);
    await store.update({ ...child, birthDate: '2011-02-03' });
    const coverage = coverageOf(own);
    await store.update({ ...coverage, class: coverage.class!.map((c) => (c.type.coding?.[0]?.code === 'group' ? { ...c, value: 'GRP-CHANGED' } : c)) });

    // Loops per claim: the 2000B/2000C segments written before each CLM since the last HL*20.
    const segments = segmentsOf((await edi.emit('837P')).text);
    const memberOf = (pcn: string) => {
      const at = segments.findIndex((s) => s[0] === 'CLM' && s[1] === pcn);
      let from = at;
      while (from > 0 && !(segments[from][0] === 'HL' && segments[from][3] === '22')) from--;
      return segments.slice(from, at);
    };
    const ownLoops = memberOf(pcnOf(own) as string);
    expect(ownLoops.find((s) => s[0] === 'NM1' && s[1] === 'IL')?.[3]).toBe('Newname');
    expect(ownLoops.find((s) => s[0] === 'SBR')?.[3]).toBe('GRP-CHANGED');
    const childLoops = memberOf(pcnOf(dependant) as string);
    // The dependant has a member id of their own: by the 5010 rule they are the 2000B subscriber, no 2000C.
    expect(childLoops.find((s) => s[0] === 'NM1' && s[1] === 'QC')).toBeUndefined();
    const il = childLoops.findIndex((s) => s[0] === 'NM1' && s[1] === 'IL');
    expect(il).toBeGreaterThan(-1);
    expect(childLoops.slice(il).find((s) => s[0] === 'DMG')?.[2]).toBe('20110203');
  });

  it('writes the same claims with other delimiters, and back, element for element', async () => {
    const plain = segmentsOf((await edi.emit('837P')).text);
    const other = (await edi.emit('837P', { edi: { delimiters: { element: '|', component: '>', repetition: '!', segment: "'" }, lineBreak: '' } })).text;
    const again = segmentsOf((await edi.emit('837P')).text);
    const body = (segments: string[][]) => segments.filter((s) => !['ISA', 'GS', 'ST', 'SE', 'GE', 'IEA', 'BHT'].includes(s[0])).map((s) => s.join('^'));
    expect(other).not.toContain('~');
    // Data holding a character that is now a delimiter (O'Keefe with ' as segment terminator) has it replaced by a space.
    expect(body(segmentsOf(other)).map((s) => s.replace(/>/g, ':'))).toEqual(body(plain).map((s) => s.replace(/'/g, ' ')));
    expect(body(again)).toEqual(body(plain));
  });
});

describe('837I after writes to the store', () => {
  it('shows a changed institutional claim in the next document, and nothing else changes', async () => {
    const before = claimsIn((await edi.emit('837I')).text);
    const claim = [...store.all<Claim>('Claim')].find((c) => c.type?.coding?.some((x) => x.code === 'institutional') && c.item?.[0]?.net?.value !== undefined) as Claim;
    expect(claim).toBeTruthy();
    await store.update({ ...claim, item: claim.item!.map((item, i) => (i === 0 ? { ...item, net: { ...item.net, value: item.net!.value! + 25 } } : item)) });
    const after = claimsIn((await edi.emit('837I')).text);
    const pcn = pcnOf(claim) as string;
    expect(Number(after.get(pcn)!.clm[2])).toBeCloseTo(Number(before.get(pcn)!.clm[2]) + 25, 2);
    for (const [p, was] of before) if (p !== pcn) expect(after.get(p)!.clm).toEqual(was.clm);
  });
});

describe('835 after writes to the store', () => {
  it('shows a changed EOB and a renamed patient in the next document, and nothing else changes', async () => {
    const clps = (text: string) => {
      const out = new Map<string, string[][]>();
      let current: string[][] | undefined;
      for (const s of segmentsOf(text)) {
        if (s[0] === 'CLP') out.set(s[1], (current = [s]));
        else if (['SE', 'LX'].includes(s[0])) current = undefined;
        else current?.push(s);
      }
      return out;
    };
    const before = clps((await edi.emit('835')).text);
    // The 835 remits the 837 claims: pharmacy EOBs are not in it (edi/transactions/835.ts).
    const eobs = [...store.all<ExplanationOfBenefit>('ExplanationOfBenefit')].filter((e) => e.item?.length && e.type.coding?.[0]?.code !== 'pharmacy');
    const eob = eobs[0];
    const other = eobs.find((e) => e.patient.reference !== eob.patient.reference) as ExplanationOfBenefit;
    const claimPcn = (e: ExplanationOfBenefit) => pcnOf(store.read<Claim>('Claim', e.claim!.reference!.split('/')[1])) as string;
    await store.update({ ...eob, identifier: [...(eob.identifier ?? []).filter((i) => i.system !== IDENTIFIER.payerClaimNumber), { system: IDENTIFIER.payerClaimNumber, value: 'PCN-CHANGED' }] });
    const patient = store.read<Patient>('Patient', other.patient.reference!.split('/')[1]);
    await store.update({ ...patient, name: (patient.name ?? [{}]).map((n) => ({ ...n, family: 'Remitname' })) });
    const after = clps((await edi.emit('835')).text);

    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    expect(after.get(claimPcn(eob))![0][7]).toBe('PCN-CHANGED');
    const renamed = new Set(eobs.filter((e) => e.patient.reference === other.patient.reference).map(claimPcn));
    for (const pcn of renamed) expect(after.get(pcn)!.find((s) => s[0] === 'NM1' && s[1] === 'QC')?.[3]).toBe('Remitname');
    for (const [pcn, was] of before) if (pcn !== claimPcn(eob) && !renamed.has(pcn)) expect(after.get(pcn)).toEqual(was);
  });
});
