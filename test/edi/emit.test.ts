import type { Claim, Coverage, ExplanationOfBenefit, Organization, Patient } from 'fhir/r4';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../data-store/store.js';
import type { Edi } from '../../edi/gateway.js';
import { ADJUDICATION, IDENTIFIER } from '../../population/conventions.js';
import { validateDocument } from '../../edi/validate-document.js';
import { FIXED_NOW, goldenEdi, goldenStore, parseWithNodeX12, population } from './helpers.js';
import { createStore } from '../../data-store/index.js';
import { claimKind } from '../../edi/fhir/claim-view.js';


let store: Store;
let edi: Edi;
beforeAll(async () => {
  store = await goldenStore();
  edi = goldenEdi(store);
});

const idOf = (ids: { system?: string; value?: string }[] | undefined, system: string) => ids?.find((i) => i.system === system)?.value;
const cents = (v: string | number | undefined) => Math.round(Number(v ?? 0) * 100);
const d8 = (iso: string | undefined) => (iso ?? '').slice(0, 10).replace(/-/g, '');

function patientsByMember(): Map<string, Patient> {
  const m = new Map<string, Patient>();
  for (const p of store.all<Patient>('Patient')) for (const i of p.identifier ?? []) if (i.system === IDENTIFIER.memberId && i.value) m.set(i.value, p);
  return m;
}
function payerIds(): Set<string> {
  const s = new Set<string>();
  for (const o of store.all<Organization>('Organization')) { const v = idOf(o.identifier, IDENTIFIER.payerId); if (v) s.add(v); }
  return s;
}

describe.each(['834', '837P', '837I', '835'] as const)('%s', (kind) => {
  it('passes implementation-guide validation (its golden file: golden.test.ts)', async () => {
    const check = validateDocument((await edi.emit(kind)).text);
    expect(check.envelope).toBeUndefined();
    expect(check.sets.flatMap((s) => s.errors.map((e) => e.message).concat(s.transactionCodes))).toEqual([]);
  });

  it('has an ISA of 106 characters, matching trailers and fresh increasing control numbers', async () => {
    const a = await edi.emit(kind);
    const b = await edi.emit(kind);
    expect(a.text.indexOf('~')).toBe(105);
    expect(Number(b.controlNumber)).toBeGreaterThan(Number(a.controlNumber));
    const sets = parseWithNodeX12(a.text);
    expect(sets.length).toBeGreaterThan(0);
  });
});

describe('round trip: emit -> parse (node-x12) -> the same values as FHIR', () => {
  it('834 members: member id, name, birth date, subscriber id and payer id as stored', async () => {
    const members = patientsByMember();
    const payers = payerIds();
    const coverages = [...store.all<Coverage>('Coverage')];
    let checked = 0;
    for (const set of parseWithNodeX12((await edi.emit('834')).text)) {
      const payer = set.find((s) => s[0] === 'N1' && s[1] === 'IN')?.[4];
      expect(payers.has(payer ?? '')).toBe(true);
      set.forEach((s, i) => {
        if (s[0] !== 'NM1' || s[1] !== 'IL') return;
        const p = members.get(s[9]);
        expect(p, `member ${s[9]}`).toBeDefined();
        expect(s[3]).toBe(p?.name?.[0]?.family);
        expect(s[4]).toBe(p?.name?.[0]?.given?.[0]);
        const dmg = set.slice(i).find((x) => x[0] === 'DMG');
        expect(dmg?.[2]).toBe(d8(p?.birthDate));
        const ref0F = set.slice(0, i).reverse().find((x) => x[0] === 'REF' && x[1] === '0F')?.[2];
        expect(coverages.some((c) => c.subscriberId === ref0F && c.beneficiary.reference === `Patient/${p?.id}`)).toBe(true);
        checked++;
      });
    }
    // One INS loop per membership: each patient under each subscriber id they have had.
    expect(checked).toBe(new Set(coverages.map((c) => `${c.beneficiary.reference}|${c.subscriberId}`)).size);
  });

  it.each(['837P', '837I'] as const)('%s claims: CLM01, CLM02 = sum of lines, LX from 1, payer and member ids as stored', async (kind) => {
    const claims = new Map<string, Claim>();
    for (const c of store.all<Claim>('Claim')) claims.set(idOf(c.identifier, IDENTIFIER.patientControlNumber) ?? '', c);
    const members = patientsByMember();
    const payers = payerIds();
    let seen = 0;
    for (const set of parseWithNodeX12((await edi.emit(kind)).text)) {
      let current: { claim: Claim; lines: number; sum: number } | undefined;
      const close = () => {
        if (!current) return;
        expect(current.lines).toBe(current.claim.item?.length);
        expect(current.sum).toBe(cents(current.claim.total?.value));
      };
      let lastLx = 0;
      for (const s of set) {
        if (s[0] === 'NM1' && s[1] === 'PR') expect(payers.has(s[9])).toBe(true);
        if (s[0] === 'NM1' && s[1] === 'IL') expect(members.get(s[9])?.name?.[0]?.family).toBe(s[3]);
        if (s[0] === 'CLM') {
          close();
          const claim = claims.get(s[1]);
          expect(claim, `claim ${s[1]}`).toBeDefined();
          expect(cents(s[2])).toBe(cents(claim?.total?.value));
          current = { claim: claim as Claim, lines: 0, sum: 0 };
          lastLx = 0;
          seen++;
        }
        if (s[0] === 'LX') {
          expect(Number(s[1])).toBe(lastLx + 1);
          lastLx = Number(s[1]);
        }
        if ((s[0] === 'SV1' || s[0] === 'SV2') && current) {
          current.lines++;
          current.sum += cents(s[0] === 'SV1' ? s[2] : s[3]);
        }
      }
      close();
    }
    const expected = [...claims.values()].filter((c) => c.type?.coding?.[0]?.code === (kind === '837P' ? 'professional' : 'institutional')).length;
    expect(seen).toBe(expected);
  });

  it('835 is balanced on every line, claim and payment, and CLP01 echoes CLM01', async () => {
    const eobs = new Map<string, ExplanationOfBenefit>();
    for (const e of store.all<ExplanationOfBenefit>('ExplanationOfBenefit')) eobs.set(idOf(e.identifier, IDENTIFIER.payerClaimNumber) ?? e.id ?? '', e);
    const pcns = new Set([...store.all<Claim>('Claim')].map((c) => idOf(c.identifier, IDENTIFIER.patientControlNumber)));
    let claimsSeen = 0;
    for (const set of parseWithNodeX12((await edi.emit('835')).text)) {
      expect(set.find((s) => s[0] === 'ST')).toBeUndefined();
      const bpr = set.find((s) => s[0] === 'BPR');
      let sumClp04 = 0;
      let clp: string[] | undefined;
      let clpCas = 0;
      let svc: string[] | undefined;
      let svcCas = 0;
      const closeSvc = () => {
        if (svc) expect(cents(svc[2]) - svcCas, `SVC ${svc.join('*')}`).toBe(cents(svc[3]));
        svc = undefined;
        svcCas = 0;
      };
      const closeClp = () => {
        closeSvc();
        if (clp) expect(cents(clp[3]) - clpCas, `CLP ${clp[1]}`).toBe(cents(clp[4]));
        clp = undefined;
        clpCas = 0;
      };
      for (const s of set) {
        if (s[0] === 'CLP') {
          closeClp();
          clp = s;
          claimsSeen++;
          sumClp04 += cents(s[4]);
          expect(pcns.has(s[1])).toBe(true);
          const eob = eobs.get(s[7]);
          expect(cents(s[4])).toBe(cents(eob?.payment?.amount?.value));
          const benefit = eob?.total?.find((t) => t.category.coding?.[0]?.code === ADJUDICATION.benefit.code)?.amount?.value;
          expect(cents(s[4])).toBe(cents(benefit));
        }
        if (s[0] === 'SVC') {
          closeSvc();
          svc = s;
        }
        if (s[0] === 'CAS') {
          let total = 0;
          for (let i = 3; i < s.length; i += 3) total += cents(s[i]);
          svcCas += total;
          clpCas += total;
        }
      }
      closeClp();
      const plb = set.filter((s) => s[0] === 'PLB').reduce((t, s) => t + cents(s[4]), 0);
      expect(cents(bpr?.[2])).toBe(sumClp04 - plb);
    }
    // Every EOB but the pharmacy ones (NCPDP claims, remitted by the PBM: see edi/transactions/835.ts).
    expect(claimsSeen).toBe([...store.all<ExplanationOfBenefit>('ExplanationOfBenefit')].filter((e) => e.type.coding?.[0]?.code !== 'pharmacy').length);
  });

  it('writes with other delimiters and no delimiter appears inside data', async () => {
    const delimiters = { element: '|', component: '>', repetition: '!', segment: '\'' };
    const doc = await edi.emit('837P', { edi: { delimiters, lineBreak: '' } });
    expect(doc.text.slice(0, 4)).toBe('ISA|');
    expect(doc.text[104]).toBe('>');
    expect(doc.text[105]).toBe("'");
    expect(validateDocument(doc.text).ok).toBe(true);
    const plain = await edi.emit('837P');
    expect(doc.text.split("'").length).toBe(plain.text.split('~').length);
  });

  it('filters 834 and 835 by payer and 837 by since', async () => {
    const all = parseWithNodeX12((await edi.emit('834')).text).length;
    const one = parseWithNodeX12((await edi.emit('834', { payer: 'EVG01' })).text);
    expect(one.length).toBeLessThanOrEqual(all);
    for (const set of one) expect(set.find((s) => s[0] === 'N1' && s[1] === 'IN')?.[4]).toBe('EVG01');
    const future = (await edi.emit('837P', { since: '2100-01-01' })).text;
    expect(future).not.toContain('CLM*');
    // No claims: a valid interchange with no functional group.
    expect(future).not.toContain('GS*');
    expect(future.trim().split('\n').pop()).toMatch(/^IEA\*0\*\d{9}~$/);
    expect(validateDocument(future).ok).toBe(true);
  });
});

describe('loop figures from the guide (005010X222A1 loop tree)', () => {
  it('a member with more claims than 2300 repeats (100) gets another HL 22, and a claim over 50 lines sends 50 with CLM02 their total', async () => {
    const resources = population();
    const one = resources.filter((r): r is Claim => r.resourceType === 'Claim').find((c) => claimKind(c) === 'P' && (c.item?.length ?? 0) > 0) as Claim;
    const item = one.item?.[0] as NonNullable<Claim['item']>[number];
    const clones: Claim[] = Array.from({ length: 120 }, (_, i) => ({
      ...one, id: `loop-cap-${i}`, identifier: [{ system: IDENTIFIER.patientControlNumber, value: `CAP-${i}` }],
      item: i === 0 ? Array.from({ length: 55 }, (_, k) => ({ ...item, sequence: k + 1 })) : one.item,
    }));
    const capped = await createStore({ base: () => [...resources.filter((r) => r.resourceType !== 'Claim'), ...clones], clock: () => FIXED_NOW });
    const text = (await goldenEdi(capped).emit('837P')).text;
    expect(validateDocument(text).ok).toBe(true);
    const segs = text.split('~\n');
    // 120 claims of one member: two subscriber loops (100 + 20 claims).
    expect(segs.filter((s) => /^HL\*\d+\*\d+\*22\*/.test(s)).length).toBe(2);
    const clm = segs.findIndex((s) => s.startsWith('CLM*CAP-0*'));
    const lines = segs.slice(clm).findIndex((s, k) => k > 0 && s.startsWith('CLM*'));
    const claimSegs = segs.slice(clm, clm + lines);
    expect(claimSegs.filter((s) => s.startsWith('LX*')).length).toBe(50);
    const charges = claimSegs.filter((s) => s.startsWith('SV1*')).reduce((n, s) => n + Math.round(Number(s.split('*')[2]) * 100), 0);
    expect(Math.round(Number(segs[clm].split('*')[2]) * 100)).toBe(charges);
  });
});
