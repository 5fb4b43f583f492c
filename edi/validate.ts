import { runSteps, type Steps } from '../data-store/stepped.js';
import type { ComponentRule, ElementRule, SegmentRule, TransactionGuide } from './guides/types.js';
import { LoopWalk } from './loop-walk.js';
import type { Delimiters } from './x12/delimiters.js';
import { validDate, type Segment } from './x12/parse.js';

/** One problem, coded as the 999 reports it (005010X231A1 IK3/IK4/IK5). */
export interface ValidationError {
  segmentId: string;
  /** IK302: position in the transaction set, ST = 1. */
  position: number;
  loopId?: string;
  /** IK304 segment syntax error code (1 unrecognized, 2 unexpected, 3 required missing, 4 loop over max, 5 max use, 7 out of sequence, 8 element errors). */
  segmentCode: string;
  /** Business unit the segment belongs to (999 CTX), e.g. { name: 'CLM01', value: patient control number }. */
  context?: { name: string; value: string };
  /** Present for element errors (IK4). */
  element?: { position: number; component?: number; ref: string; code: string; value?: string };
  message: string;
}

export interface ValidationResult {
  ok: boolean;
  errors: ValidationError[];
  /** IK502 transaction-level codes (2 SE missing, 3 control numbers differ, 4 count wrong, 5 segment errors, 6 bad ST01). */
  transactionCodes: string[];
}

const SEGMENT_ID = /^[A-Z][A-Z0-9]{1,2}$/;
const MAX_ERRORS = 1000;
const AN_CHARS = /^[\x20-\x7e]*$/;
const NUMERIC = /^-?\d+$/;
const DECIMAL = /^-?(\d+(\.\d*)?|\.\d+)$/;
const TIME = /^([01]\d|2[0-3])[0-5]\d([0-5]\d(\d{1,2})?)?$/;

/** Checks one simple value against its rule; returns the IK403 code or undefined. */
export function checkValue(value: string, rule: ComponentRule): string | undefined {
  const digits = rule.type === 'R' || rule.type === 'N0' || rule.type === 'N2' ? value.replace(/[-.]/g, '').length : value.length;
  switch (rule.type) {
    case 'N0':
    case 'N2':
      if (!NUMERIC.test(value)) return '6';
      break;
    case 'R':
      if (!DECIMAL.test(value)) return '6';
      break;
    case 'DT':
      if (!/^\d+$/.test(value)) return '8';
      if (!validDate(value.length === 6 ? `20${value}` : value)) return '8';
      break;
    case 'TM':
      if (!TIME.test(value)) return '9';
      break;
    default:
      if (!AN_CHARS.test(value)) return '6';
  }
  if (digits < rule.min) return '4';
  if (digits > rule.max) return '5';
  if (rule.type === 'ID' && rule.codes && !rule.codes.includes(value)) return '7';
  return undefined;
}

/** The element errors (IK4) of one segment against its rule: usage, repetitions, components, values, periods, syntax notes. */
export function elementErrors(seg: Segment, rule: SegmentRule, d: Delimiters): Array<NonNullable<ValidationError['element']>> {
  const out: Array<NonNullable<ValidationError['element']>> = [];
  const values = seg.elements;
  const rules = rule.elements;
  for (let i = 1; i < values.length; i++) {
    if (i > rules.length) {
      out.push({ position: i, ref: '', code: '3', value: values[i] });
      break;
    }
  }
  for (let i = 0; i < rules.length; i++) {
    const r: ElementRule = rules[i];
    const pos = i + 1;
    const raw = values[pos] ?? '';
    if (raw === '') {
      if (r.usage === 'R') out.push({ position: pos, ref: r.ref, code: '1' });
      continue;
    }
    if (r.usage === 'N') {
      out.push({ position: pos, ref: r.ref, code: 'I10', value: raw });
      continue;
    }
    const reps = raw.split(d.repetition);
    if (reps.length > (r.repeat ?? 1)) {
      out.push({ position: pos, ref: r.ref, code: '12', value: raw });
      continue;
    }
    for (const rep of reps) {
      if (r.components) {
        componentErrors(rep, r, pos, d, out);
      } else {
        if (rep.includes(d.component)) {
          out.push({ position: pos, ref: r.ref, code: '6', value: rep });
          continue;
        }
        const code = checkValue(rep, r);
        if (code) out.push({ position: pos, ref: r.ref, code, value: rep });
      }
    }
  }
  periodErrors(values, rule, out);
  for (const s of rule.syntax ?? []) {
    const present = s.elements.map((p) => (values[p] ?? '') !== '');
    const first = s.elements[0];
    const missing = s.elements.find((_, k) => !present[k]);
    if (s.kind === 'P' && present.some(Boolean) && missing !== undefined) {
      out.push({ position: missing, ref: rules[missing - 1]?.ref ?? '', code: '2' });
    } else if (s.kind === 'R' && !present.some(Boolean)) {
      out.push({ position: first, ref: rules[first - 1]?.ref ?? '', code: '2' });
    } else if (s.kind === 'C' && present[0] && missing !== undefined) {
      out.push({ position: missing, ref: rules[missing - 1]?.ref ?? '', code: '2' });
    } else if (s.kind === 'E' && present.filter(Boolean).length > 1) {
      const second = s.elements.filter((_, k) => present[k])[1];
      out.push({ position: second, ref: rules[second - 1]?.ref ?? '', code: '10' });
    }
  }
  return out;
}

/**
 * Date-time periods whose format is named by a qualifier (element 1250): D8 CCYYMMDD, RD8 CCYYMMDD-CCYYMMDD,
 * DT CCYYMMDDHHMM, TM HHMM. A DT element already reported as a bad date is not reported twice.
 */
function periodErrors(values: readonly string[], rule: SegmentRule, out: Array<NonNullable<ValidationError['element']>>): void {
  for (const p of rule.periods ?? []) {
    const format = values[p.format] ?? '';
    const value = values[p.value] ?? '';
    if (!value || out.some((e) => e.position === p.value && !e.component)) continue;
    if (!periodOk(format, value)) out.push({ position: p.value, ref: rule.elements[p.value - 1]?.ref ?? '', code: format === 'TM' ? '9' : '8', value });
  }
}

function periodOk(format: string, value: string): boolean {
  switch (format) {
    case 'D8':
      return validDate(value);
    case 'RD8': {
      const parts = value.split('-');
      return parts.length === 2 && parts[0] <= parts[1] && parts.every((x) => validDate(x));
    }
    case 'DT':
      return value.length === 12 && validDate(value.slice(0, 8)) && TIME.test(value.slice(8));
    case 'TM':
      return value.length === 4 && TIME.test(value);
    default:
      return false;
  }
}

/** Errors in one repetition of a composite element: too many components, then each component's value. */
function componentErrors(rep: string, r: ElementRule, pos: number, d: Delimiters, out: Array<NonNullable<ValidationError['element']>>): void {
  const components = r.components ?? [];
  const comps = rep.split(d.component);
  while (comps.length > 1 && comps[comps.length - 1] === '') comps.pop();
  if (comps.length > components.length) {
    out.push({ position: pos, ref: r.ref, code: '13', value: rep });
    return;
  }
  components.forEach((c, ci) => {
    const v = comps[ci] ?? '';
    // A component is reported by its own data element (IK402), not by the composite's id.
    const ref = c.ref ?? r.ref;
    if (v === '') {
      if (c.usage === 'R') out.push({ position: pos, component: ci + 1, ref, code: '1' });
      return;
    }
    if (c.usage === 'N') {
      out.push({ position: pos, component: ci + 1, ref, code: 'I10', value: v });
      return;
    }
    const code = checkValue(v, c);
    if (code) out.push({ position: pos, component: ci + 1, ref, code, value: v });
  });
}

/**
 * Validates one transaction set (ST..SE) against its implementation guide: segment ids, element usage,
 * lengths, types, codes, syntax notes, the loop tree (order, max use, loop repeats, required segments; loop-walk.ts)
 * and the SE trailer. Pure; the same errors feed the tests and the 999 (005010X231A1).
 */
export function validateTransaction(guide: TransactionGuide, segments: readonly Segment[], d: Delimiters, se?: Segment): ValidationResult {
  return runSteps(validationSteps(guide, segments, d, se));
}

/** Segments validated between two yields of validationSteps. */
const SEGMENTS_PER_STEP = 256;

/** validateTransaction as steps (data-store/stepped.ts): it yields every SEGMENTS_PER_STEP segments. */
export function* validationSteps(guide: TransactionGuide, segments: readonly Segment[], d: Delimiters, se?: Segment): Steps<ValidationResult> {
  const errors: ValidationError[] = [];
  const transactionCodes: string[] = [];
  const st = segments[0];
  if (!st || st.id !== 'ST' || st.elements[1] !== guide.code) transactionCodes.push('6');
  if (!st?.elements[2] || !/^\d{4,9}$/.test(st.elements[2])) transactionCodes.push('7');
  if (!se) transactionCodes.push('2');
  else {
    if (se.elements[2] !== st?.elements[2]) transactionCodes.push('3');
    if (se.elements[1] !== String(segments.length)) transactionCodes.push('4');
  }
  const seen = new Set<string>();
  let context: ValidationError['context'];
  const walk = new LoopWalk(guide);
  let validated = 0;
  for (const seg of segments) {
    if (++validated % SEGMENTS_PER_STEP === 0) yield;
    if (errors.length >= MAX_ERRORS) break; // a garbage file must not build millions of error objects
    seen.add(seg.id);
    if (seg.id === 'CLM' && guide.code === '837') context = { name: 'CLM01', value: seg.elements[1] ?? '' };
    else if (seg.id === 'HL') context = undefined;
    const before = errors.length;
    const qualified = qualifiedId(seg);
    if (qualified) seen.add(qualified);
    if (!SEGMENT_ID.test(seg.elements[0])) {
      errors.push({ segmentId: seg.id, position: seg.position, segmentCode: '1', message: `unrecognized segment id '${seg.elements[0].slice(0, 10)}'` });
      continue;
    }
    const rule = (qualified !== undefined ? guide.qualified?.[qualified] : undefined) ?? guide.segments[seg.id];
    const problems = walk.problems.length;
    const { loopId, placed } = walk.place(seg, d.component);
    if (!rule) {
      errors.push({ segmentId: seg.id, position: seg.position, loopId, segmentCode: '2', message: `segment ${seg.id} is not used in ${guide.implementation}` });
      continue;
    }
    if (!placed) errors.push({ segmentId: seg.id, position: seg.position, loopId, segmentCode: '7', message: `${seg.id} is not in its place${loopId ? ` (in loop ${loopId})` : ''}` });
    for (const p of walk.problems.slice(problems)) errors.push({ segmentId: p.segmentId, position: p.position, loopId: p.loopId, segmentCode: p.code, message: p.message });
    for (const e of elementErrors(seg, rule, d)) {
      const name = `${seg.id}${String(e.position).padStart(2, '0')}${e.component ? `-${e.component}` : ''}`;
      errors.push({ segmentId: seg.id, position: seg.position, loopId, segmentCode: '8', element: e, message: `${name}: ${ELEMENT_MESSAGES[e.code] ?? e.code}${e.value !== undefined ? ` ('${e.value.slice(0, 35)}')` : ''}` });
    }
    if (context?.value) for (let k = before; k < errors.length; k++) errors[k].context ??= context;
  }
  const lastPosition = segments.length > 0 ? segments[segments.length - 1].position : 1;
  const closing = walk.problems.length;
  walk.finish(se ? lastPosition : lastPosition + 1, !se);
  for (const p of walk.problems.slice(closing)) errors.push({ segmentId: p.segmentId, position: p.position, loopId: p.loopId, segmentCode: p.code, message: p.message });
  for (const req of guide.required ?? []) {
    if (!seen.has(req)) errors.push({ segmentId: req.split('*')[0], position: lastPosition, segmentCode: '3', message: `required segment ${req} is missing` });
  }
  if (errors.length > 0 && !transactionCodes.includes('5')) transactionCodes.push('5');
  return { ok: errors.length === 0 && transactionCodes.length === 0, errors, transactionCodes };
}

/** `id*qualifier` of a segment: the level code (HL03) for HL, the first element otherwise. */
function qualifiedId(seg: Segment): string | undefined {
  const q = seg.id === 'HL' ? seg.elements[3] : seg.elements[1];
  return q === undefined ? undefined : `${seg.id}*${q}`;
}

/** Readable text for IK403 codes (005010X231A1). */
export const ELEMENT_MESSAGES: Record<string, string> = {
  '1': 'required data element missing',
  '2': 'conditional required data element missing',
  '3': 'too many data elements',
  '4': 'data element too short',
  '5': 'data element too long',
  '6': 'invalid character in data element',
  '7': 'invalid code value',
  '8': 'invalid date',
  '9': 'invalid time',
  '10': 'exclusion condition violated',
  '12': 'too many repetitions',
  '13': 'too many components',
  I10: 'implementation "not used" data element present',
};
