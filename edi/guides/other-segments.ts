import { LX, procedureComposite } from './common.js';
import { el, type ElementRule, type SegmentRule } from './types.js';

/**
 * Rules of segments the loop trees name that we neither write nor map into resources (we accept them inbound
 * when the TR3 allows them): element reference numbers, types, lengths and codes from the X12 5010 data element
 * dictionary as profiled by the TR3s that use them (837P X222A1, 837I X223A2, 837D X224A2, 834 X220A1, 835
 * X221A1, 271 X279A1, 276/277 X212, 277CA X214). Elements the TR3s mark Not Used are `notUsed`.
 */

/** CUR foreign currency (837 2000A: billing provider 85; 835 header: payer PR). */
export const CUR = (entity: readonly string[]): SegmentRule => ({
  elements: [el.id('98', 'R', entity, 2, 3), el.id('100', 'R', undefined, 3, 3), el.r('280', 'S', 4, 10)],
});

/** 837P 2300/2400 CR1 ambulance transport: weight unit and weight, reason, distance unit and miles, round trip and stretcher purpose. */
const CR1: SegmentRule = {
  elements: [
    el.id('355', 'S', ['LB'], 2, 2), el.r('81', 'S', 1, 10), el.notUsed('1316'), el.id('1317', 'R', ['A', 'B', 'C', 'D', 'E'], 1, 1),
    el.id('355', 'R', ['DH'], 2, 2), el.r('380', 'R', 1, 15), el.notUsed('166'), el.notUsed('166'), el.an('352', 'S', 1, 80), el.an('352', 'S', 1, 80),
  ],
  syntax: [{ kind: 'P', elements: [1, 2] }],
};
/** 837P 2300 CR2 spinal manipulation: patient condition code (CR208) and descriptions. */
const CR2: SegmentRule = {
  elements: [...['609', '380', '380', '355', '380', '380', '1073'].map((ref) => el.notUsed(ref)), el.id('1367', 'R', ['A', 'C', 'D', 'E', 'F', 'G', 'M'], 1, 1), el.notUsed('1073'), el.an('352', 'S', 1, 80), el.an('352', 'S', 1, 80), el.notUsed('1073')],
};
/** 837P 2400 CR3 durable medical equipment certification: type (I initial, R renewal, S revised), months. */
const CR3: SegmentRule = { elements: [el.id('1322', 'R', ['I', 'R', 'S'], 1, 1), el.id('355', 'R', ['MO'], 2, 2), el.r('380', 'R', 1, 15), el.notUsed('1335'), el.notUsed('352')] };
/** 837P 2400 SV5 durable medical equipment service: procedure, days, length of medical necessity, rental and purchase price, frequency. */
const SV5: SegmentRule = {
  elements: [el.comp('C003', 'R', procedureComposite(['HC'])), el.id('355', 'R', ['DA'], 2, 2), el.r('380', 'R', 1, 15), el.r('782', 'S', 1, 18), el.r('782', 'S', 1, 18), el.id('594', 'S', ['1', '4', '6'], 1, 1), el.notUsed('923')],
};
/** LQ form identification (837P 2440: AS, UT) or remark code (835 2110: HE, RX). */
export const LQ = (qualifiers: readonly string[]): SegmentRule => ({ elements: [el.id('1270', 'R', qualifiers, 1, 3), el.an('1271', 'R', 1, 30)] });
/** 837P 2440 FRM supporting documentation: question number, then a yes/no, text, date or percent answer. */
const FRM: SegmentRule = {
  elements: [el.an('350', 'R', 1, 20), el.id('1073', 'S', ['N', 'W', 'Y'], 1, 1), el.an('127', 'S', 1, 50), el.dt('373', 'S'), el.r('332', 'S', 1, 6)],
  syntax: [{ kind: 'R', elements: [2, 3, 4, 5] }],
};

/** 837P-only segments the loop tree names. */
export const MORE_837P: Readonly<Record<string, SegmentRule>> = { CUR: CUR(['85']), CR1, CR2, CR3, SV5, LQ: LQ(['AS', 'UT']), FRM };

/** 834 segments beyond those we write (2000-2750). */
export const MORE_834: Readonly<Record<string, SegmentRule>> = {
  QTY: { elements: [el.id('673', 'R', ['DT', 'ET', 'TO'], 2, 2), el.r('380', 'R', 1, 15)] },
  EC: { elements: [el.id('1176', 'R', undefined, 2, 3), el.id('1176', 'S', undefined, 2, 3), el.id('1176', 'S', undefined, 2, 3)] },
  ICM: { elements: [el.id('594', 'R', ['1', '2', '3', '4', '6', '7', '8', '9', 'B', 'C', 'H', 'Q', 'S', 'U'], 1, 1), el.r('782', 'R', 1, 18), el.r('380', 'S', 1, 15), el.an('310', 'S', 1, 30), el.an('1214', 'S', 1, 3)] },
  AMT: { elements: [el.id('522', 'R', ['B9', 'C1', 'D2', 'EBA', 'FK', 'P3', 'R'], 1, 3), el.r('782', 'R', 1, 18)] },
  HLH: { elements: [el.id('1212', 'R', ['N', 'S', 'T', 'U', 'X'], 1, 1), el.r('65', 'S', 1, 8), el.r('81', 'S', 1, 10)] },
  LUI: { elements: [el.id('66', 'S', ['LD', 'LE'], 1, 2), el.an('67', 'S', 2, 80), el.an('352', 'S', 1, 80), el.id('1303', 'S', ['5', '6', '7', '8'], 1, 2)], syntax: [{ kind: 'P', elements: [1, 2] }] },
  DSB: { elements: [el.id('1146', 'R', ['1', '2', '3', '4'], 1, 1), ...['1149', '1154', '1161', '1162', '1164'].map((ref) => el.notUsed(ref)), el.id('1270', 'S', ['DX', 'ZZ', 'ABF'], 1, 3), el.an('1271', 'S', 1, 30)], syntax: [{ kind: 'P', elements: [7, 8] }] },
  IDC: { elements: [el.an('1204', 'R', 1, 50), el.id('1215', 'R', ['D', 'H', 'P'], 1, 1), el.r('380', 'S', 1, 15), el.id('306', 'S', ['1', '2', 'RX'], 1, 2)] },
  LX,
  PLA: { elements: [el.id('306', 'R', ['2'], 1, 2), el.id('98', 'R', ['1P'], 2, 3), el.dt('373', 'R'), el.tm('337', 'S'), el.id('1203', 'R', ['14', '22', '46', 'AA', 'AB', 'AC', 'AD', 'AE', 'AF', 'AG', 'AH', 'AI', 'AJ'], 2, 3)] },
  COB: { elements: [el.id('1138', 'R', ['P', 'S', 'T', 'U'], 1, 1), el.an('127', 'S', 1, 50), el.id('1143', 'R', ['1', '5', '6'], 1, 1), { ...el.id('1365', 'S', undefined, 1, 2), repeat: 9 }] },
  ACT: { elements: [el.an('508', 'R', 1, 35), el.notUsed('93'), el.notUsed('66'), el.notUsed('67'), el.notUsed('569'), el.an('508', 'S', 1, 35)] },
  LS: { elements: [el.an('447', 'R', 1, 4)] },
  LE: { elements: [el.an('447', 'R', 1, 4)] },
};

const amounts = (refs: readonly string[]): ElementRule[] => refs.map((ref) => (ref === '380' ? el.r('380', 'S', 1, 15) : el.r('782', 'S', 1, 18)));

/** 835 segments beyond those we write: CUR, RDM (1000B), TS3/TS2 provider summaries (2000), LQ remark codes (2110). */
export const MORE_835: Readonly<Record<string, SegmentRule>> = {
  CUR: CUR(['PR']),
  RDM: { elements: [el.id('756', 'R', ['BM', 'EM', 'FT', 'OL'], 1, 2), el.an('93', 'S', 1, 60), el.an('364', 'S', 1, 256)] },
  TS3: {
    elements: [
      el.an('127', 'R', 1, 50), el.an('1331', 'R', 1, 2), el.dt('373', 'R'), el.r('380', 'R', 1, 15), el.r('782', 'R', 1, 18),
      ...amounts(['782', '782', '782', '782', '782', '782', '782', '782', '782', '380', '782', '782', '782', '782', '782', '782', '782', '782', '782']),
    ],
  },
  TS2: { elements: amounts(['782', '782', '782', '782', '782', '782', '380', '782', '782', '782', '782', '782', '380', '380', '380', '782', '782', '782', '782']) },
  LQ: LQ(['HE', 'RX']),
};

/** 271 segments beyond those we write: MPI military personnel (2100C/D), HSD delivery (2110C/D), III (2115C/D), LS/LE. */
export const MORE_271: Readonly<Record<string, SegmentRule>> = {
  MPI: {
    elements: [el.id('1201', 'R', undefined, 1, 1), el.id('584', 'R', undefined, 2, 2), el.id('1595', 'R', undefined, 1, 3), el.an('352', 'S', 1, 80), el.id('1596', 'S', undefined, 1, 3), el.id('1250', 'S', ['D8', 'RD8'], 2, 3), el.an('1251', 'S', 1, 35)],
    syntax: [{ kind: 'P', elements: [6, 7] }],
    periods: [{ format: 6, value: 7 }],
  },
  HSD: {
    elements: [el.id('673', 'S', ['DY', 'FL', 'HS', 'MN', 'VS'], 2, 2), el.r('380', 'S', 1, 15), el.id('355', 'S', ['DA', 'MO', 'VS', 'WK', 'YR'], 2, 2), el.r('1167', 'S', 1, 6), el.id('615', 'S', undefined, 1, 2), el.n0('616', 'S', 1, 3), el.id('678', 'S', undefined, 1, 2), el.id('679', 'S', undefined, 1, 1)],
  },
  III: { elements: [el.id('1270', 'S', ['GR', 'NI', 'ZZ'], 1, 3), el.an('1271', 'S', 1, 30), el.id('1136', 'S', undefined, 2, 2), el.an('933', 'S', 1, 264)] },
  LS: { elements: [el.an('447', 'R', 1, 4)] },
  LE: { elements: [el.an('447', 'R', 1, 4)] },
};

/** SVC service line of a claim status (276/277 2210/2220, 277CA 2220D): procedure, charge, paid, revenue code, units. */
export const STATUS_SVC: SegmentRule = {
  elements: [
    el.comp('C003', 'R', procedureComposite(['AD', 'ER', 'HC', 'HP', 'IV', 'N4', 'NU', 'WK'])), el.r('782', 'R', 1, 18), el.r('782', 'S', 1, 18),
    el.an('234', 'S', 1, 48), el.notUsed('380'), el.notUsed('C003'), el.r('380', 'S', 1, 15),
  ],
};

