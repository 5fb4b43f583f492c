import { runSteps, type Steps } from '../../data-store/stepped.js';
import { CODE_MEANINGS } from '../guides/code-meanings.js';
import { GUIDE_ENVELOPE, type EnvelopeElementRule } from '../guides/envelope.js';
import type { Delimiters } from './delimiters.js';

/** One parsed segment: `elements[0]` is the segment id, so `elements[1]` is XX01. */
export interface Segment {
  id: string;
  elements: string[];
  /** Position within its transaction set, ST = 1 (IK302); 0 for envelope segments. */
  position: number;
}

export interface ParsedTransaction {
  /** ST01, ST02, ST03 as sent. */
  code: string;
  controlNumber: string;
  implementation: string;
  /** Every segment from ST to SE inclusive (SE may be missing). */
  segments: Segment[];
  se?: Segment;
}

export interface ParsedGroup {
  gs: Segment;
  ge?: Segment;
  transactions: ParsedTransaction[];
}

export interface ParsedInterchange {
  delimiters: Delimiters;
  /** ISA00..ISA16 (index 0 is 'ISA'), untrimmed. */
  isa: string[];
  controlNumber: string;
  groups: ParsedGroup[];
  /** Interchange acknowledgments (TA1) carried before the first group. */
  ta1s: string[][];
}

/** Why an interchange was not accepted at the envelope level: a TA1 note code (X12.5, TA105). */
export interface EnvelopeError {
  code: string;
  message: string;
  /** ISA fields when the ISA could be read, so the TA1 can echo ISA13/ISA09/ISA10. */
  isa?: string[];
  delimiters?: Delimiters;
}

export type ParseResult = { ok: true; interchange: ParsedInterchange } | { ok: false; error: EnvelopeError };

// ISA01..ISA16 (X12.5 ISA segment, fixed length), from the envelope guide.
const ISA_RULES = GUIDE_ENVELOPE.segments.ISA.elements;
const TIME_HHMM = /^([01]\d|2[0-3])[0-5]\d$/;
const SEGMENT_ID = /^[A-Z][A-Z0-9]{1,2}$/;

function fail(code: string, message: string, isa?: string[], delimiters?: Delimiters): ParseResult {
  return { ok: false, error: { code, message, isa, delimiters } };
}

/** Reads the ISA and returns its fields and delimiters, or the TA1 note code explaining why not. */
function readIsa(text: string): { isa: string[]; delimiters: Delimiters } | EnvelopeError {
  if (!text.startsWith('ISA')) return { code: '024', message: 'interchange does not start with ISA' };
  if (text.length < 106) return { code: '024', message: `ISA is truncated (${text.length} characters, 106 required)` };
  const element = text[3];
  if (/[A-Za-z0-9 \r\n]/.test(element)) return { code: '026', message: 'invalid data element separator' };
  // The 16th element separator must sit at offset 103 (ISA16 at 104, terminator at 105).
  let sep = 3;
  for (let n = 1; n < 16; n++) {
    sep = text.indexOf(element, sep + 1);
    if (sep < 0) return { code: '026', message: `ISA has ${n} elements with separator '${element}' (16 required)` };
  }
  if (sep !== 103) return { code: '024', message: `ISA must be exactly 106 characters (its 16th element starts at ${sep + 1}, not 104)` };
  const fields = text.slice(0, 106).split(element);
  const isa = fields.slice(0, 17);
  const isa16 = isa[16];
  for (let i = 1; i <= 15; i++) {
    if (isa[i].length !== ISA_RULES[i - 1].max) {
      return { code: '024', message: `ISA${String(i).padStart(2, '0')} must be ${ISA_RULES[i - 1].max} characters (ISA must be exactly 106 characters)` };
    }
  }
  const component = isa16[0] ?? '';
  const segment = isa16.length >= 2 ? isa16[1] : text[105];
  if (isa16.length < 1 || /[A-Za-z0-9 ]/.test(component) || component === element) {
    return { code: '027', message: 'invalid component element separator (ISA16)', isa };
  }
  if (segment === undefined || /[A-Za-z0-9 ]/.test(segment) || segment === element || segment === component) {
    return { code: '004', message: 'segment terminator is invalid', isa };
  }
  const repetition = isa[11];
  const delimiters: Delimiters = { element, component, repetition, segment };
  const isaOut = [...isa.slice(0, 16), component];
  for (let i = 1; i <= 15; i++) {
    const rule = ISA_RULES[i - 1];
    if (isaElementBad(isa[i], rule, [element, component, segment])) {
      const meaning = CODE_MEANINGS.TA105.codes[rule.note ?? '024'] ?? 'invalid value';
      return { code: rule.note ?? '024', message: `${meaning.toLowerCase()} (ISA${String(i).padStart(2, '0')})`, isa: isaOut, delimiters };
    }
  }
  return { isa: isaOut, delimiters };
}

/**
 * Is an ISA element's value against its envelope rule? Codes for ID, 9 digits for N0, a real YYMMDD for DT, HHMM
 * for TM, a delimiter unlike the others for a separator, something other than spaces for a Required AN (an id).
 */
function isaElementBad(value: string, rule: EnvelopeElementRule, delimiters: readonly string[]): boolean {
  if (rule.separator) return /[A-Za-z0-9 ]/.test(value) || delimiters.includes(value);
  switch (rule.type) {
    case 'ID':
      return !(rule.codes ?? []).includes(value);
    case 'N0':
      return !/^\d+$/.test(value);
    case 'DT':
      return !/^\d{6}$/.test(value) || !validDate(`20${value}`);
    case 'TM':
      return !TIME_HHMM.test(value);
    default:
      return rule.usage === 'R' && value.trim() === '';
  }
}

/** Drops CR/LF around a segment (the optional line break after each terminator) without a regex. */
function trimLineBreaks(piece: string): string {
  let start = 0;
  let end = piece.length;
  while (start < end && (piece.charCodeAt(start) === 10 || piece.charCodeAt(start) === 13)) start++;
  while (end > start && (piece.charCodeAt(end - 1) === 10 || piece.charCodeAt(end - 1) === 13)) end--;
  return start === 0 && end === piece.length ? piece : piece.slice(start, end);
}

/** True for a real calendar date CCYYMMDD. */
export function validDate(ccyymmdd: string): boolean {
  if (!/^\d{8}$/.test(ccyymmdd)) return false;
  const y = Number(ccyymmdd.slice(0, 4));
  const m = Number(ccyymmdd.slice(4, 6));
  const day = Number(ccyymmdd.slice(6, 8));
  const dt = new Date(Date.UTC(y, m - 1, day));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === day;
}

/**
 * Tokenizes one X12 interchange (X12.5/X12.6): delimiters from the ISA, segments split and trimmed of
 * CR/LF suffixes, trailing empty elements removed, and the ISA/GS/ST nesting checked. Envelope faults
 * come back as TA1 note codes; transaction content is left for the implementation-guide validator.
 */
export function parseInterchange(input: string): ParseResult {
  return runSteps(parseSteps(input));
}

/** Segments parsed between two yields of parseSteps. */
const SEGMENTS_PER_STEP = 512;

/** parseInterchange as steps (data-store/stepped.ts): it yields every SEGMENTS_PER_STEP segments. */
export function* parseSteps(input: string): Steps<ParseResult> {
  let lead = 0;
  for (let c = input.charCodeAt(0); c === 0xfeff || c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d; c = input.charCodeAt(++lead));
  const text = lead === 0 ? input : input.slice(lead);
  const head = readIsa(text);
  if ('code' in head) return fail(head.code, head.message, head.isa, head.delimiters);
  const { isa, delimiters: d } = head;
  if (/[\x00-\x08\x0e-\x1f\x7f]/.test(text)) return fail('024', 'interchange contains binary (control) characters', isa, d);
  const isaEnd = text.indexOf(d.segment, 105);
  const raw = text.slice(isaEnd + 1).split(d.segment);
  const interchange: ParsedInterchange = { delimiters: d, isa, controlNumber: isa[13], groups: [], ta1s: [] };
  let group: ParsedGroup | undefined;
  let tx: ParsedTransaction | undefined;
  let iea: string[] | undefined;
  let parsed = 0;
  for (const piece of raw) {
    if (++parsed % SEGMENTS_PER_STEP === 0) yield;
    const body = trimLineBreaks(piece);
    if (body === '') continue;
    // Partners often pad files (spaces, tabs, line breaks) after the IEA; only real data there is an error.
    if (iea) {
      if (/^[ \t\r\n]*$/.test(body)) continue;
      return fail('022', 'data after IEA', isa, d);
    }
    const elements = body.split(d.element);
    while (elements.length > 1 && elements[elements.length - 1] === '') elements.pop();
    const id = elements[0];
    if (id === 'ISA') return fail('022', 'a second ISA before IEA (one interchange per document)', isa, d);
    if (id === 'IEA') {
      if (tx || group) return fail('022', `IEA before ${tx ? 'SE' : 'GE'}`, isa, d);
      iea = elements;
      continue;
    }
    if (id === 'TA1' && !group && interchange.groups.length === 0) {
      interchange.ta1s.push(elements);
      continue;
    }
    if (id === 'GS') {
      if (group) return fail('022', 'GS inside an open functional group (missing GE)', isa, d);
      group = { gs: { id, elements, position: 0 }, transactions: [] };
      interchange.groups.push(group);
      continue;
    }
    if (id === 'GE') {
      if (!group) return fail('022', 'GE without GS', isa, d);
      if (tx) {
        tx = undefined; // a missing SE is reported in the 999 (IK5 code 2)
      }
      group.ge = { id, elements, position: 0 };
      group = undefined;
      continue;
    }
    if (!group) return fail('022', `segment ${id.slice(0, 3)} outside a functional group`, isa, d);
    if (id === 'ST') {
      tx = { code: elements[1] ?? '', controlNumber: elements[2] ?? '', implementation: elements[3] ?? '', segments: [] };
      group.transactions.push(tx);
    }
    if (!tx) {
      // A segment between SE and the next ST: kept in a pseudo-transaction so the 999 can name it.
      tx = { code: '', controlNumber: '', implementation: '', segments: [] };
      group.transactions.push(tx);
    }
    const seg: Segment = { id: SEGMENT_ID.test(id) ? id : id.slice(0, 3), elements, position: tx.segments.length + 1 };
    tx.segments.push(seg);
    if (id === 'SE') {
      tx.se = seg;
      tx = undefined;
    }
  }
  if (group) return fail('023', 'improper end of interchange: functional group not closed by GE', isa, d);
  if (!iea) return fail('023', 'improper end of interchange: IEA missing (truncated?)', isa, d);
  if (iea[2] !== isa[13]) return fail('001', `IEA02 (${iea[2] ?? ''}) does not match ISA13 (${isa[13]})`, isa, d);
  if (iea[1] !== String(interchange.groups.length)) {
    return fail('021', `IEA01 says ${iea[1] ?? ''} functional groups, found ${interchange.groups.length}`, isa, d);
  }
  return { ok: true, interchange };
}
