import { QTY, procedureComposite } from './common.js';
import { cp, el, type ElementRule, type SegmentRule } from './types.js';

/**
 * Situational 837 segments of loops 2300, 2320/2330 (coordination of benefits), 2400, 2410 and 2430, from the
 * 005010X222A1 and 005010X223A2 TR3s (element usage, type, min/max and code lists as profiled there). We
 * accept them inbound; the claim we store keeps only what Claim carries (see claim-from-837.ts).
 */

const CAS_TRIPLETS: ElementRule[] = [];
for (let i = 0; i < 6; i++) {
  CAS_TRIPLETS.push(el.id('1034', i === 0 ? 'R' : 'S', undefined, 1, 5), el.r('782', i === 0 ? 'R' : 'S', 1, 18), el.r('380', 'S', 1, 15));
}

/** PWK claim/line supplemental information (attachments): report type, transmission code, control number. */
const PWK: SegmentRule = {
  elements: [
    el.id('755', 'R', undefined, 2, 2), el.id('756', 'R', ['AA', 'BM', 'EL', 'EM', 'FT', 'FX'], 1, 2), el.notUsed('757'), el.notUsed('98'),
    el.id('66', 'S', ['AC'], 1, 2), el.an('67', 'S', 2, 80), el.notUsed('352'), el.notUsed('C002'), el.notUsed('1525'),
  ],
  syntax: [{ kind: 'P', elements: [5, 6] }],
};

/** CN1 contract information. */
const CN1: SegmentRule = {
  elements: [el.id('1166', 'R', ['01', '02', '03', '04', '05', '06', '09'], 2, 2), el.r('782', 'S', 1, 18), el.r('332', 'S', 1, 6), el.an('127', 'S', 1, 50), el.r('338', 'S', 1, 6), el.an('799', 'S', 1, 30)],
};

/** K3 file information (state or federal data not otherwise carried). */
const K3: SegmentRule = { elements: [el.an('449', 'R', 1, 80), el.notUsed('1333'), el.notUsed('C001')] };

/** NTE claim or line note: NTE01 codes of 837P (ADD CER DCP DGN TPO) and 837I (ALG..UPI) claim and line notes. */
const NTE: SegmentRule = {
  elements: [el.id('363', 'R', ['ADD', 'CER', 'DCP', 'DGN', 'TPO', 'ALG', 'DME', 'MED', 'NTR', 'ODT', 'PMT', 'RHB', 'RLH', 'RNH', 'SET', 'SFM', 'SPT', 'UPI'], 3, 3), el.an('352', 'R', 1, 80)],
};

/** CRC conditions indicator (837P ambulance, vision, homebound, hospice, DMERC; 837P/837I EPSDT ZZ). */
const CRC: SegmentRule = {
  elements: [el.id('1136', 'R', ['07', 'E1', 'E2', 'E3', 'ZZ', '70', '75', '09', '11'], 2, 2), el.id('1073', 'R', ['N', 'Y'], 1, 1), el.id('1321', 'R', undefined, 2, 3), el.id('1321', 'S', undefined, 2, 3), el.id('1321', 'S', undefined, 2, 3), el.id('1321', 'S', undefined, 2, 3), el.id('1321', 'S', undefined, 2, 3)],
};

/** HCP claim or line pricing/repricing information. */
const HCP: SegmentRule = {
  elements: [
    el.id('1473', 'R', undefined, 2, 2), el.r('782', 'R', 1, 18), el.r('782', 'S', 1, 18), el.an('127', 'S', 1, 50), el.r('118', 'S', 1, 9),
    el.an('127', 'S', 1, 50), el.r('782', 'S', 1, 18), el.an('234', 'S', 1, 48), el.id('355', 'S', ['DA', 'UN'], 2, 2), el.r('380', 'S', 1, 15),
    el.id('355', 'S', ['DA', 'UN'], 2, 2), el.r('380', 'S', 1, 15), el.id('901', 'S', ['T1', 'T2', 'T3', 'T4', 'T5', 'T6'], 2, 2), el.id('1526', 'S', ['1', '2', '3', '4', '5'], 1, 2), el.id('1527', 'S', undefined, 1, 2),
  ],
};

/** MEA test result (2400: OG original/TR test results; HT height, R1-R4 hemoglobin, hematocrit, epoetin, creatinine). */
const MEA: SegmentRule = {
  elements: [el.id('737', 'R', ['OG', 'TR'], 2, 2), el.id('738', 'R', ['HT', 'R1', 'R2', 'R3', 'R4'], 1, 3), el.r('739', 'R', 1, 20)],
};

/** PS1 purchased service: provider id and charge. */
const PS1: SegmentRule = { elements: [el.an('127', 'R', 1, 50), el.r('782', 'R', 1, 18)] };

/** LIN drug identification (2410): product id qualifier (N4 NDC...) and id. */
const LIN: SegmentRule = {
  elements: [el.notUsed('350'), el.id('235', 'R', ['EN', 'EO', 'HI', 'N4', 'ON', 'UK', 'UP'], 2, 2), el.an('234', 'R', 1, 48)],
};

/** CTP drug quantity (2410): quantity and unit (F2 international unit, GR gram, ME milligram, ML millilitre, UN unit). */
const CTP: SegmentRule = {
  elements: [el.notUsed('687'), el.notUsed('236'), el.notUsed('212'), el.r('380', 'R', 1, 15), el.comp('C001', 'R', [cp.id('R', ['F2', 'GR', 'ME', 'ML', 'UN'], 2, 2)])],
};

/** OI other insurance coverage information (2320): benefits assignment, patient signature source, release of information. */
const OI: SegmentRule = {
  elements: [el.notUsed('1032'), el.notUsed('1383'), el.id('1073', 'R', ['N', 'W', 'Y'], 1, 1), el.id('1351', 'S', ['P'], 1, 1), el.notUsed('1360'), el.id('1363', 'R', ['I', 'Y'], 1, 1)],
};

/** CAS claim or line adjustment by another payer (2320, 2430). */
const CAS: SegmentRule = { elements: [el.id('1033', 'R', ['CO', 'CR', 'OA', 'PI', 'PR'], 2, 2), ...CAS_TRIPLETS] };

/** MOA outpatient / MIA inpatient adjudication information from a prior payer (2320). */
export const MOA: SegmentRule = { elements: [el.r('954', 'S', 1, 10), el.r('782', 'S', 1, 18), el.an('127', 'S', 1, 50), el.an('127', 'S', 1, 50), el.an('127', 'S', 1, 50), el.an('127', 'S', 1, 50), el.an('127', 'S', 1, 50), el.r('782', 'S', 1, 18), el.r('782', 'S', 1, 18)] };
export const MIA: SegmentRule = { elements: [el.r('380', 'R', 1, 15), el.notUsed('380'), el.r('380', 'S', 1, 15), el.r('782', 'S', 1, 18), el.an('127', 'S', 1, 50), ...Array.from({ length: 19 }, (_, i) => (i < 10 || i > 13 ? el.r('782', 'S', 1, 18) : el.an('127', 'S', 1, 50)))] };

/** SVD line adjudication by another payer (2430). */
const SVD: SegmentRule = {
  elements: [el.an('67', 'R', 2, 80), el.r('782', 'R', 1, 18), el.comp('C003', 'S', procedureComposite(['ER', 'HC', 'HP', 'IV', 'WK'])), el.an('234', 'S', 1, 48), el.r('380', 'R', 1, 15), el.n0('554', 'S', 1, 6)],
};

/** 837P/837I: segments both TR3s allow in the loops named above. */
export const SITUATIONAL_837: Readonly<Record<string, SegmentRule>> = { PWK, CN1, K3, NTE, CRC, HCP, LIN, CTP, OI, CAS, SVD };

/** 837P only. */
export const SITUATIONAL_837P: Readonly<Record<string, SegmentRule>> = { MEA, PS1, MOA, QTY };

/** 837I only. */
export const SITUATIONAL_837I: Readonly<Record<string, SegmentRule>> = { MOA, MIA };
