import { R, S, UNBOUNDED as MANY, loop, type LoopRule } from '../types.js';

/** CTX01-1 context names of the 2100 business unit identifier CTX (the claim or member the error is in). */
const BUSINESS_UNIT = ['TRN02', 'NM109', 'PATIENT NAME NM109', 'SUBSCRIBER NAME NM109', 'ENT01', 'SUBSCRIBER NUMBER REF02', 'CLM01'];

/**
 * 005010X231A1 Implementation Acknowledgment (999) loop tree: 2000 per transaction set acknowledged (AK2..IK5),
 * 2100 per segment in error (IK3; CTX segment context, max 9, and CTX business unit identifier, max 1), 2110 per
 * element in error (IK4, CTX element context max 10). Checked against pyx12 map pyx12/map/999.5010X231.A1.xml at
 * commit 770b5a3e140629803afcb6f9936ea50fc4e404b3 (ASC X12C 005010X231A1 Implementation Acknowledgment).
 */
export const TREE_999: LoopRule = loop('ST', 'R', 1, [
  R('ST'), R('AK1'),
  loop('2000', 'S', MANY, [
    R('AK2'),
    loop('2100', 'S', MANY, [
      R('IK3'), S('CTX', 9, 'SITUATIONAL TRIGGER'), S('CTX', 1, ...BUSINESS_UNIT),
      loop('2110', 'S', MANY, [R('IK4'), S('CTX', 10, 'SITUATIONAL TRIGGER')]),
    ]),
    R('IK5'),
  ]),
  R('AK9'), R('SE'),
]);
