import { R, S, UNBOUNDED as MANY, loop, type LoopRule } from '../types.js';

/**
 * 005010X279A1 Health Care Eligibility Benefit Inquiry and Response (270/271) loop trees: loop ids, usage,
 * repeats, segment order and max use from the TR3 segment tables (pyx12 maps 270.5010.X279.A1.xml,
 * 271.5010.X279.A1.xml).
 */
const SOURCE = ['2B', '36', 'GP', 'P5', 'PR'];
const RECEIVER = ['1P', '2B', '36', '80', 'FA', 'GP', 'P5', 'PR'];

/** 2100C/D name and demographics of a 270 (member 'IL' or dependent '03'), then its inquiries (2110C/D). */
const inquiryMember = (suffix: 'C' | 'D', entity: string): LoopRule =>
  loop(`2100${suffix}`, 'R', 1, [
    R('NM1', 1, entity), S('REF', 9), S('N3'), S('N4'), S('PRV'), S('DMG'), S('INS'), S('HI'), S('DTP', 2),
    loop(`2110${suffix}`, 'S', 99, [R('EQ'), S('AMT', 1, 'R'), S('AMT', 1, 'PB'), S('III', 10), S('REF', 1, '9F'), S('DTP')]),
  ]);

export const TREE_270: LoopRule = loop('ST', 'R', 1, [
  R('ST'), R('BHT'),
  loop('2000A', 'R', MANY, [
    R('HL', 1, '20'),
    loop('2100A', 'R', 1, [R('NM1', 1, ...SOURCE)]),
    loop('2000B', 'R', MANY, [
      R('HL', 1, '21'),
      loop('2100B', 'R', 1, [R('NM1', 1, ...RECEIVER), S('REF', 9), S('N3'), S('N4'), S('PRV')]),
      loop('2000C', 'R', MANY, [
        R('HL', 1, '22'), S('TRN', 2), inquiryMember('C', 'IL'),
        loop('2000D', 'S', MANY, [R('HL', 1, '23'), S('TRN', 2), inquiryMember('D', '03')]),
      ]),
    ]),
  ]),
  R('SE'),
]);

/** 2100C/D of a 271 with its benefits (2110C/D, 2115C/D, 2120C/D). */
const benefitMember = (suffix: 'C' | 'D', entity: string): LoopRule =>
  loop(`2100${suffix}`, 'R', 1, [
    R('NM1', 1, entity), S('REF', 9), S('N3'), S('N4'), S('AAA', 9), S('PRV'), S('DMG'), S('INS'), S('HI'), S('DTP', 9), S('MPI', 9),
    loop(`2110${suffix}`, 'S', MANY, [
      R('EB'), S('HSD', 9), S('REF', 9), S('DTP', 20), S('AAA', 9), S('MSG', 10),
      loop(`2115${suffix}`, 'S', 10, [R('III')]),
      S('LS'),
      loop(`2120${suffix}`, 'S', 23, [R('NM1'), S('N3'), S('N4'), S('PER', 3), S('PRV')]),
      S('LE'),
    ]),
  ]);

export const TREE_271: LoopRule = loop('ST', 'R', 1, [
  R('ST'), R('BHT'),
  loop('2000A', 'R', MANY, [
    R('HL', 1, '20'), S('AAA', 9),
    loop('2100A', 'R', 1, [R('NM1', 1, ...SOURCE), S('PER', 3), S('AAA', 9)]),
    loop('2000B', 'S', MANY, [
      R('HL', 1, '21'),
      loop('2100B', 'R', 1, [R('NM1', 1, ...RECEIVER), S('REF', 9), S('AAA', 9), S('PRV')]),
      loop('2000C', 'S', MANY, [
        R('HL', 1, '22'), S('TRN', 3), benefitMember('C', 'IL'),
        loop('2000D', 'S', MANY, [R('HL', 1, '23'), S('TRN', 3), benefitMember('D', '03')]),
      ]),
    ]),
  ]),
  R('SE'),
]);
