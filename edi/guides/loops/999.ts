import { R, S, UNBOUNDED as MANY, loop, type LoopRule } from '../types.js';

/**
 * 005010X231A1 Implementation Acknowledgment (999) loop tree: 2000 per transaction set acknowledged (AK2..IK5),
 * 2100 per segment in error (IK3, CTX), 2110 per element in error (IK4, CTX); pyx12 map 999.5010.xml.
 */
export const TREE_999: LoopRule = loop('ST', 'R', 1, [
  R('ST'), R('AK1'),
  loop('2000', 'S', MANY, [
    R('AK2'),
    loop('2100', 'S', MANY, [R('IK3'), S('CTX', 10), loop('2110', 'S', 99, [R('IK4'), S('CTX', 10)])]),
    R('IK5'),
  ]),
  R('AK9'), R('SE'),
]);
