import type { ValidationResult } from '../validate.js';
import type { TransactionBody } from '../x12/writer.js';
import type { Delimiters } from '../x12/delimiters.js';
import { sanitize } from '../x12/sanitize.js';
import { GUIDE_999 } from '../guides/acknowledgments.js';

// Lengths from the 999 guide (005010X231A1), not literals: IK303 loop id (447, AN 1-4), IK402 reference
// number (725, N0 1-4), IK404 bad value (724, AN 1-99), CTX01-2 context reference (AN 1-35).
const IK3 = GUIDE_999.segments.IK3.elements;
const IK4 = GUIDE_999.segments.IK4.elements;
const CONTEXT_MAX = GUIDE_999.segments.CTX.elements[0].components?.[1]?.max ?? 35;
const ELEMENT_REF = new RegExp(`^\\d{${IK4[1].min},${IK4[1].max}}$`);

/** What was found about one received transaction set. */
export interface SetAcknowledgment {
  code: string;
  controlNumber: string;
  implementation: string;
  result: ValidationResult;
}

/** What was found about one received functional group. */
export interface GroupAcknowledgment {
  functionalId: string;
  controlNumber: string;
  version: string;
  /** AK905.. codes for the group itself (3 GE missing, 4 GE02 differs, 5 GE01 count wrong, 1/2 not supported). */
  groupCodes: string[];
  sets: SetAcknowledgment[];
}

const MAX_ERRORS_PER_SET = 100;

/**
 * One 999 body (005010X231A1) for a functional group: AK1, then per set AK2 / IK3 (segment, position, loop,
 * code) / IK4 (element position, reference number, code, bad value) / IK5, then AK9 with the counts.
 */
export function write999Body(body: TransactionBody, g: GroupAcknowledgment, d: Delimiters): { accepted: number; rejected: number } {
  body.seg('AK1').el(g.functionalId).el(g.controlNumber).el(g.version).end();
  let accepted = 0;
  for (const s of g.sets) {
    body.seg('AK2').el(s.code || '000').el(s.controlNumber.length >= 4 ? s.controlNumber.slice(0, 9) : s.controlNumber.padStart(4, '0')).el(s.implementation || undefined).end();
    let previous = '';
    const written = new Set<string>();
    for (const e of s.result.errors.slice(0, MAX_ERRORS_PER_SET)) {
      const key = `${e.segmentId}|${e.position}|${e.segmentCode}`;
      if (key !== previous) {
        // IK303 is the loop's number as the guide's diagram gives it (2100 for 2100C): element 447 is AN 1-4.
        body.seg('IK3').el(e.segmentId.replace(/[^A-Z0-9]/g, '').slice(0, IK3[0].max) || 'ZZZ').el(String(e.position)).el(e.loopId?.slice(0, IK3[2].max)).el(e.segmentCode).end();
        // CTX names the claim the error is in (X231A1: business unit identifier, CLM01 for an 837).
        if (e.context) body.seg('CTX').el(e.context.name).sub(sanitize(e.context.value, d, CONTEXT_MAX)).end();
        previous = key;
        written.clear();
      }
      if (e.element) writeIk4(body, e.element, d, written);
    }
    const ok = s.result.ok;
    if (ok) accepted++;
    body.seg('IK5').el(ok ? 'A' : 'R').elements(ok ? [] : s.result.transactionCodes.slice(0, 5)).end();
  }
  const rejected = g.sets.length - accepted;
  const status = g.groupCodes.length > 0 || accepted === 0 ? 'R' : rejected > 0 ? 'P' : 'A';
  body.seg('AK9').el(status).el(String(g.sets.length)).el(String(g.sets.length)).el(String(g.groupCodes.length > 0 ? 0 : accepted)).elements(g.groupCodes.slice(0, 5)).end();
  return { accepted, rejected };
}

/**
 * IK4: IK401 = element position, component position, repetition (C030); IK402 = the data element reference
 * number (of the component when the error is in one), left out when the guide names none; written once per
 * element, component and code under one IK3.
 */
function writeIk4(body: TransactionBody, e: NonNullable<ValidationResult['errors'][number]['element']>, d: Delimiters, written: Set<string>): void {
  const key = `${e.position}:${e.component ?? ''}:${e.code}`;
  if (written.has(key)) return;
  written.add(key);
  const pos = e.component ? [String(e.position), String(e.component)] : [String(e.position)];
  const bad = e.value !== undefined ? sanitize(e.value, d, IK4[3].max) : undefined;
  body.seg('IK4').composite(pos).el(ELEMENT_REF.test(e.ref) ? e.ref : undefined).el(e.code).el(bad || undefined).end();
}
