import { cp, el, type SegmentRule } from './types.js';

/**
 * Segment rules shared by the HIPAA 5010 TR3s (element reference numbers, types and lengths from the
 * X12 5010 data element dictionary as profiled by the TR3s). Transaction guides reuse these and
 * narrow the codes where their TR3 does.
 */
export const ST: SegmentRule = { elements: [el.id('143', 'R', undefined, 3, 3), el.an('329', 'R', 4, 9), el.an('1705', 'S', 1, 35)] };
export const SE: SegmentRule = { elements: [el.n0('96', 'R', 1, 10), el.an('329', 'R', 4, 9)] };

export const NM1 = (entityCodes: readonly string[], idQualifiers: readonly string[]): SegmentRule => ({
  elements: [
    el.id('98', 'R', entityCodes, 2, 3),
    el.id('1065', 'R', ['1', '2'], 1, 1),
    el.an('1035', 'S', 1, 60),
    el.an('1036', 'S', 1, 35),
    el.an('1037', 'S', 1, 25),
    el.notUsed('1038'),
    el.an('1039', 'S', 1, 10),
    el.id('66', 'S', idQualifiers, 1, 2),
    el.an('67', 'S', 2, 80),
    el.notUsed('706'),
    el.notUsed('98'),
    el.notUsed('1035'),
  ],
  syntax: [{ kind: 'P', elements: [8, 9] }],
});

export const N3: SegmentRule = { elements: [el.an('166', 'R', 1, 55), el.an('166', 'S', 1, 55)] };
/**
 * N4 as the 837, 835 and 270/271 TR3s profile it: N402 Situational (US and Canada), N405-N406 Not Used, N407
 * only outside the US and Canada. Syntax notes of the X12 N4: E0207 (N402 or N407, not both), C0605, C0704.
 */
export const N4: SegmentRule = {
  elements: [el.an('19', 'R', 2, 30), el.id('156', 'S', undefined, 2, 2), el.an('116', 'S', 3, 15), el.id('26', 'S', undefined, 2, 3), el.notUsed('309'), el.notUsed('310'), el.an('1715', 'S', 1, 3)],
  syntax: [{ kind: 'E', elements: [2, 7] }, { kind: 'C', elements: [6, 5] }, { kind: 'C', elements: [7, 4] }],
};
export const DMG: SegmentRule = {
  elements: [el.id('1250', 'R', ['D8'], 2, 3), el.dt('1251', 'R'), el.id('1068', 'S', ['F', 'M', 'U'], 1, 1)],
  syntax: [{ kind: 'P', elements: [1, 2] }],
  periods: [{ format: 1, value: 2 }],
};
export const REF = (qualifiers?: readonly string[]): SegmentRule => ({
  elements: [el.id('128', 'R', qualifiers, 2, 3), el.an('127', 'R', 1, 50), el.notUsed('352'), el.notUsed('C040')],
});
/** DTP: date qualifiers, and the period formats (1250) the guide allows (D8, RD8; 837I also DT and TM). */
export const DTP = (qualifiers?: readonly string[], formats: readonly string[] = ['D8', 'RD8']): SegmentRule => ({
  elements: [el.id('374', 'R', qualifiers, 3, 3), el.id('1250', 'R', formats, 2, 3), el.an('1251', 'R', 1, 35)],
  periods: [{ format: 2, value: 3 }],
});
export const PER: SegmentRule = {
  elements: [
    el.id('366', 'R', ['IC', 'BL', 'CX'], 2, 2), el.an('93', 'S', 1, 60),
    el.id('365', 'S', ['TE', 'EM', 'FX', 'EX', 'UR'], 2, 2), el.an('364', 'S', 1, 256),
    el.id('365', 'S', ['TE', 'EM', 'FX', 'EX', 'UR'], 2, 2), el.an('364', 'S', 1, 256),
    el.id('365', 'S', ['TE', 'EM', 'FX', 'EX', 'UR'], 2, 2), el.an('364', 'S', 1, 256),
  ],
  syntax: [{ kind: 'P', elements: [3, 4] }, { kind: 'P', elements: [5, 6] }, { kind: 'P', elements: [7, 8] }],
};
export const HL: SegmentRule = {
  elements: [el.an('628', 'R', 1, 12), el.an('734', 'S', 1, 12), el.id('735', 'R', ['19', '20', '21', '22', '23', 'PT'], 1, 2), el.id('736', 'S', ['0', '1'], 1, 1)],
};
export const TRN: SegmentRule = {
  elements: [el.id('481', 'R', ['1', '2', '3'], 1, 2), el.an('127', 'R', 1, 50), el.an('509', 'S', 10, 10), el.an('127', 'S', 1, 50)],
};
export const BHT = (purpose: readonly string[], types: readonly string[]): SegmentRule => ({
  elements: [el.id('1005', 'R', purpose, 4, 4), el.id('353', 'R', undefined, 2, 2), el.an('127', 'S', 1, 50), el.dt('373', 'R'), el.tm('337', 'S'), el.id('640', 'S', types, 2, 2)],
});
export const PRV: SegmentRule = {
  elements: [el.id('1221', 'R', ['BI', 'PE', 'AT', 'AS', 'RF', 'PT', 'SU', 'OT', 'OP', 'OR', 'PH', 'HH'], 2, 3), el.id('128', 'R', ['PXC'], 2, 3), el.an('127', 'R', 1, 50)],
};
export const AMT: SegmentRule = { elements: [el.id('522', 'R', undefined, 1, 3), el.r('782', 'R', 1, 18), el.notUsed('478')] };
export const QTY: SegmentRule = { elements: [el.id('673', 'R', undefined, 2, 2), el.r('380', 'R', 1, 15)] };
export const DTM: SegmentRule = { elements: [el.id('374', 'R', undefined, 3, 3), el.dt('373', 'R')] };
export const LX: SegmentRule = { elements: [el.n0('554', 'R', 1, 6)] };
export const N1 = (entityCodes: readonly string[], qualifiers: readonly string[]): SegmentRule => ({
  elements: [el.id('98', 'R', entityCodes, 2, 3), el.an('93', 'S', 1, 60), el.id('66', 'S', qualifiers, 1, 2), el.an('67', 'S', 2, 80)],
  syntax: [{ kind: 'P', elements: [3, 4] }, { kind: 'R', elements: [2, 3] }],
});

/** A procedure composite (C003): qualifier, code, four modifiers, description. */
export const procedureComposite = (qualifiers: readonly string[]) => [
  cp.id('R', qualifiers, 2, 2), cp.an('R', 1, 48), cp.an('S', 2, 2), cp.an('S', 2, 2), cp.an('S', 2, 2), cp.an('S', 2, 2), cp.an('S', 1, 80), cp.notUsed(),
] as const;
