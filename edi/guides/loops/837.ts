import { R, S, UNBOUNDED as MANY, loop, type LoopRule, type SegmentUse } from '../types.js';

/**
 * Loop trees of the 837 TR3s: 005010X222A1 (professional), 005010X223A2 (institutional), 005010X224A2 (dental).
 * Loop ids, usage, repeats, segment order and max use as in the TR3 segment tables. Segments a loop repeats with
 * different qualifiers are listed one use per qualifier (e.g. 2300 REF*G1, REF*9F), as the TR3 does.
 *
 * Checked against: 837P, every loop and segment of 1000A through 2440 and 2000C/2010CA/2300 (usage, repeat, max use,
 * the qualifier codes that tell sibling uses apart), pyx12 map pyx12/map/837.5010.X222.A1.xml at commit
 * 770b5a3e140629803afcb6f9936ea50fc4e404b3 (ASC X12N 005010X222A1 Health Care Claim: Professional). 837I against
 * pyx12/map/837Q3.I.5010.X223.A1.v2.xml at commit 6f12f5701d30def6d1f6f571a0ec0cb1cecf2fd3 (005010X223A1, the base of
 * X223A2): 1000A-2010BB, 2300 (dates, CL1, PWK, CN1, AMT, REF, K3, NTE, CRC, HI ABK..BBQ and TC, HCP), 2310A-F,
 * 2320-2330I, 2400-2430, 2000C/2010CA; the HI BI/BH/BE/BG segments between BBQ and TC were not re-read. 837D: not
 * checked against a map here (pyx12/map/837D.5010.X224.A2.xml names GS08 005010X222A1, an 837P copy).
 */
type Kind = 'P' | 'I' | 'D';
type Child = SegmentUse | LoopRule;

const when = <T>(yes: boolean, ...items: T[]): T[] => (yes ? items : []);
/** NM1 + REF(s) secondary identification: the shape of most provider loops. */
const provider = (id: string, usage: 'R' | 'S', entity: string[], refs: number, extra: Child[] = [], repeat = 1): LoopRule =>
  loop(id, usage, repeat, [R('NM1', 1, ...entity), ...extra, S('REF', refs)]);
const place = (id: string, entity: string): LoopRule => loop(id, 'S', 1, [R('NM1', 1, entity), R('N3'), R('N4')]);

const billing = (k: Kind): Child[] => [
  loop('2010AA', 'R', 1, [R('NM1', 1, '85'), R('N3'), R('N4'), R('REF', 1, ...(k === 'I' ? ['EI'] : ['EI', 'SY'])), ...when(k !== 'I', S('REF', 2, '0B', '1G')), S('PER', 2)]),
  loop('2010AB', 'S', 1, [R('NM1', 1, '87'), R('N3'), R('N4')]),
  loop('2010AC', 'S', 1, [R('NM1', 1, 'PE'), R('N3'), R('N4'), S('REF', 1, '2U', 'FY', 'NF'), R('REF', 1, 'EI')]),
];

const subscriberName = (k: Kind): Child[] => [
  loop('2010BA', 'R', 1, [R('NM1', 1, 'IL'), S('N3'), S('N4'), S('DMG'), S('REF', 1, 'SY'), ...when(k !== 'D', S('REF', 1, 'Y4')), ...when(k === 'P', S('PER'))]),
  loop('2010BB', 'R', 1, [R('NM1', 1, 'PR'), S('N3'), S('N4'), S('REF', 3, '2U', 'EI', 'FY', 'NF'), S('REF', k === 'I' ? 1 : 2, 'G2', 'LU')]),
];

const patientName = (k: Kind): LoopRule =>
  loop('2010CA', 'R', 1, [R('NM1', 1, 'QC'), R('N3'), R('N4'), R('DMG'), ...when(k !== 'D', S('REF', 1, 'Y4')), S('REF', 1, '1W', 'SY'), ...when(k === 'P', S('PER'))]);

/** A qualified segment use: its qualifier codes and, when more than one, its max use. */
type Qualified = string[] | [string[], number];
const codesOf = (u: Qualified): [string[], number] => (Array.isArray(u[0]) ? (u as [string[], number]) : [u as string[], 1]);

/** 2300 DTPs, in TR3 order, by kind (X222A1: one DTP*090/091 use, max 2). */
const CLAIM_DATES: Record<Kind, Qualified[]> = {
  P: [['431'], ['454'], ['304'], ['453'], ['439'], ['484'], ['455'], ['471'], ['314', '360', '361'], ['297'], ['296'], ['435'], ['096'], [['090', '091'], 2], ['444'], ['050']],
  I: [['096'], ['434'], ['435'], ['050']],
  D: [['439'], ['452'], ['472'], ['050']],
};
/** 2300 REFs, in TR3 order, by kind (837I: REF*LX max 5; LU auto accident state, EA, P4, G4 PRO approval). */
const CLAIM_REFS: Record<Kind, Qualified[]> = {
  P: [['4N'], ['F5'], ['EW'], ['9F'], ['G1'], ['F8'], ['X4'], ['9A'], ['9C'], ['LX'], ['D9'], ['EA'], ['P4'], ['1J']],
  I: [['4N'], ['9F'], ['G1'], ['F8'], ['9A'], ['9C'], [['LX'], 5], ['D9'], ['LU'], ['EA'], ['P4'], ['G4']],
  D: [['G3'], ['4N'], ['9F'], ['G1'], ['F8'], ['9A'], ['9C'], ['D9']],
};
/** 837I 2300 claim note (NTE01) codes; NTE*ADD billing note is its own use. */
const CLAIM_NOTES_I = ['ALG', 'DCP', 'DGN', 'DME', 'MED', 'NTR', 'ODT', 'RHB', 'RLH', 'RNH', 'SET', 'SFM', 'SPT', 'UPI'];

/** 2300 HIs, by kind: qualifiers (ABx ICD-10, Bx ICD-9) and max use. */
const CLAIM_HI: Record<Kind, Array<[string[], number, 'R' | 'S']>> = {
  P: [[['ABK', 'BK'], 1, 'R'], [['BP', 'BO'], 1, 'S'], [['BG'], 2, 'S']],
  I: [
    [['ABK', 'BK'], 1, 'R'], [['ABJ', 'BJ'], 1, 'S'], [['APR', 'PR'], 1, 'S'], [['ABN', 'BN'], 1, 'S'], [['DR'], 1, 'S'],
    [['ABF', 'BF'], 2, 'S'], [['BBR', 'BR', 'CAH'], 1, 'S'], [['BBQ', 'BQ'], 2, 'S'], [['BI'], 2, 'S'], [['BH'], 2, 'S'],
    [['BE'], 2, 'S'], [['BG'], 2, 'S'], [['TC'], 1, 'S'],
  ],
  D: [[['ABK', 'BK'], 1, 'S']],
};

const claimSegments = (k: Kind): Child[] => [
  R('CLM'),
  ...CLAIM_DATES[k].map(codesOf).map(([q, max]) => (k === 'I' && q[0] === '434' ? R('DTP', max, ...q) : S('DTP', max, ...q))),
  ...when(k === 'I', R('CL1')),
  ...when(k === 'D', S('DN1'), S('DN2', 35)),
  S('PWK', 10), S('CN1'),
  ...when(k === 'P', S('AMT', 1, 'F5')), ...when(k === 'I', S('AMT', 1, 'F3')), ...when(k === 'D', S('AMT', 1, 'F5')),
  ...CLAIM_REFS[k].map(codesOf).map(([q, max]) => S('REF', max, ...q)),
  S('K3', 10),
  ...(k === 'I' ? [S('NTE', 10, ...CLAIM_NOTES_I), S('NTE', 1, 'ADD')] : [S('NTE')]),
  ...when(k === 'P', S('CR1'), S('CR2'), S('CRC', 3, '07'), S('CRC', 3, 'E1', 'E2', 'E3'), S('CRC', 1, '75'), S('CRC', 1, 'ZZ')),
  ...when(k === 'I', S('CRC', 1, 'ZZ')),
  ...CLAIM_HI[k].map(([q, max, usage]) => (usage === 'R' ? R('HI', max, ...q) : S('HI', max, ...q))),
  S('HCP'),
];

const claimProviders: Record<Kind, () => LoopRule[]> = {
  P: () => [
    provider('2310A', 'S', ['DN', 'P3'], 3, [], 2),
    provider('2310B', 'S', ['82'], 4, [S('PRV', 1, 'PE')]),
    loop('2310C', 'S', 1, [R('NM1', 1, '77'), R('N3'), R('N4'), S('REF', 3), S('PER')]),
    provider('2310D', 'S', ['DQ'], 4),
    place('2310E', 'PW'),
    place('2310F', '45'),
  ],
  I: () => [
    provider('2310A', 'S', ['71'], 4, [S('PRV', 1, 'AT')]),
    provider('2310B', 'S', ['72'], 4),
    provider('2310C', 'S', ['ZZ'], 4),
    provider('2310D', 'S', ['82'], 4),
    loop('2310E', 'S', 1, [R('NM1', 1, '77'), R('N3'), R('N4'), S('REF', 3)]),
    provider('2310F', 'S', ['DN'], 3),
  ],
  D: () => [
    provider('2310A', 'S', ['DN', 'P3'], 3, [], 2),
    provider('2310B', 'S', ['82'], 4, [S('PRV', 1, 'PE')]),
    loop('2310C', 'S', 1, [R('NM1', 1, '77'), R('N3'), R('N4'), S('REF', 3)]),
    provider('2310D', 'S', ['DD'], 4, [S('PRV', 1, 'AS')]),
    provider('2310E', 'S', ['DQ'], 4),
  ],
};

/** Other payer provider loops (2330C-I): NM1 and its REF secondary identification, required in X222A1 2330C-G and X223 2330C-I. */
const otherPayerProvider = (id: string, entity: string[], refs: number, refUsage: 'R' | 'S', repeat = 1): LoopRule =>
  loop(id, 'S', repeat, [R('NM1', 1, ...entity), refUsage === 'R' ? R('REF', refs) : S('REF', refs)]);

/** 2330C-I by kind, in TR3 order. */
const otherPayerProviders = (k: Kind): LoopRule[] => {
  if (k === 'P') return [otherPayerProvider('2330C', ['DN', 'P3'], 3, 'R', 2), otherPayerProvider('2330D', ['82'], 3, 'R'), otherPayerProvider('2330E', ['77'], 3, 'R'), otherPayerProvider('2330F', ['DQ'], 3, 'R'), otherPayerProvider('2330G', ['85'], 2, 'R')];
  if (k === 'I') {
    const ids: Array<[string, string, number]> = [['2330C', '71', 4], ['2330D', '72', 4], ['2330E', 'ZZ', 4], ['2330F', '77', 3], ['2330G', '82', 4], ['2330H', 'DN', 3], ['2330I', '85', 2]];
    return ids.map(([id, entity, refs]) => otherPayerProvider(id, [entity], refs, 'R'));
  }
  return [provider('2330C', 'S', ['DN', 'P3'], 3, [], 2), provider('2330D', 'S', ['82'], 3), provider('2330E', 'S', ['DQ'], 3), provider('2330F', 'S', ['85'], 2), provider('2330G', 'S', ['77'], 3), provider('2330H', 'S', ['DD'], 3)];
};

/** 2320 AMTs in TR3 order (X222A1: D payer paid, A8 non-covered, EAF remaining patient liability). */
const COB_AMOUNTS: Record<Kind, string[]> = { P: ['D', 'A8', 'EAF'], I: ['D', 'EAF', 'A8'], D: ['D', 'EAF', 'A8'] };

/** 2320/2330A-I other subscriber information (coordination of benefits). */
const otherSubscriber = (k: Kind): LoopRule =>
  loop('2320', 'S', 10, [
    R('SBR'), S('CAS', 5), ...COB_AMOUNTS[k].map((q) => S('AMT', 1, q)), R('OI'), ...when(k === 'I', S('MIA')), S('MOA'),
    loop('2330A', 'R', 1, [R('NM1', 1, 'IL'), S('N3'), S('N4'), S('REF', k === 'I' ? 2 : 1, 'SY')]),
    loop('2330B', 'R', 1, [R('NM1', 1, 'PR'), S('N3'), S('N4'), S('DTP', 1, '573'), S('REF', 2, '2U', 'EI', 'FY', 'NF'), S('REF', 1, 'G1'), S('REF', 1, '9F'), S('REF', k === 'D' ? 2 : 1, 'T4'), S('REF', 1, 'F8')]),
    ...otherPayerProviders(k),
  ]);

/** 2400 DTPs, in TR3 order, by kind (X222A1: one DTP*738/739 test date use, max 2). */
const LINE_DATES: Record<Kind, Qualified[]> = {
  P: [['472'], ['471'], ['607'], ['463'], ['461'], ['304'], [['738', '739'], 2], ['011'], ['455'], ['454']],
  I: [['472']],
  D: [['472'], ['441'], ['452'], ['446'], ['196'], ['198']],
};

const lineSegments = (k: Kind): Child[] => [
  R('LX'),
  R(k === 'P' ? 'SV1' : k === 'I' ? 'SV2' : 'SV3'),
  ...when(k === 'P', S('SV5'), S('PWK', 10), S('PWK', 1, 'CT'), S('CR1'), S('CR3'), S('CRC', 3, '07'), S('CRC', 1, '70'), S('CRC', 1, '09')),
  ...when(k === 'I', S('PWK', 10)),
  ...when(k === 'D', S('TOO', 32)),
  ...LINE_DATES[k].map(codesOf).map(([q, max]) => (k === 'P' && q[0] === '472' ? R('DTP', max, ...q) : S('DTP', max, ...q))),
  ...when(k === 'P', S('QTY', 1, 'PT'), S('QTY', 1, 'FL'), S('MEA', 5), S('CN1')),
  ...(k === 'P' ? [['9B'], ['9D'], ['G1'], ['6R'], ['EW'], ['X4'], ['F4'], ['BT'], ['9F']] : k === 'I' ? [['6R'], ['9B'], ['9D']] : [['G3'], ['9B'], ['9D'], ['G1'], ['6R'], ['9F']])
    .map((q) => S('REF', q[0] === 'G1' || q[0] === '9F' ? 5 : 1, ...q)),
  ...when(k === 'P', S('AMT', 1, 'T'), S('AMT', 1, 'F4'), S('K3', 10), S('NTE', 1, 'ADD', 'DCP'), S('NTE', 1, 'TPO'), S('PS1')),
  ...when(k === 'I', S('AMT', 1, 'GT'), S('AMT', 1, 'N8'), S('NTE', 1, 'TPO')),
  ...when(k === 'D', S('AMT', 1, 'T'), S('K3', 10), S('NTE', 1, 'TPO')),
  S('HCP'),
];

const lineLoops: Record<Kind, () => LoopRule[]> = {
  P: () => [
    provider('2420A', 'S', ['82'], 20, [S('PRV', 1, 'PE')]),
    provider('2420B', 'S', ['QB'], 20),
    loop('2420C', 'S', 1, [R('NM1', 1, '77'), R('N3'), R('N4'), S('REF', 3)]),
    provider('2420D', 'S', ['DQ'], 20),
    loop('2420E', 'S', 1, [R('NM1', 1, 'DK'), S('N3'), S('N4'), S('REF', 20), S('PER')]),
    provider('2420F', 'S', ['DN', 'P3'], 20, [], 2),
    place('2420G', 'PW'),
    place('2420H', '45'),
  ],
  I: () => [provider('2420A', 'S', ['72'], 20), provider('2420B', 'S', ['ZZ'], 20), provider('2420C', 'S', ['82'], 20), provider('2420D', 'S', ['DN'], 20)],
  D: () => [
    provider('2420A', 'S', ['82'], 20, [S('PRV', 1, 'PE')]),
    provider('2420B', 'S', ['DD'], 20, [S('PRV', 1, 'AS')]),
    provider('2420C', 'S', ['DQ'], 20),
    loop('2420D', 'S', 1, [R('NM1', 1, '77'), R('N3'), R('N4'), S('REF', 3)]),
  ],
};

/** 2400 service lines: 50 per claim in X222A1 and X224A2, 999 in X223A2. */
const serviceLine = (k: Kind): LoopRule =>
  loop('2400', 'R', k === 'I' ? 999 : 50, [
    ...lineSegments(k),
    ...when(k !== 'D', loop('2410', 'S', 1, [R('LIN'), R('CTP'), S('REF', 1, 'VY', 'XZ')])),
    ...lineLoops[k](),
    loop('2430', 'S', 15, [R('SVD'), S('CAS', 5), R('DTP', 1, '573'), S('AMT', 1, 'EAF')]),
    ...when(k === 'P', loop('2440', 'S', MANY, [R('LQ'), R('FRM', 99)])),
  ]);

/** 2300 claim information: 100 claims per subscriber (2000B) or patient (2000C). */
const claim = (k: Kind, usage: 'R' | 'S'): LoopRule =>
  loop('2300', usage, 100, [...claimSegments(k), ...claimProviders[k](), otherSubscriber(k), serviceLine(k)]);

/** The whole 837 tree for one TR3. */
export function tree837(k: Kind): LoopRule {
  return loop('ST', 'R', 1, [
    R('ST'), R('BHT'),
    loop('1000A', 'R', 1, [R('NM1', 1, '41'), R('PER', 2)]),
    loop('1000B', 'R', 1, [R('NM1', 1, '40')]),
    loop('2000A', 'R', MANY, [
      R('HL', 1, '20'), S('PRV', 1, 'BI'), S('CUR'),
      ...billing(k),
      loop('2000B', 'R', MANY, [
        R('HL', 1, '22'), R('SBR'), ...when(k === 'P', S('PAT')),
        ...subscriberName(k),
        claim(k, 'S'),
        loop('2000C', 'S', MANY, [R('HL', 1, '23'), R('PAT'), patientName(k), claim(k, 'R')]),
      ]),
    ]),
    R('SE'),
  ]);
}
