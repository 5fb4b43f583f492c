import { AMT, DTM, LX, N1, N3, N4, NM1, PER, QTY, REF, SE, TRN, procedureComposite } from './common.js';
import { CLAIM_FILING_835 } from './claim-filing.js';
import { MIA, MOA } from './837-situational.js';
import { MORE_835 } from './other-segments.js';
import { TREE_835 } from './loops/835.js';
import { cp, el, type ElementRule, type TransactionGuide } from './types.js';

const CAS_TRIPLETS: ElementRule[] = [];
for (let i = 0; i < 6; i++) {
  CAS_TRIPLETS.push(el.id('1034', i === 0 ? 'R' : 'S', undefined, 1, 5), el.r('782', i === 0 ? 'R' : 'S', 1, 18), el.r('380', 'S', 1, 15));
}

/** 005010X221A1 Health Care Claim Payment/Advice (835). ST03 is not used in this TR3. */
export const GUIDE_835: TransactionGuide = {
  code: '835',
  implementation: '005010X221A1',
  functionalId: 'HP',
  title: 'Health Care Claim Payment/Advice',
  segments: {
    ST: { elements: [el.id('143', 'R', ['835'], 3, 3), el.an('329', 'R', 4, 9), el.notUsed('1705')] },
    SE, N3, N4, PER, LX, QTY, TRN, AMT, DTM, MIA, MOA,
    ...MORE_835,
    BPR: {
      elements: [
        el.id('305', 'R', ['C', 'D', 'H', 'I', 'P', 'U', 'X'], 1, 2), el.r('782', 'R', 1, 18), el.id('478', 'R', ['C', 'D'], 1, 1),
        el.id('591', 'R', ['ACH', 'BOP', 'CHK', 'FWT', 'NON'], 3, 3), el.id('812', 'S', ['CCP', 'CTX'], 1, 10),
        el.id('506', 'S', ['01', '04'], 2, 2), el.an('507', 'S', 3, 12), el.id('569', 'S', ['DA'], 1, 3), el.an('508', 'S', 1, 35),
        el.an('509', 'S', 10, 10), el.an('510', 'S', 9, 9), el.id('506', 'S', ['01', '04'], 2, 2), el.an('507', 'S', 3, 12),
        el.id('569', 'S', ['DA', 'SG'], 1, 3), el.an('508', 'S', 1, 35), el.dt('373', 'R'),
      ],
    },
    REF: REF(['EV', 'F2', '2U', 'EO', 'HI', 'NF', 'PQ', 'TJ', '0B', 'D3', '1A', '1B', '1C', '1D', '1G', '1H', '1J', '1K', '1L', '1W', '28', '6P', '9A', '9C', 'BB', 'CE', 'EA', 'F8', 'G1', 'G3', 'IG', 'SY', 'APC', 'LU', '0K', '6R', 'G2', '1S', 'E9', 'RB', 'HPI']),
    N1: N1(['PR', 'PE'], ['XV', 'FI', 'XX', 'PI']),
    NM1: NM1(['QC', 'IL', '74', '82', 'TT', 'PR', 'GB'], ['MI', '34', 'HN', 'II', 'MR', 'FI', 'XX', 'C', 'BD', 'BS', 'MC', 'PC', 'AD', 'NI', 'PI', 'XV']),
    CLP: {
      elements: [
        el.an('1028', 'R', 1, 38), el.id('1029', 'R', ['1', '2', '3', '4', '19', '20', '21', '22', '23', '25'], 1, 2), el.r('782', 'R', 1, 18),
        el.r('782', 'R', 1, 18), el.r('782', 'S', 1, 18),
        el.id('1032', 'R', CLAIM_FILING_835, 1, 2),
        el.an('127', 'S', 1, 50), el.an('1331', 'S', 1, 2), el.id('1325', 'S', undefined, 1, 1), el.notUsed('1352'),
        el.an('1354', 'S', 1, 4), el.r('380', 'S', 1, 15), el.r('954', 'S', 1, 10),
      ],
    },
    CAS: { elements: [el.id('1033', 'R', ['CO', 'OA', 'PI', 'PR'], 2, 2), ...CAS_TRIPLETS] },
    SVC: {
      elements: [
        el.comp('C003', 'R', procedureComposite(['AD', 'ER', 'HC', 'HP', 'IV', 'N4', 'N6', 'NU', 'UI', 'WK'])), el.r('782', 'R', 1, 18), el.r('782', 'R', 1, 18),
        el.an('234', 'S', 1, 48), el.r('380', 'S', 1, 15), el.comp('C003', 'S', procedureComposite(['AD', 'ER', 'HC', 'HP', 'IV', 'N4', 'NU', 'WK'])), el.r('380', 'S', 1, 15),
      ],
    },
    PLB: { elements: [el.an('127', 'R', 1, 50), el.dt('373', 'R'), el.comp('C042', 'R', [cp.id('R', undefined, 2, 2), cp.an('S', 1, 50)]), el.r('782', 'R', 1, 18)] },
  },
  loops: TREE_835,
};
