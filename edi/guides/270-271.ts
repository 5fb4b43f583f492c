import { BHT, DMG, DTP, HL, N3, N4, NM1, PER, PRV, REF, SE, ST, TRN } from './common.js';
import { SERVICE_TYPE_CODES } from './service-types.js';
import { MORE_271 } from './other-segments.js';
import { TREE_270, TREE_271 } from './loops/270-271.js';
import { cp, el, type SegmentRule, type TransactionGuide } from './types.js';

const ENTITIES = ['PR', '2B', '36', 'GP', 'P5', '1P', '80', 'FA', 'IL', '03', 'PRP', 'SEP', 'TTP', 'VER', '13', '73', 'X3', 'LR'];
const ID_QUALIFIERS = ['24', '34', '46', 'FI', 'NI', 'PI', 'XV', 'XX', 'SV', 'MI', 'II', 'ZZ', 'PP'];
const COVERAGE_LEVEL = ['CHD', 'DEP', 'ECH', 'EMP', 'ESP', 'FAM', 'IND', 'SPC', 'SPO', 'TWO'];
/** 2100C/2100D HI: up to 8 diagnoses (principal ABK/BK, other ABF/BF), X279A1. */
const HI: SegmentRule = { elements: Array.from({ length: 8 }, (_, i) => el.comp('C022', i === 0 ? 'R' : 'S', [cp.id('R', ['ABK', 'ABF', 'BK', 'BF'], 2, 3), cp.an('R', 1, 30), cp.notUsed(), cp.notUsed(), cp.notUsed(), cp.notUsed(), cp.notUsed(), cp.notUsed(), cp.notUsed()])) };
const common: Record<string, SegmentRule> = {
  ST, SE, HL, N3, N4, PRV, DMG, TRN,
  NM1: NM1(ENTITIES, ID_QUALIFIERS),
  REF: REF(),
  DTP: DTP(['096', '102', '152', '291', '307', '318', '340', '341', '342', '343', '346', '347', '348', '349', '356', '357', '382', '435', '442', '458', '472', '539', '540', '636', '771']),
  INS: { elements: [el.id('1073', 'R', ['Y', 'N'], 1, 1), el.id('1069', 'R', undefined, 2, 2), el.id('875', 'S', ['001'], 3, 3), el.id('1203', 'S', ['25'], 2, 3), el.notUsed('1216'), el.notUsed('C052'), el.notUsed('1219'), el.notUsed('584'), el.an('1220', 'S', 1, 1), el.notUsed('1073'), el.notUsed('1250'), el.notUsed('1251'), el.notUsed('1165'), el.notUsed('19'), el.notUsed('156'), el.notUsed('26'), el.n0('1470', 'S', 1, 9)] },
};

/** 005010X279A1 Health Care Eligibility Benefit Inquiry (270). */
export const GUIDE_270: TransactionGuide = {
  code: '270',
  implementation: '005010X279A1',
  functionalId: 'HS',
  title: 'Health Care Eligibility Benefit Inquiry',
  segments: {
    ...common,
    BHT: BHT(['0022'], []),
    HI,
    // 2110C/2110D AMT: spend-down (R) or medicare part B (PB) amount.
    AMT: { elements: [el.id('522', 'R', ['R', 'PB'], 1, 3), el.r('782', 'R', 1, 18)] },
    // 2110C/2110D III: place of service (ZZ + CMS place-of-service code).
    III: { elements: [el.id('1270', 'R', ['ZZ'], 1, 3), el.an('1271', 'R', 1, 30)] },
    EQ: {
      elements: [{ ...el.id('1365', 'S', SERVICE_TYPE_CODES, 1, 2), repeat: 99 }, el.comp('C003', 'S', [cp.id('R', ['AD', 'CJ', 'HC', 'ID', 'IV', 'N4', 'ZZ']), cp.an('R', 1, 48), cp.an('S', 2, 2), cp.an('S', 2, 2), cp.an('S', 2, 2), cp.an('S', 2, 2), cp.notUsed(), cp.notUsed()]), el.id('1207', 'S', COVERAGE_LEVEL, 3, 3), el.notUsed('1336'), el.comp('C004', 'S', [cp.n0('R', 1, 2), cp.n0('S', 1, 2), cp.n0('S', 1, 2), cp.n0('S', 1, 2)])],
      syntax: [{ kind: 'R', elements: [1, 2] }],
    },
  },
  loops: TREE_270,
};

/** 005010X279A1 Health Care Eligibility Benefit Response (271). */
export const GUIDE_271: TransactionGuide = {
  code: '271',
  implementation: '005010X279A1',
  functionalId: 'HB',
  title: 'Health Care Eligibility Benefit Response',
  segments: {
    ...common,
    PER,
    BHT: BHT(['0022'], []),
    AAA: { elements: [el.id('1073', 'R', ['Y', 'N'], 1, 1), el.notUsed('559'), el.id('901', 'R', ['04', '15', '33', '35', '41', '42', '43', '44', '45', '46', '47', '48', '49', '50', '51', '52', '53', '54', '55', '56', '57', '58', '60', '61', '62', '63', '64', '65', '66', '67', '68', '69', '70', '71', '72', '73', '74', '75', '76', '78', '79', '80', '97', 'AA', 'AE', 'AF', 'AG', 'AO', 'CI', 'E8', 'IA', 'MA', 'T4'], 2, 2), el.id('889', 'R', ['C', 'N', 'P', 'R', 'S', 'W', 'X', 'Y'], 1, 1)] },
    EB: {
      elements: [
        el.id('1390', 'R', ['1', '2', '3', '4', '5', '6', '7', '8', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'CB', 'MC'], 1, 2),
        el.id('1207', 'S', COVERAGE_LEVEL, 3, 3),
        { ...el.id('1365', 'S', SERVICE_TYPE_CODES, 1, 2), repeat: 99 },
        el.id('1336', 'S', undefined, 1, 3), el.an('1204', 'S', 1, 50),
        el.id('615', 'S', ['6', '7', '13', '21', '22', '23', '24', '25', '26', '27', '28', '29', '30', '31', '32', '33', '34', '35', '36'], 1, 2),
        el.r('782', 'S', 1, 18), el.r('954', 'S', 1, 10), el.id('673', 'S', undefined, 2, 2), el.r('380', 'S', 1, 15),
        el.id('1073', 'S', ['N', 'U', 'Y'], 1, 1), el.id('1073', 'S', ['N', 'U', 'W', 'Y'], 1, 1),
      ],
    },
    MSG: { elements: [el.an('933', 'R', 1, 264)] },
    HI,
    ...MORE_271,
  },
  loops: TREE_271,
};
