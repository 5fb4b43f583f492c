import { R, S, UNBOUNDED as MANY, loop, type LoopRule } from '../types.js';

/**
 * 005010X220A1 Benefit Enrollment and Maintenance (834) loop tree: loop ids, usage, repeats, segment order and
 * max use from the TR3 segment tables. Checked, every loop and segment (repeat, max use, segment usage, the
 * qualifiers that tell sibling uses apart), against pyx12 map pyx12/map/834.5010.X220.A1.v2.xml at commit
 * 1eaa925898cd706a8e774ca467af7b4f8df3c928 (ASC X12N 005010X220A1 Benefit Enrollment and Maintenance). That map
 * marks the situational loops below 2000 (1000C, 2100B-H, 2200, 2300, 2310, 2320, 2330) usage R, meaning their
 * trigger is required once the loop is sent; the TR3 tables name them Situational, as here.
 */
const contact = (id: string, entity: string[], repeat: number, extra = true): LoopRule =>
  loop(id, 'S', repeat, [R('NM1', 1, ...entity), ...(extra ? [S('PER'), S('N3'), S('N4')] : [])]);

export const TREE_834: LoopRule = loop('ST', 'R', 1, [
  R('ST'), R('BGN'), S('REF', 1, '38'), S('DTP', MANY, '007', '090', '091', '303', '382', '388'), S('QTY', 3),
  loop('1000A', 'R', 1, [R('N1', 1, 'P5')]),
  loop('1000B', 'R', 1, [R('N1', 1, 'IN')]),
  loop('1000C', 'S', 2, [R('N1', 1, 'BO', 'TV'), loop('1100C', 'S', 1, [R('ACT')])]),
  loop('2000', 'S', MANY, [
    R('INS'), R('REF', 1, '0F'), S('REF', 1, '1L'),
    S('REF', 13, '17', '23', '3H', '4A', '6O', 'ABB', 'D3', 'DX', 'F6', 'P5', 'Q4', 'QQ', 'ZZ'),
    S('DTP', 24),
    loop('2100A', 'R', 1, [R('NM1', 1, 'IL', '74'), S('PER'), S('N3'), S('N4'), S('DMG'), S('EC', MANY), S('ICM'), S('AMT', 7), S('HLH'), S('LUI', MANY)]),
    loop('2100B', 'S', 1, [R('NM1', 1, '70'), S('DMG')]),
    loop('2100C', 'S', 1, [R('NM1', 1, '31'), R('N3'), R('N4')]),
    contact('2100D', ['36'], 3),
    contact('2100E', ['M8'], 3),
    contact('2100F', ['S3'], 1),
    contact('2100G', ['6Y', '9K', 'E1', 'EI', 'EXS', 'GB', 'GD', 'J6', 'LR', 'QD', 'S1', 'TZ', 'X4'], 13),
    loop('2100H', 'S', 1, [R('NM1', 1, '45'), S('N3'), S('N4')]),
    loop('2200', 'S', MANY, [R('DSB'), S('DTP', 2)]),
    loop('2300', 'S', 99, [
      R('HD'), R('DTP', 6), S('AMT', 9), S('REF', 14, '17', '1L', '9V', 'CE', 'E8', 'M7', 'PID', 'RB', 'X9', 'XM', 'XX1', 'XX2', 'ZX', 'ZZ'), S('REF', 1, 'QQ'), S('IDC', 3),
      loop('2310', 'S', 30, [R('LX'), R('NM1', 1, '1X', '3D', '80', 'FA', 'OD', 'P3', 'QA', 'QN', 'Y2'), S('N3', 2), S('N4'), S('PER', 2), S('PLA')]),
      loop('2320', 'S', 5, [R('COB'), S('REF', 4), S('DTP', 2), loop('2330', 'S', 3, [R('NM1', 1, '36', 'GW', 'IN'), S('N3'), S('N4'), S('PER')])]),
    ]),
    // LS/LE (in 2000) bound the reporting-category loops: 2700 (LX) and its 2750 (N1*75).
    S('LS'), loop('2700', 'S', MANY, [R('LX'), loop('2750', 'R', 1, [R('N1', 1, '75'), S('REF'), S('DTP', 1, '007')])]), S('LE'),
  ]),
  R('SE'),
]);
