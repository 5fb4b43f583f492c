import { AMT, BHT, DMG, DTP, HL, LX, N3, N4, NM1, PER, PRV, REF, SE, ST, procedureComposite } from './common.js';
import { CLAIM_FILING_837 } from './claim-filing.js';
import { SITUATIONAL_837, SITUATIONAL_837I, SITUATIONAL_837P } from './837-situational.js';
import { CUR, MORE_837P } from './other-segments.js';
import { tree837 } from './loops/837.js';
import { cp, el, type SegmentRule, type TransactionGuide } from './types.js';

/** 837 rules shared by the professional (005010X222A1) and institutional (005010X223A2) TR3s. */
/** HI01-1 code list qualifiers: diagnoses (ICD-10 AB*, ICD-9 B*), procedures (BBR/BBQ, BR/BQ, CAH), anesthesia (BP/BO), codes (BE, BG, BH, BI, DR, TC). */
const DIAGNOSIS_QUALIFIERS = ['ABK', 'ABF', 'ABJ', 'APR', 'ABN', 'BK', 'BF', 'BJ', 'PR', 'BN', 'BBR', 'BBQ', 'BR', 'BQ', 'CAH', 'BP', 'BO', 'BE', 'BH', 'BG', 'BI', 'DR', 'TC'];
const HI_COMPONENT = [cp.id('R', DIAGNOSIS_QUALIFIERS, 1, 3), cp.an('R', 1, 30), cp.id('S', ['D8', 'RD8']), cp.an('S', 1, 35), cp.an('S', 1, 18), cp.notUsed(), cp.notUsed(), cp.notUsed(), cp.id('S', ['N', 'U', 'W', 'Y'], 1, 1)];
const HI: SegmentRule = {
  elements: Array.from({ length: 12 }, (_, i) => el.comp(i === 0 ? 'C022' : 'C022', i === 0 ? 'R' : 'S', HI_COMPONENT)),
};
const SBR: SegmentRule = {
  elements: [
    // SBR02: 18 (self) in 2000B; the 2320 other-subscriber SBR names any relationship to the patient.
    el.id('1138', 'R', ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'P', 'S', 'T', 'U'], 1, 1), el.id('1069', 'S', ['01', '18', '19', '20', '21', '39', '40', '53', 'G8'], 2, 2),
    el.an('127', 'S', 1, 50), el.an('93', 'S', 1, 60), el.id('1336', 'S', undefined, 1, 3), el.notUsed('1143'), el.notUsed('1073'),
    el.notUsed('584'), el.id('1032', 'S', CLAIM_FILING_837, 1, 2),
  ],
};
const PAT: SegmentRule = {
  elements: [el.id('1069', 'S', ['01', '19', '20', '21', '39', '40', '53', 'G8'], 2, 2), el.notUsed('1384'), el.notUsed('584'), el.notUsed('1220'), el.id('1250', 'S', ['D8']), el.an('1251', 'S', 1, 35), el.id('355', 'S', ['01']), el.r('81', 'S', 1, 10), el.id('1073', 'S', ['Y'], 1, 1)],
};
/** 2010AB pay-to address: NM101 87 and NM102 only (NM103-NM109 Not Used in X222A1 and X223A2). */
export const QUALIFIED_837: Record<string, SegmentRule> = {
  'NM1*87': { elements: [el.id('98', 'R', ['87'], 2, 3), el.id('1065', 'R', ['2'], 1, 1), ...['1035', '1036', '1037', '1038', '1039', '66', '67', '706', '98', '1035'].map((ref) => el.notUsed(ref))] },
};

/**
 * 2300 is Situational under a subscriber (2000B: "required when the subscriber is the patient") and Required
 * under a patient (2000C), so the tree alone accepts a file with no claim; an 837 always carries one.
 */
export const CLAIM_REQUIRED = ['CLM'];

export const base = (claimRule: SegmentRule, lineId: 'SV1' | 'SV2' | 'SV3', lineRule: SegmentRule, extra: Record<string, SegmentRule>): Record<string, SegmentRule> => ({
  ST, SE, HL, N3, N4, PER, PRV, DMG, LX, AMT, SBR, PAT, HI,
  BHT: BHT(['0019'], ['CH', 'RP', '31']),
  NM1: NM1(['41', '40', '85', '87', 'PE', 'DD', 'IL', 'PR', 'QC', 'DN', '82', '77', '71', '72', 'ZZ', 'DQ', 'PW', '45', 'FA', 'DK', 'P3', 'QB', 'SJ', '2B', '36', 'TL'], ['46', 'XX', 'PI', 'MI', 'II', 'XV', 'FI', '24', '34']),
  REF: REF(),
  DTP: DTP(),
  ...SITUATIONAL_837,
  CLM: claimRule,
  [lineId]: lineRule,
  ...extra,
});

/** 005010X222A1 Health Care Claim: Professional. */
export const GUIDE_837P: TransactionGuide = {
  code: '837',
  implementation: '005010X222A1',
  functionalId: 'HC',
  title: 'Health Care Claim: Professional',
  segments: base(
    {
      elements: [
        el.an('1028', 'R', 1, 38), el.r('782', 'R', 1, 18), el.notUsed('1032'), el.notUsed('1343'),
        el.comp('C023', 'R', [cp.an('R', 1, 2), cp.id('R', ['B'], 1, 2), cp.id('R', ['1', '7', '8'], 1, 1)]),
        el.id('1073', 'R', ['N', 'Y'], 1, 1), el.id('1359', 'R', ['A', 'B', 'C'], 1, 1), el.id('1073', 'R', ['N', 'W', 'Y'], 1, 1),
        el.id('1363', 'R', ['I', 'Y'], 1, 1), el.id('1351', 'S', ['P'], 1, 1),
        el.comp('C024', 'S', [cp.id('R', ['AA', 'EM', 'OA']), cp.id('S', ['AA', 'EM', 'OA']), cp.notUsed(), cp.an('S', 2, 3), cp.notUsed()]),
        el.id('1366', 'S', ['02', '03', '05', '09'], 2, 3),
      ],
    },
    'SV1',
    {
      elements: [
        el.comp('C003', 'R', procedureComposite(['ER', 'HC', 'IV', 'WK'])), el.r('782', 'R', 1, 18), el.id('355', 'R', ['MJ', 'UN'], 2, 2),
        el.r('380', 'R', 1, 15), el.an('1331', 'S', 1, 2), el.notUsed('1365'),
        el.comp('C004', 'R', [cp.n0('R', 1, 2), cp.n0('S', 1, 2), cp.n0('S', 1, 2), cp.n0('S', 1, 2)]),
        el.notUsed('782'), el.id('1073', 'S', ['Y'], 1, 1), el.notUsed('1073'), el.id('1073', 'S', ['Y'], 1, 1), el.id('1073', 'S', ['Y'], 1, 1),
      ],
    },
    { ...SITUATIONAL_837P, ...MORE_837P },
  ),
  loops: tree837('P'),
  required: CLAIM_REQUIRED,
  qualified: QUALIFIED_837,
};

/** 005010X223A2 Health Care Claim: Institutional. */
export const GUIDE_837I: TransactionGuide = {
  code: '837',
  implementation: '005010X223A2',
  functionalId: 'HC',
  title: 'Health Care Claim: Institutional',
  segments: base(
    {
      elements: [
        el.an('1028', 'R', 1, 38), el.r('782', 'R', 1, 18), el.notUsed('1032'), el.notUsed('1343'),
        el.comp('C023', 'R', [cp.an('R', 1, 2), cp.id('R', ['A'], 1, 2), cp.id('R', ['0', '1', '2', '3', '4', '5', '7', '8', '9', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'M', 'P', 'Q', 'X', 'Y', 'Z'], 1, 1)]),
        el.notUsed('1073'), el.id('1359', 'R', ['A', 'C'], 1, 1), el.id('1073', 'R', ['N', 'W', 'Y'], 1, 1),
        el.id('1363', 'R', ['I', 'Y'], 1, 1), el.notUsed('1351'), el.notUsed('C024'), el.notUsed('1366'),
      ],
    },
    'SV2',
    {
      elements: [
        el.an('234', 'R', 1, 48), el.comp('C003', 'S', procedureComposite(['ER', 'HC', 'HP', 'IV', 'WK'])), el.r('782', 'R', 1, 18),
        el.id('355', 'R', ['DA', 'UN'], 2, 2), el.r('380', 'R', 1, 15), el.r('1371', 'S', 1, 10), el.r('782', 'S', 1, 18),
        el.notUsed('1073'), el.notUsed('1345'), el.notUsed('1337'),
      ],
    },
    {
      // 2300 CL1 Institutional Claim Code: Required on every claim; CL103 patient status Required (X223A2).
      ...SITUATIONAL_837I,
      CUR: CUR(['85']),
      // X223A2 2300 DTP*096 discharge hour is TM, DTP*435 admission date/hour D8 or DT.
      DTP: DTP(undefined, ['D8', 'RD8', 'DT', 'TM']),
      CL1: { elements: [el.id('1315', 'S', undefined, 1, 1), el.id('1314', 'S', undefined, 1, 1), el.id('1352', 'R', undefined, 1, 2), el.notUsed('1345')] },
    },
  ),
  loops: tree837('I'),
  required: CLAIM_REQUIRED,
  qualified: QUALIFIED_837,
};

/**
 * CL103 (patient status) when a claim says nothing of it: 01, discharged to home or self care (routine
 * discharge), the value of the X223A2 outpatient examples (`CL1***01`); NUBC UB-04 FL17.
 */
export const ROUTINE_PATIENT_STATUS = '01';
