import { procedureComposite } from './common.js';
import { CLAIM_REQUIRED, QUALIFIED_837, base } from './837.js';
import { MOA } from './837-situational.js';
import { CUR } from './other-segments.js';
import { tree837 } from './loops/837.js';
import { cp, el, type SegmentRule, type TransactionGuide } from './types.js';

/**
 * 005010X224A2 Health Care Claim: Dental. The envelope, 1000A/B, 2000A-2010AA, 2000B/C and the situational
 * 2300/2400 segments are the 837P ones (`base`); what is dental: CLM (facility code from the place of service,
 * CLM06 signature indicator Required, CLM19 predetermination), DN1 orthodontic and DN2 tooth status (2300), SV3
 * dental service with the ADA code (SV301-1 AD), oral cavity areas (SV304) and procedure count (SV306), and TOO
 * tooth information (2400, up to 32: TOO01 JP = ADA Universal National Tooth Designation, TOO03 surfaces).
 */

/** ADA tooth surface codes (TOO03 C005, X224A2): mesial, occlusal, incisal, distal, buccal, facial, lingual. */
export const TOOTH_SURFACES = ['M', 'O', 'I', 'D', 'B', 'F', 'L'] as const;
/** Oral cavity designation codes (SV304 C006, X224A2): entire mouth, arches, quadrants, sides. */
const ORAL_CAVITY_AREAS = ['00', '01', '02', '09', '10', '20', '30', '40', 'L', 'R'];

const CLM_DENTAL: SegmentRule = {
  elements: [
    el.an('1028', 'R', 1, 38), el.r('782', 'R', 1, 18), el.notUsed('1032'), el.notUsed('1343'),
    el.comp('C023', 'R', [cp.an('R', 1, 2), cp.id('R', ['B'], 1, 2), cp.id('R', ['1', '7', '8'], 1, 1)]),
    el.id('1073', 'R', ['N', 'Y'], 1, 1), el.id('1359', 'R', ['A', 'B', 'C'], 1, 1), el.id('1073', 'R', ['N', 'W', 'Y'], 1, 1),
    el.id('1363', 'R', ['I', 'Y'], 1, 1), el.notUsed('1351'),
    el.comp('C024', 'S', [cp.id('R', ['AA', 'EM', 'OA']), cp.id('S', ['AA', 'EM', 'OA']), cp.notUsed(), cp.an('S', 2, 3), cp.notUsed()]),
    el.id('1366', 'S', ['01', '02', '03', '05', '09'], 2, 3),
    ...['1073', '1338', '1358', '1360', '1029', '1073'].map((ref) => el.notUsed(ref)),
    el.id('1383', 'S', ['PB'], 1, 2), el.id('1514', 'S', ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '15'], 1, 2),
  ],
};

const SV3: SegmentRule = {
  elements: [
    el.comp('C003', 'R', procedureComposite(['AD'])), el.r('782', 'R', 1, 18), el.an('1331', 'S', 1, 2),
    el.comp('C006', 'S', [cp.id('R', ORAL_CAVITY_AREAS), cp.id('S', ORAL_CAVITY_AREAS), cp.id('S', ORAL_CAVITY_AREAS), cp.id('S', ORAL_CAVITY_AREAS), cp.id('S', ORAL_CAVITY_AREAS)]),
    el.id('1358', 'S', ['I', 'R'], 1, 1), el.r('380', 'S', 1, 15),
    el.notUsed('352'), el.notUsed('1327'), el.notUsed('1073'), el.notUsed('1360'),
    el.comp('C004', 'S', [cp.n0('R', 1, 2), cp.n0('S', 1, 2), cp.n0('S', 1, 2), cp.n0('S', 1, 2)]),
  ],
};

const TOO: SegmentRule = {
  elements: [
    el.id('1270', 'R', ['JP'], 1, 3), el.an('1271', 'R', 1, 30),
    el.comp('C005', 'S', [cp.id('R', TOOTH_SURFACES, 1, 2), ...Array.from({ length: 4 }, () => cp.id('S', TOOTH_SURFACES, 1, 2))]),
  ],
};

/** 2300 DN1 orthodontic total months of treatment, months remaining, questions answered, description. */
const DN1: SegmentRule = { elements: [el.r('380', 'S', 1, 15), el.r('380', 'S', 1, 15), el.id('1073', 'S', ['Y'], 1, 1), el.an('352', 'S', 1, 80)] };
/** 2300 DN2 tooth status: tooth number, E to be extracted / M missing (up to 35 per claim). */
const DN2: SegmentRule = {
  elements: [el.an('1271', 'R', 1, 30), el.id('1368', 'R', ['E', 'M'], 1, 2), el.notUsed('380'), el.notUsed('1250'), el.id('1270', 'R', ['JP'], 1, 3)],
};

/**
 * 2430 SVD line adjudication by another payer (X224A2): other payer id, paid amount, the ADA procedure (AD, as
 * SV301), paid procedure count, bundled line number.
 */
const SVD: SegmentRule = {
  elements: [el.an('67', 'R', 2, 80), el.r('782', 'R', 1, 18), el.comp('C003', 'R', procedureComposite(['AD'])), el.an('234', 'S', 1, 48), el.r('380', 'R', 1, 15), el.n0('554', 'S', 1, 6)],
};

/** 005010X224A2 Health Care Claim: Dental. */
export const GUIDE_837D: TransactionGuide = {
  code: '837',
  implementation: '005010X224A2',
  functionalId: 'HC',
  title: 'Health Care Claim: Dental',
  segments: base(CLM_DENTAL, 'SV3', SV3, { TOO, DN1, DN2, MOA, CUR: CUR(['85']), SVD }),
  loops: tree837('D'),
  required: CLAIM_REQUIRED,
  qualified: QUALIFIED_837,
};
