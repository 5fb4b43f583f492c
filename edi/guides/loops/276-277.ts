import { R, S, UNBOUNDED as MANY, loop, type LoopRule, type SegmentUse } from '../types.js';

/**
 * 005010X212 Health Care Claim Status Request and Response (276/277) and 005010X214 Health Care Claim
 * Acknowledgment (277CA) loop trees: loop ids, usage, repeats, segment order and max use from the TR3 segment
 * tables (pyx12 maps 276.5010.X212.xml, 277.5010.X212.xml, 277.5010.X214.xml).
 */
const CLAIM_REFS = ['1K', 'BLT', 'EA', 'EJ', 'XZ', 'D9'].map((q) => S('REF', 1, q));

/** 2200D/E claim status tracking (276: with AMT; 277: with STC) and its service lines (2210/2220). */
const claimLoop = (set: '276' | '277', suffix: 'D' | 'E', usage: 'R' | 'S'): LoopRule =>
  loop(`2200${suffix}`, usage, MANY, [
    R('TRN'), ...(set === '277' ? [R('STC', MANY)] : []), ...CLAIM_REFS, ...(set === '276' ? [S('AMT', 1, 'T3')] : []), S('DTP', 1, '472'),
    loop(`22${set === '276' ? '1' : '2'}0${suffix}`, 'S', MANY, [R('SVC'), ...(set === '277' ? [R('STC', MANY)] : []), S('REF', 1, 'FJ'), S('DTP', 1, '472')]),
  ]);

const statusTree = (set: '276' | '277'): LoopRule => {
  const hl = (q: string, extra: SegmentUse[] = []) => [R('HL', 1, q), ...extra];
  return loop('ST', 'R', 1, [
    R('ST'), R('BHT'),
    loop('2000A', 'R', MANY, [
      ...hl('20'),
      loop('2100A', 'R', 1, [R('NM1', 1, 'PR'), ...(set === '277' ? [S('PER', 3)] : [])]),
      loop('2000B', 'R', MANY, [
        ...hl('21'),
        loop('2100B', 'R', 1, [R('NM1', 1, '41')]),
        loop('2000C', 'R', MANY, [
          ...hl('19'),
          loop('2100C', 'R', 1, [R('NM1', 1, '1P')]),
          loop('2000D', 'R', MANY, [
            ...hl('22', set === '276' ? [S('DMG')] : []),
            loop('2100D', 'R', 1, [R('NM1', 1, 'IL')]),
            claimLoop(set, 'D', 'S'),
            loop('2000E', 'S', MANY, [...hl('23', [set === '276' ? R('DMG') : S('DMG')]), loop('2100E', 'R', 1, [R('NM1', 1, 'QC')]), claimLoop(set, 'E', 'R')]),
          ]),
        ]),
      ]),
    ]),
    R('SE'),
  ]);
};

export const TREE_276 = statusTree('276');
export const TREE_277 = statusTree('277');

/**
 * 277CA (005010X214), checked, every loop and segment, against pyx12 map pyx12/map/277.5010.X214.xml at commit
 * 770b5a3e140629803afcb6f9936ea50fc4e404b3 (ASC X12N 005010X214 Health Care Claim Acknowledgment). That map marks
 * 2000C, 2200C and 2000D usage R; they stay Situational here (a 277CA that rejects the whole batch at 2200B has no
 * provider or patient level).
 */
export const TREE_277CA: LoopRule = loop('ST', 'R', 1, [
  R('ST'), R('BHT'),
  loop('2000A', 'R', MANY, [
    R('HL', 1, '20'),
    loop('2100A', 'R', 1, [R('NM1', 1, 'AY', 'PR')]),
    loop('2200A', 'R', MANY, [R('TRN'), R('DTP', 1, '050'), R('DTP', 1, '009')]),
    loop('2000B', 'R', 1, [
      R('HL', 1, '21'),
      loop('2100B', 'R', 1, [R('NM1', 1, '41')]),
      loop('2200B', 'R', 1, [R('TRN'), R('STC', MANY), S('QTY', 1, '90'), S('QTY', 1, 'AA'), S('AMT', 1, 'YU'), S('AMT', 1, 'YY')]),
      loop('2000C', 'S', MANY, [
        R('HL', 1, '19'),
        loop('2100C', 'R', MANY, [R('NM1', 1, '85')]),
        loop('2200C', 'S', 1, [R('TRN'), R('STC', MANY), S('REF', 1, '0B', '1G', 'G2', 'LU', 'SY', 'TJ'), S('QTY', 1, 'QA'), S('QTY', 1, 'QC'), S('AMT', 1, 'YU'), S('AMT', 1, 'YY')]),
        loop('2000D', 'S', MANY, [
          R('HL', 1, 'PT'),
          loop('2100D', 'R', 1, [R('NM1', 1, 'QC')]),
          loop('2200D', 'S', MANY, [
            R('TRN'), R('STC', MANY), S('REF', 1, '1K'), S('REF', 1, 'D9'), S('REF', 1, 'BLT'), R('DTP', 1, '472'),
            loop('2220D', 'S', MANY, [R('SVC'), R('STC'), S('REF', 1, 'FJ'), S('REF', 1, 'XZ'), S('DTP', 1, '472')]),
          ]),
        ]),
      ]),
    ]),
  ]),
  R('SE'),
]);
