import { BHT, DMG, DTP, HL, NM1, PER, REF, SE, ST, TRN } from './common.js';
import { STATUS_SVC } from './other-segments.js';
import { TREE_276, TREE_277 } from './loops/276-277.js';
import { cp, el, type SegmentRule, type TransactionGuide } from './types.js';

const common: Record<string, SegmentRule> = {
  ST, SE, HL, DMG, TRN, SVC: STATUS_SVC,
  NM1: NM1(['PR', '41', '1P', 'IL', 'QC'], ['PI', 'XV', '46', 'FI', 'XX', 'SV', 'MI', '24', '34']),
  REF: REF(['1K', 'BLT', 'EA', 'EJ', 'XZ', 'D9', 'LU', '6P', 'FJ']),
  AMT: { elements: [el.id('522', 'R', ['T3', 'YU', 'YY'], 1, 3), el.r('782', 'R', 1, 18)] },
  DTP: DTP(['472']),
};

/** 005010X212 Health Care Claim Status Request (276). */
export const GUIDE_276: TransactionGuide = {
  code: '276',
  implementation: '005010X212',
  functionalId: 'HR',
  title: 'Health Care Claim Status Request',
  segments: { ...common, BHT: BHT(['0010'], []) },
  loops: TREE_276,
  // 2200D is Situational (used when the subscriber is the patient, 2200E otherwise): a request asks about a claim.
  required: ['TRN'],
};

/** STC01 health care claim status: category (507), status (508), entity (98). */
const STATUS = el.comp('C043', 'R', [cp.an('R', 1, 30), cp.an('R', 1, 30), cp.an('S', 2, 3), cp.notUsed()]);

/** 005010X212 Health Care Claim Status Response (277). */
export const GUIDE_277: TransactionGuide = {
  code: '277',
  implementation: '005010X212',
  functionalId: 'HN',
  title: 'Health Care Claim Status Response',
  segments: {
    ...common,
    PER,
    BHT: BHT(['0010'], ['DG']),
    STC: {
      elements: [
        STATUS, el.dt('373', 'R'), el.notUsed('306'), el.r('782', 'R', 1, 18), el.r('782', 'R', 1, 18),
        el.dt('373', 'S'), el.id('591', 'S', ['ACH', 'BOP', 'CHK', 'FWT', 'NON'], 3, 3), el.dt('373', 'S'), el.an('429', 'S', 1, 16),
        { ...STATUS, usage: 'S' }, { ...STATUS, usage: 'S' }, el.notUsed('933'),
      ],
    },
  },
  loops: TREE_277,
};

/**
 * STC01 category, status and (when the status code requires one) entity codes the 277 answers with (ASC X12
 * external code lists 507 Claim Status Category, 508 Claim Status, 98 Entity Identifier):
 * - A4:35 not found ("Claim/encounter not found"); A1:19:PR received ("Entity acknowledges receipt of
 *   claim/encounter", which requires an entity code: PR payer); A2:20 accepted ("Accepted for processing");
 *   P1:20 pended (in process);
 * - F1:65 paid ("Claim/line has been paid"); F1:107 finalized with nothing to pay after the member's share
 *   ("Processed according to contract provisions": not a denial, e.g. all to the deductible);
 * - F2:88:QC denied because the patient had no coverage on the service dates (CARC 27; 508 code 88 "Entity not
 *   eligible for benefits for submitted dates of service" requires an entity code); F2:107 denied for any other
 *   reason (the 835's CAS carries the CARC).
 */
export const CLAIM_STATUS = {
  notFound: ['A4', '35'],
  received: ['A1', '19', 'PR'],
  accepted: ['A2', '20'],
  pended: ['P1', '20'],
  paid: ['F1', '65'],
  paidNothing: ['F1', '107'],
  deniedNotEligible: ['F2', '88', 'QC'],
  denied: ['F2', '107'],
} as const satisfies Record<string, readonly string[]>;

/** The CARC of a whole-claim denial for coverage not in force on the service dates (population/data/claims/denials.ts). */
export const NOT_ELIGIBLE_CARC = '27';
