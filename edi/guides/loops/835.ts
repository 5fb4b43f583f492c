import { R, S, UNBOUNDED as MANY, loop, type LoopRule } from '../types.js';

/**
 * 005010X221A1 Health Care Claim Payment/Advice (835) loop tree: loop ids, usage, repeats, segment order and
 * max use from the TR3 segment tables. Checked, every loop and segment (usage, repeat, max use, the qualifiers that
 * tell sibling uses apart), against pyx12 map pyx12/map/835.5010.X221.A1.v2.xml at commit
 * 0c04f5358674957f76463ab67672abfa412441a4 (ASC X12N 005010X221A1 Health Care Claim Payment/Advice).
 */
export const TREE_835: LoopRule = loop('ST', 'R', 1, [
  R('ST'), R('BPR'), R('TRN'), S('CUR'), S('REF', 1, 'EV'), S('REF', 1, 'F2'), S('DTM', 1, '405'),
  loop('1000A', 'R', 1, [R('N1', 1, 'PR'), R('N3'), R('N4'), S('REF', 4, '2U', 'EO', 'HI', 'NF'), S('PER', 1, 'CX'), R('PER', MANY, 'BL'), S('PER', 1, 'IC')]),
  loop('1000B', 'R', 1, [R('N1', 1, 'PE'), S('N3'), S('N4'), S('REF', MANY, '0B', 'D3', 'PQ', 'TJ'), S('RDM')]),
  loop('2000', 'S', MANY, [
    R('LX'), S('TS3'), S('TS2'),
    loop('2100', 'R', MANY, [
      R('CLP'), S('CAS', 99), R('NM1', 1, 'QC'), S('NM1', 1, 'IL'), S('NM1', 1, '74'), S('NM1', 1, '82'), S('NM1', 1, 'TT'), S('NM1', 1, 'PR'), S('NM1', 1, 'GB'),
      S('MIA'), S('MOA'),
      S('REF', 5, '1L', '1W', '28', '6P', '9A', '9C', 'BB', 'CE', 'EA', 'F8', 'G1', 'G3', 'IG', 'SY'), S('REF', 10, '0B', '1A', '1B', '1C', '1D', '1G', '1H', '1J', 'D3', 'G2', 'LU'),
      S('DTM', 2, '232', '233'), S('DTM', 1, '036'), S('DTM', 1, '050'), S('PER', 2, 'CX'), S('AMT', 13), S('QTY', 14),
      loop('2110', 'S', 999, [
        R('SVC'), S('DTM', 2, '150', '151', '472'), S('CAS', 99), S('REF', 8, '1S', 'APC', 'BB', 'E9', 'G1', 'G3', 'LU', 'RB'), S('REF', 1, '6R'),
        S('REF', 10, '0B', '1A', '1B', '1C', '1D', '1G', '1H', '1J', 'D3', 'G2', 'HPI', 'SY', 'TJ'), S('REF', 5, '0K'), S('AMT', 9), S('QTY', 6), S('LQ', 99),
      ]),
    ]),
  ]),
  S('PLB', MANY),
  R('SE'),
]);
