import { AMT, BHT, DTP, HL, NM1, QTY, REF, SE, ST, TRN } from './common.js';
import { STATUS_SVC } from './other-segments.js';
import { TREE_277CA } from './loops/276-277.js';
import { TREE_999 } from './loops/999.js';
import { cp, el, type TransactionGuide } from './types.js';

/** 005010X231A1 Implementation Acknowledgment (999). */
export const GUIDE_999: TransactionGuide = {
  code: '999',
  implementation: '005010X231A1',
  functionalId: 'FA',
  title: 'Implementation Acknowledgment',
  segments: {
    ST, SE,
    AK1: { elements: [el.id('479', 'R', undefined, 2, 2), el.n0('28', 'R', 1, 9), el.an('480', 'R', 1, 12)] },
    AK2: { elements: [el.id('143', 'R', undefined, 3, 3), el.an('329', 'R', 4, 9), el.an('1705', 'S', 1, 35)] },
    IK3: { elements: [el.id('721', 'R', undefined, 2, 3), el.n0('719', 'R', 1, 10), el.an('447', 'S', 1, 4), el.id('620', 'S', ['1', '2', '3', '4', '5', '6', '7', '8', 'I4', 'I6', 'I7', 'I8', 'I9'], 1, 3)] },
    CTX: { elements: [el.comp('C998', 'R', [cp.an('R', 1, 35), cp.an('S', 1, 35)]), el.id('721', 'S', undefined, 2, 3), el.n0('719', 'S', 1, 10), el.an('447', 'S', 1, 4)] },
    IK4: {
      elements: [
        el.comp('C030', 'R', [cp.n0('R', 1, 2), cp.n0('S', 1, 2), cp.n0('S', 1, 4)]), el.n0('725', 'S', 1, 4),
        el.id('621', 'R', ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '12', '13', 'I10', 'I11', 'I12', 'I13', 'I6', 'I9'], 1, 3), el.an('724', 'S', 1, 99),
      ],
    },
    IK5: { elements: [el.id('717', 'R', ['A', 'E', 'M', 'R', 'W', 'X'], 1, 1), el.id('618', 'S', undefined, 1, 3), el.id('618', 'S', undefined, 1, 3), el.id('618', 'S', undefined, 1, 3), el.id('618', 'S', undefined, 1, 3), el.id('618', 'S', undefined, 1, 3)] },
    AK9: { elements: [el.id('715', 'R', ['A', 'E', 'M', 'P', 'R', 'W', 'X'], 1, 1), el.n0('97', 'R', 1, 6), el.n0('123', 'R', 1, 6), el.n0('2', 'R', 1, 6), el.id('716', 'S', undefined, 1, 3)] },
  },
  loops: TREE_999,
};

/** 005010X214 Health Care Claim Acknowledgment (277CA). */
export const GUIDE_277CA: TransactionGuide = {
  code: '277',
  implementation: '005010X214',
  functionalId: 'HN',
  title: 'Health Care Claim Acknowledgment',
  // STC02 is required in 2200B and 2200D but not used in 2200C (X214), so Situational in this shared rule.
  segments: {
    ST, SE, HL, TRN, QTY, AMT, SVC: STATUS_SVC,
    BHT: BHT(['0085'], ['TH']),
    NM1: NM1(['PR', 'AY', '41', '85', 'QC', 'IL'], ['46', 'PI', 'FI', 'XX', 'MI', 'XV', 'SV', 'II']),
    DTP: DTP(['009', '050', '472']),
    REF: REF(['1K', 'D9', 'BLT', '0B', '1G', 'G2', 'LU', 'SY', 'TJ', 'FJ', 'XZ']),
    STC: {
      elements: [
        el.comp('C043', 'R', [cp.an('R', 1, 30), cp.an('R', 1, 30), cp.an('S', 2, 3), cp.notUsed()]), el.dt('373', 'S'), el.id('306', 'S', ['WQ', 'U'], 1, 2),
        el.r('782', 'S', 1, 18), el.notUsed('782'), el.notUsed('373'), el.notUsed('591'), el.notUsed('373'), el.notUsed('429'),
        el.comp('C043', 'S', [cp.an('R', 1, 30), cp.an('R', 1, 30), cp.an('S', 2, 3), cp.notUsed()]),
        el.comp('C043', 'S', [cp.an('R', 1, 30), cp.an('R', 1, 30), cp.an('S', 2, 3), cp.notUsed()]), el.an('933', 'S', 1, 264),
      ],
    },
  },
  loops: TREE_277CA,
};
