import { CODE_MEANINGS } from './code-meanings.js';
import { el, type ElementRule, type SegmentRule } from './types.js';

/**
 * The interchange and functional group envelope as data (ASC X12.5 interchange control structures, X12.6
 * application control structure, as the HIPAA 5010 TR3s' appendix B profiles them): ISA/IEA, GS/GE and the TA1
 * interchange acknowledgment. The envelope parser (`x12/parse.ts`) checks the ISA with these rules, the TA1
 * writer (`transactions/ta1.ts`) echoes only what they accept, the 999 checks GS06 with them, and the tests read
 * every envelope we write back against them.
 */
export interface EnvelopeElementRule extends ElementRule {
  /** TA105 note code (X12.5) when this ISA element is invalid, e.g. '014' for ISA09. */
  note?: string;
  /** A delimiter (ISA11, ISA16): one character, not alphanumeric or space, unlike the others. */
  separator?: boolean;
}

export interface EnvelopeSegmentRule extends SegmentRule {
  elements: readonly EnvelopeElementRule[];
}

const ID_QUALIFIERS = ['01', '14', '20', '27', '28', '29', '30', '33', 'ZZ'];
const note = (rule: ElementRule, code: string, extra: Partial<EnvelopeElementRule> = {}): EnvelopeElementRule => ({ ...rule, note: code, ...extra });

/**
 * ISA01-ISA16, each fixed length (min = max: the ISA is 106 characters). ISA02 and ISA04 are Situational here in
 * the sense that they may be all spaces (with ISA01/ISA03 = 00); ISA06 and ISA08 must hold an id.
 */
const ISA: EnvelopeSegmentRule = {
  elements: [
    note(el.id('I01', 'R', ['00', '03'], 2, 2), '010'),
    note(el.an('I02', 'S', 10, 10), '011'),
    note(el.id('I03', 'R', ['00', '01'], 2, 2), '012'),
    note(el.an('I04', 'S', 10, 10), '013'),
    note(el.id('I05', 'R', ID_QUALIFIERS, 2, 2), '005'),
    note(el.an('I06', 'R', 15, 15), '006'),
    note(el.id('I05', 'R', ID_QUALIFIERS, 2, 2), '007'),
    note(el.an('I07', 'R', 15, 15), '008'),
    note(el.dt('I08', 'R', 6, 6), '014'),
    note(el.tm('I09', 'R', 4, 4), '015'),
    note(el.an('I65', 'R', 1, 1), '026', { separator: true }),
    note(el.id('I11', 'R', ['00501'], 5, 5), '017'),
    note(el.n0('I12', 'R', 9, 9), '018'),
    note(el.id('I13', 'R', ['0', '1'], 1, 1), '019'),
    note(el.id('I14', 'R', ['P', 'T'], 1, 1), '020'),
    note(el.an('I15', 'R', 1, 1), '027', { separator: true }),
  ],
};

/** IEA: number of functional groups, interchange control number (= ISA13). */
const IEA: EnvelopeSegmentRule = { elements: [note(el.n0('I16', 'R', 1, 5), '021'), note(el.n0('I12', 'R', 9, 9), '001')] };

/** GS: functional id, sender and receiver codes, date, time, group control number, agency X, version (the TR3's id). */
const GS: EnvelopeSegmentRule = {
  elements: [
    el.id('479', 'R', undefined, 2, 2), el.an('142', 'R', 2, 15), el.an('124', 'R', 2, 15), el.dt('373', 'R'), el.tm('337', 'R', 4, 8),
    el.n0('28', 'R', 1, 9), el.id('455', 'R', ['X'], 1, 2), el.an('480', 'R', 1, 12),
  ],
};

/** GE: number of transaction sets, group control number (= GS06). */
const GE: EnvelopeSegmentRule = { elements: [el.n0('97', 'R', 1, 6), el.n0('28', 'R', 1, 9)] };

/** TA1: the interchange control number, date and time acknowledged, A/E/R and the note code (X12.5 TA105). */
const TA1: EnvelopeSegmentRule = {
  elements: [
    el.n0('I12', 'R', 9, 9), el.dt('I08', 'R', 6, 6), el.tm('I09', 'R', 4, 4), el.id('I17', 'R', ['A', 'E', 'R'], 1, 1),
    el.id('I18', 'R', Object.keys(CODE_MEANINGS.TA105.codes), 3, 3),
  ],
};

/** The envelope guide: segment rules of ISA, IEA, GS, GE and TA1. */
export const GUIDE_ENVELOPE = {
  title: 'Interchange Control Structures (ASC X12.5) and Application Control Structure (X12.6), version 00501',
  version: '00501',
  segments: { ISA, IEA, GS, GE, TA1 } as const satisfies Record<string, EnvelopeSegmentRule>,
};
