import { R, S, UNBOUNDED as MANY, loop, type LoopRule } from '../types.js';

/**
 * 005010X279A1 Health Care Eligibility Benefit Inquiry and Response (270/271) loop trees: loop ids, usage,
 * repeats, segment order and max use from the TR3 segment tables. The 270 tree is checked, every loop and segment,
 * against pyx12 map pyx12/map/270.5010.X279.A1.v2.xml at commit c260de02f65e6ca0779e0f776a28707438c4c00f
 * (ASC X12N 005010X279A1); the 271 tree against 271.5010.X279.A1.v2.xml at the same commit (see TREE_271).
 */
const SOURCE = ['2B', '36', 'GP', 'P5', 'PR'];
const RECEIVER = ['1P', '2B', '36', '80', 'FA', 'GP', 'P5', 'PR'];

/**
 * 2100C/D name and demographics of a 270 (member 'IL' or dependent '03'), then its inquiries (2110C/D): spend-down
 * AMT*R/PB only for the subscriber (2110C); III and REF (9F referral or G1 prior authorization) once per inquiry.
 */
const inquiryMember = (suffix: 'C' | 'D', entity: string): LoopRule =>
  loop(`2100${suffix}`, 'R', 1, [
    R('NM1', 1, entity), S('REF', 9), S('N3'), S('N4'), S('PRV'), S('DMG'), S('INS'), S('HI'), S('DTP', 2),
    loop(`2110${suffix}`, 'S', 99, [R('EQ'), ...(suffix === 'C' ? [S('AMT', 1, 'R'), S('AMT', 1, 'PB')] : []), S('III'), S('REF', 1, '9F', 'G1'), S('DTP')]),
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

/**
 * 2100C/D of a 271 with its benefits (2110C/D, 2115C/D, 2120C/D). Checked against 271.5010.X279.A1.v2.xml
 * (2000A through 2100D; 2110D-2120D taken to mirror 2110C-2120C). That map nests LS and 2120C inside 2115C and LE
 * inside 2120C; the TR3 table puts LS, 2120C and LE in 2110C after the 2115C III loop (positions 3300-4000), as here.
 */
const benefitMember = (suffix: 'C' | 'D', entity: string): LoopRule =>
  loop(`2100${suffix}`, 'R', 1, [
    R('NM1', 1, entity), S('REF', 9), S('N3'), S('N4'), S('AAA', 9), S('PRV'), S('DMG'), S('INS'), S('HI'), S('DTP', 9), S('MPI'),
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
      loop('2100B', 'R', 1, [R('NM1', 1, ...RECEIVER), S('REF', 9), S('N3'), S('N4'), S('AAA', 9), S('PRV')]),
      loop('2000C', 'S', MANY, [
        R('HL', 1, '22'), S('TRN', 3), benefitMember('C', 'IL'),
        loop('2000D', 'S', MANY, [R('HL', 1, '23'), S('TRN', 3), benefitMember('D', '03')]),
      ]),
    ]),
  ]),
  R('SE'),
]);
