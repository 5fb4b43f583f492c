import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../data-store/store.js';
import type { Edi } from '../../edi/gateway.js';
import { build270, build837I, build837P, coveredSubscriber, goldenEdi, goldenStore, segmentsOf, type Claim837 } from './helpers.js';

let store: Store;
let edi: Edi;
let claim: Claim837;
let member: { payerId: string; memberId: string; last: string; first: string; birthDate: string };

/**
 * Inserts segments (written with `*`, `:` and `^`) after the first segment starting with `after` (or the n-th
 * occurrence), and counts them in that set's SE01: the way a partner's system would have written them.
 */
function insert(text: string, after: string, segments: string[], occurrence = 1): string {
  const lines = text.split('\n');
  let seen = 0;
  const at = lines.findIndex((l) => l.startsWith(after) && ++seen === occurrence);
  expect(at, `no segment ${after}`).toBeGreaterThan(-1);
  lines.splice(at + 1, 0, ...segments.map((s) => `${s}~`));
  const se = lines.findIndex((l, i) => i > at && l.startsWith('SE*'));
  lines[se] = lines[se].replace(/^SE\*(\d+)\*/, (_, n: string) => `SE*${Number(n) + segments.length}*`);
  return lines.join('\n');
}

/** The 999's verdict on the (only) set: IK5 code and the IK3/IK4 segments. */
function verdict(text: string): { ik5: string[]; ik3: string[][]; ik4: string[][] } {
  const ack = text.split(/(?=ISA)/).find((d) => d.includes('ST*999')) ?? '';
  const segs = segmentsOf(ack);
  return { ik5: segs.find((s) => s[0] === 'IK5') ?? [], ik3: segs.filter((s) => s[0] === 'IK3'), ik4: segs.filter((s) => s[0] === 'IK4') };
}

async function answer(text: string, only: '270' | '837'): Promise<string> {
  return (await edi.receive(text, { only })).map((d) => d.text).join('');
}

beforeAll(async () => {
  store = await goldenStore();
  edi = goldenEdi(store);
  const covered = coveredSubscriber(store);
  const { memberId, last, first, birthDate } = covered.subscriber;
  member = { payerId: covered.payerId, memberId, last, first, birthDate };
  claim = {
    ...covered, pcn: 'VAR-0001',
    diagnoses: ['E11.9'], lines: [{ code: '99213', charge: 120, date: '2025-12-01' }],
  };
});

describe('situational segments the TR3s allow are accepted', () => {
  it('837P 2300 PWK, CN1, K3, NTE, CRC, HCP and 2400 PWK, QTY, MEA, K3, NTE, PS1, LIN/CTP (005010X222A1)', async () => {
    let text = build837P([{ ...claim, pcn: 'VAR-P-1' }]);
    text = insert(text, 'HI*', ['PWK*OZ*BM***AC*DMN0012', 'CN1*02*550', 'K3*STATE DATA', 'NTE*ADD*PATIENT SEEN FOR FOLLOW UP', 'CRC*E1*Y*L1', 'HCP*03*100*10*RPO12345']);
    text = insert(text, 'DTP*472', ['PWK*OB*BM***AC*LINEDOC01', 'QTY*PT*2', 'MEA*TR*R1*113.4', 'K3*LINE STATE DATA', 'NTE*TPO*THIRD PARTY NOTE', 'PS1*PN222494*110', 'LIN**N4*01234567891', 'CTP****2*UN']);
    const v = verdict(await answer(text, '837'));
    expect(v.ik3).toEqual([]);
    expect(v.ik5[1]).toBe('A');
  });

  it('837I DTP*096 (TM), DTP*435 (DT), PWK, CN1, NTE and LIN/CTP (005010X223A2)', async () => {
    let text = build837I([{ ...claim, pcn: 'VAR-I-1' }], { extra2300: [['DTP', '435', 'DT', '202512010800'], ['DTP', '096', 'TM', '1130'], ['PWK', 'OZ', 'BM', '', '', 'AC', 'ATT001'], ['CN1', '02', '550'], ['NTE', 'ADD', 'INSTITUTIONAL NOTE']] });
    text = insert(text, 'DTP*472', ['LIN**N4*01234567891', 'CTP****1*ML']);
    const v = verdict(await answer(text, '837'));
    expect(v.ik3).toEqual([]);
    expect(v.ik5[1]).toBe('A');
  });

  it('coordination of benefits: 2320 SBR/CAS/AMT/OI, 2330A and 2330B (005010X222A1)', async () => {
    const text = insert(build837P([{ ...claim, pcn: 'VAR-COB-1' }]), 'HI*', [
      'SBR*S*01*GRP999******CI', 'CAS*PR*1*20', 'AMT*D*80', 'OI***Y*P**Y',
      'NM1*IL*1*SPOUSE*PAT****MI*OTHER12345', 'N3*1 OTHER STREET', 'N4*SPRINGFIELD*IL*62701',
      'NM1*PR*2*OTHER PAYER*****PI*OTH01', 'DTP*573*D8*20251215',
    ]);
    const v = verdict(await answer(text, '837'));
    expect(v.ik3).toEqual([]);
    expect(v.ik5[1]).toBe('A');
  });

  it('270 2100C HI and 2110C III (005010X279A1)', async () => {
    let text = build270([{ ...member, trace: 'HI-III', serviceTypes: ['30'] }]);
    text = insert(text, 'NM1*IL', ['HI*ABK:E119']);
    text = insert(text, 'EQ*', ['III*ZZ*11']);
    const out = await answer(text, '270');
    expect(out).toContain('ST*271');
    expect(out).not.toContain('ST*999');
  });
});

describe('invalid content is rejected with a 999 naming it', () => {
  it('GS08 005010X222 with ST03 005010X222A1 (IK5 19)', async () => {
    const text = build837P([{ ...claim, pcn: 'VAR-GS08' }]).replace('*X*005010X222A1~', '*X*005010X222~');
    const v = verdict(await answer(text, '837'));
    expect(v.ik5.slice(1)).toEqual(['R', '19']);
  });

  it('PRV in the information source (2100A) and INS before any subscriber of a 270 (IK3 code 7)', async () => {
    for (const [after, seg] of [['NM1*PR', 'PRV*PE*PXC*207Q00000X'], ['NM1*1P', 'INS*Y*18']] as const) {
      const out = await answer(insert(build270([{ ...member, trace: 'OUT-OF-PLACE' }]), after, [seg]), '270');
      const v = verdict(out);
      expect(v.ik5[1], seg).toBe('R');
      expect(v.ik3.map((s) => [s[1], s[4]])).toContainEqual([seg.slice(0, 3), '7']);
    }
  });

  it('NM103 where the guide marks it Not Used (837 2010AB NM1*87: I10)', async () => {
    const text = insert(build837P([{ ...claim, pcn: 'VAR-NM103' }]), 'REF*EI', ['NM1*87*2*PAY TO NAME', 'N3*PO BOX 1', 'N4*SPRINGFIELD*IL*62701']);
    const v = verdict(await answer(text, '837'));
    expect(v.ik5[1]).toBe('R');
    expect(v.ik4.map((s) => [s[1], s[3]])).toContainEqual(['3', 'I10']);
  });

  // 005010X222A1 2010AB N4: N402 Situational (US and Canada), N405-N406 Not Used, N407 only outside the US and
  // Canada (X12 N4 syntax E0207 and C0704). No 5010 TR3 here marks N402 itself Not Used.
  it.each([
    ['N405, Not Used (I10)', 'N4*SPRINGFIELD*IL*62701**CY*SANGAMON', '5', 'I10'],
    ['N402 with N407 (E0207: exclusion, 10)', 'N4*TORONTO*ON*M5V1J1*CA***ON', '7', '10'],
    ['N407 without N404 (C0704: conditional, 2)', 'N4*LONDON**EC1A1BB****LND', '4', '2'],
  ])('N4 elements the guide rules out: %s', async (_name, n4, position, code) => {
    const text = insert(build837P([{ ...claim, pcn: `VAR-N4-${position}` }]), 'REF*EI', ['NM1*87*2', 'N3*PO BOX 1', n4]);
    const v = verdict(await answer(text, '837'));
    expect(v.ik5[1]).toBe('R');
    expect(v.ik3.map((s) => s[1])).toContain('N4');
    expect(v.ik4.map((s) => [s[1], s[3]])).toContainEqual([position, code]);
  });

  it('N4 with N402 or N404 and N407 alone is accepted (2010AB)', async () => {
    for (const n4 of ['N4*SPRINGFIELD*IL*627011234', 'N4*LONDON**EC1A1BB*GB***LND']) {
      const text = insert(build837P([{ ...claim, pcn: `VAR-N4-OK-${n4.length}` }]), 'REF*EI', ['NM1*87*2', 'N3*PO BOX 1', n4]);
      expect(verdict(await answer(text, '837')).ik5[1], n4).toBe('A');
    }
  });
});

describe('the loop tree: max use, loop repeats and required segments (005010X222A1, IK304 5/4/3)', () => {
  it('a second principal diagnosis HI*ABK in one claim: segment over its max use (5) in 2300', async () => {
    const v = verdict(await answer(insert(build837P([{ ...claim, pcn: 'VAR-MAX-HI' }]), 'HI*', ['HI*ABK:J449']), '837'));
    expect(v.ik5[1]).toBe('R');
    expect(v.ik3.map((s) => [s[1], s[3], s[4]])).toEqual([['HI', '2300', '5']]);
  });

  it('51 service lines in one claim: loop 2400 over its repeat of 50 (4) at the 51st LX', async () => {
    const lines = Array.from({ length: 51 }, (_, i) => ({ code: '99213', charge: 10 + i, date: '2025-12-01' }));
    const text = build837P([{ ...claim, pcn: 'VAR-MAX-2400', lines }]);
    const v = verdict(await answer(text, '837'));
    expect(v.ik5[1]).toBe('R');
    expect(v.ik3.map((s) => [s[1], s[3], s[4]])).toEqual([['LX', '2400', '4']]);
    // IK302: the 51st LX's position in the set (ST = 1).
    const segs = text.split('\n');
    expect(v.ik3[0][2]).toBe(String(segs.indexOf('LX*51~') - segs.findIndex((l) => l.startsWith('ST*')) + 1));
  });

  it('a pay-to address (2010AB) twice under one billing provider: loop over its repeat of 1 (4)', async () => {
    const payTo = ['NM1*87*2', 'N3*PO BOX 1', 'N4*SPRINGFIELD*IL*62701'];
    const v = verdict(await answer(insert(build837P([{ ...claim, pcn: 'VAR-MAX-87' }]), 'REF*EI', [...payTo, ...payTo]), '837'));
    expect(v.ik3.map((s) => [s[1], s[3], s[4]])).toEqual([['NM1', '2010', '4']]);
  });

  it('a service line without its date (2400 DTP*472 Required): required segment missing (3), named at the segment that closes the line', async () => {
    const text = build837P([{ ...claim, pcn: 'VAR-NO-472' }]).replace(/DTP\*472\*[^~]*~\n/, '').replace(/SE\*(\d+)\*/, (_m, n: string) => `SE*${Number(n) - 1}*`);
    const v = verdict(await answer(text, '837'));
    expect(v.ik5.slice(1)).toEqual(['R', '5']);
    expect(v.ik3.map((s) => [s[1], s[3], s[4]])).toEqual([['DTP', '2400', '3']]);
  });

  it('a billing provider without its city/state/ZIP (2010AA N4 Required): missing (3) in loop 2010AA', async () => {
    const text = build837P([{ ...claim, pcn: 'VAR-NO-N4' }]);
    const billingN4 = text.split('\n').find((l) => l.startsWith('N4*')) ?? '';
    const v = verdict(await answer(text.replace(`${billingN4}\n`, '').replace(/SE\*(\d+)\*/, (_m, n: string) => `SE*${Number(n) - 1}*`), '837'));
    expect(v.ik3.map((s) => [s[1], s[3], s[4]])).toContainEqual(['N4', '2010', '3']);
  });
});

describe('several interchanges in one body', () => {
  it('answers each one, in order, as if sent one by one', async () => {
    const a = build270([{ ...member, trace: 'FIRST' }], undefined, 1001);
    const b = build270([{ ...member, trace: 'SECOND' }], undefined, 1002);
    const docs = await edi.receive(`${a}\n${b}`, { only: '270' });
    expect(docs.map((d) => d.kind)).toEqual(['271', '271']);
    expect(docs[0].text).toContain('TRN*2*FIRST');
    expect(docs[1].text).toContain('TRN*2*SECOND');
  });

  it('refuses an interchange followed by data that is no interchange whole (TA1 022), and answers the others', async () => {
    const a = build270([{ ...member, trace: 'FIRST' }], undefined, 1003);
    const b = build270([{ ...member, trace: 'SECOND' }], undefined, 1004);
    const docs = await edi.receive(`${a}${b}GARBAGE*1~`, { only: '270' });
    expect(docs.map((d) => d.kind)).toEqual(['271', 'TA1']);
    expect(segmentsOf(docs[1].text).find((s) => s[0] === 'TA1')?.slice(1, 2)).toEqual(['000001004']);
    expect(segmentsOf(docs[1].text).find((s) => s[0] === 'TA1')?.[5]).toBe('022');
  });
});
