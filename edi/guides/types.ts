/**
 * Implementation-guide rules as data (after pyx12's maps): per segment, per element, the usage, data type,
 * min/max length and valid codes from the HIPAA 5010 TR3s. One validator reads these for every transaction.
 */
export type Usage = 'R' | 'S' | 'N';
export type DataType = 'AN' | 'ID' | 'DT' | 'TM' | 'N0' | 'N2' | 'R';

export interface ComponentRule {
  /** X12 data element reference number of a component (IK402 when the error is in it), e.g. '1270'. */
  ref?: string;
  usage: Usage;
  type: DataType;
  min: number;
  max: number;
  codes?: readonly string[];
}

export interface ElementRule extends ComponentRule {
  /** X12 data element reference number (IK402), e.g. '1035'. */
  ref: string;
  /** Present when the element is a composite (C0xx); then `type`, `min`, `max` are ignored. */
  components?: readonly ComponentRule[];
  /** Max repetitions (repetition separator ISA11); default 1. */
  repeat?: number;
}

/** X12 syntax notes: P = paired (all or none), R = at least one, C = if first then all others, E = at most one. */
export interface SyntaxRule {
  kind: 'P' | 'R' | 'C' | 'E';
  /** 1-based element positions. */
  elements: readonly number[];
}

export interface SegmentRule {
  elements: readonly ElementRule[];
  syntax?: readonly SyntaxRule[];
  /** Date-time period elements whose format is named by a qualifier element (D8 = CCYYMMDD, RD8 = CCYYMMDD-CCYYMMDD). */
  periods?: ReadonlyArray<{ format: number; value: number }>;
}

/** One segment's place in a loop (TR3 segment table): usage, max use, and the first-element values that select it. */
export interface SegmentUse {
  kind: 'segment';
  id: string;
  usage: 'R' | 'S';
  /** Max use within one occurrence of its loop (IK304 code 5 when exceeded). */
  max: number;
  /**
   * Values of the first element (HL03 for HL; for a composite, its first component) that select this use, e.g.
   * NM1 IL vs PR, REF G1 vs 9F. Absent: any value.
   */
  q?: readonly string[];
}

/** A loop (TR3 loop id, e.g. 2300): usage, max repeat, and its segments and inner loops in order, the first being its trigger. */
export interface LoopRule {
  kind: 'loop';
  id: string;
  usage: 'R' | 'S';
  /** Max occurrences per occurrence of its parent (IK304 code 4 when exceeded); Infinity for the TR3's '>1'. */
  repeat: number;
  children: ReadonlyArray<SegmentUse | LoopRule>;
}

/** `>1` in a TR3 loop repeat or segment max use. */
export const UNBOUNDED = Number.POSITIVE_INFINITY;

/** Shorthand for loop trees: `R('NM1', 1, 'IL')`, `S('REF', 14)`, `loop('2300', 'S', 100, [...])`. */
export const R = (id: string, max = 1, ...q: string[]): SegmentUse => ({ kind: 'segment', id, usage: 'R', max, ...(q.length > 0 ? { q } : {}) });
export const S = (id: string, max = 1, ...q: string[]): SegmentUse => ({ kind: 'segment', id, usage: 'S', max, ...(q.length > 0 ? { q } : {}) });
export const loop = (id: string, usage: 'R' | 'S', repeat: number, children: ReadonlyArray<SegmentUse | LoopRule>): LoopRule => ({ kind: 'loop', id, usage, repeat, children });

/** The trigger (first) segment of a loop. */
export function triggerOf(l: LoopRule): SegmentUse {
  const first = l.children[0];
  if (!first || first.kind !== 'segment') throw new Error(`loop ${l.id} does not begin with a segment`);
  return first;
}

/** A loop of a guide's tree by id (depth first), e.g. `loopRule(GUIDE_837P, '2400')`; throws when absent. */
export function loopRule(guide: TransactionGuide, id: string): LoopRule {
  const find = (l: LoopRule): LoopRule | undefined => {
    if (l.id === id) return l;
    for (const c of l.children) if (c.kind === 'loop') { const f = find(c); if (f) return f; }
    return undefined;
  };
  const found = find(guide.loops);
  if (!found) throw new Error(`${guide.implementation} has no loop ${id}`);
  return found;
}

/** Max use of a segment (with the given first-element value) directly in a loop of a guide, e.g. `maxUse(GUIDE_837D, '2400', 'TOO')`. */
export function maxUse(guide: TransactionGuide, loopId: string, id: string, q?: string): number {
  const use = loopRule(guide, loopId).children.find((c): c is SegmentUse => c.kind === 'segment' && c.id === id && (q === undefined || !c.q || c.q.includes(q)));
  if (!use) throw new Error(`${guide.implementation} loop ${loopId} has no ${id}${q ? `*${q}` : ''}`);
  return use.max;
}

export interface TransactionGuide {
  /** ST01. */
  code: string;
  /** ST03 / GS08. */
  implementation: string;
  /** GS01 functional identifier code. */
  functionalId: string;
  /** TR3 title, for messages. */
  title: string;
  segments: Readonly<Record<string, SegmentRule>>;
  /**
   * Element rules of a segment in one loop, by `id*qualifier` (its first element), where the TR3 profiles it
   * differently from the segment's general rule, e.g. NM1*87 (837 2010AB pay-to address) with NM103-NM109
   * Not Used.
   */
  qualified?: Readonly<Record<string, SegmentRule>>;
  /**
   * The TR3's loop structure, ST to SE: the root is the transaction set (id 'ST'), its children the header
   * segments, the loops (each with its segments and inner loops in order) and SE. The validator walks it
   * (usage, max use, loop repeats, order, IK303 loop ids); writers take their caps from it.
   */
  loops: LoopRule;
  /**
   * Segments (id or id*qualifier) a set must hold that the tree cannot say, because the TR3 makes their loop
   * Situational with a condition the data decides (e.g. 837 2300 under 2000B: "required when the subscriber
   * is the patient"; a claim file with no claim is always wrong).
   */
  required?: readonly string[];
}

/** Shorthand constructors so the tables stay readable. */
export const el = {
  an: (ref: string, usage: Usage, min: number, max: number): ElementRule => ({ ref, usage, type: 'AN', min, max }),
  id: (ref: string, usage: Usage, codes?: readonly string[], min = 1, max = 3): ElementRule => ({ ref, usage, type: 'ID', min, max, codes }),
  dt: (ref: string, usage: Usage, min = 8, max = 8): ElementRule => ({ ref, usage, type: 'DT', min, max }),
  tm: (ref: string, usage: Usage, min = 4, max = 8): ElementRule => ({ ref, usage, type: 'TM', min, max }),
  n0: (ref: string, usage: Usage, min: number, max: number): ElementRule => ({ ref, usage, type: 'N0', min, max }),
  r: (ref: string, usage: Usage, min = 1, max = 18): ElementRule => ({ ref, usage, type: 'R', min, max }),
  comp: (ref: string, usage: Usage, components: readonly ComponentRule[], repeat = 1): ElementRule => ({
    ref, usage, type: 'AN', min: 1, max: 999, repeat,
    components: components.map((c, i) => (COMPONENT_REFS[ref]?.[i] && !c.ref ? { ...c, ref: COMPONENT_REFS[ref][i] } : c)),
  }),
  notUsed: (ref: string): ElementRule => ({ ref, usage: 'N', type: 'AN', min: 0, max: 999 }),
};

/** Component shorthand (el.comp adds each component's data element from COMPONENT_REFS). */
export const cp = {
  an: (usage: Usage, min: number, max: number): ComponentRule => ({ usage, type: 'AN', min, max }),
  id: (usage: Usage, codes?: readonly string[], min = 1, max = 3): ComponentRule => ({ usage, type: 'ID', min, max, codes }),
  n0: (usage: Usage, min: number, max: number): ComponentRule => ({ usage, type: 'N0', min, max }),
  notUsed: (): ComponentRule => ({ usage: 'N', type: 'AN', min: 0, max: 999 }),
};

/**
 * The data elements composites are made of, in order (ASC X12 5010 data element dictionary): a component in
 * error is reported in IK402 by its own reference number, since a composite id (C022) is not a number.
 */
export const COMPONENT_REFS: Readonly<Record<string, readonly string[]>> = {
  C003: ['235', '234', '1339', '1339', '1339', '1339', '352', '234'],
  C004: ['1328', '1328', '1328', '1328'],
  C005: ['1369', '1369', '1369', '1369', '1369'],
  C006: ['1361', '1361', '1361', '1361', '1361'],
  C022: ['1270', '1271', '1250', '1251', '782', '380', '799', '1271', '1073'],
  C023: ['1331', '1332', '1325'],
  C024: ['1362', '1362', '1362', '156', '26'],
  C030: ['722', '1528', '1686'],
  C042: ['426', '127'],
  C043: ['1271', '1271', '98', '1270'],
  C998: ['9999', '9998'],
};

/**
 * The maximum length of a segment's element in a guide, by its X12 position (1-based: `maxOf(GUIDE_835, 'CLP', 1)`
 * is CLP01). Writers take their lengths from here, so the guide the validator checks is the one they write to;
 * throws at load when the guide lacks the element.
 */
export function maxOf(guide: TransactionGuide, segment: string, position: number): number {
  const rule = guide.segments[segment]?.elements[position - 1];
  if (!rule || rule.max === undefined) throw new Error(`${guide.implementation} has no ${segment}${String(position).padStart(2, '0')}`);
  return rule.max;
}
