import type { ValidationResult } from '../validate.js';
import type { TransactionBody } from '../x12/writer.js';
import type { Delimiters } from '../x12/delimiters.js';
import { sanitize } from '../x12/sanitize.js';

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
  body.add('AK1', g.functionalId, g.controlNumber, g.version);
  let accepted = 0;
  for (const s of g.sets) {
    body.add('AK2', s.code || '000', s.controlNumber.length >= 4 ? s.controlNumber.slice(0, 9) : s.controlNumber.padStart(4, '0'), s.implementation || undefined);
    let previous = '';
    for (const e of s.result.errors.slice(0, MAX_ERRORS_PER_SET)) {
      const key = `${e.segmentId}|${e.position}|${e.segmentCode}`;
      if (key !== previous) {
        body.add('IK3', e.segmentId.replace(/[^A-Z0-9]/g, '').slice(0, 3) || 'ZZZ', String(e.position), e.loopId, e.segmentCode);
        // CTX names the claim the error is in (X231A1: business unit identifier, CLM01 for an 837).
        if (e.context) body.add('CTX', [e.context.name, sanitize(e.context.value, d, 35)]);
        previous = key;
      }
      if (e.element) {
        const pos = e.element.component ? [String(e.element.position), String(e.element.component)] : [String(e.element.position)];
        const bad = e.element.value !== undefined ? sanitize(e.element.value, d, 99) : undefined;
        body.add('IK4', pos, e.element.ref || undefined, e.element.code, bad || undefined);
      }
    }
    const ok = s.result.ok;
    if (ok) accepted++;
    body.add('IK5', ok ? 'A' : 'R', ...(ok ? [] : s.result.transactionCodes.slice(0, 5)));
  }
  const rejected = g.sets.length - accepted;
  const status = g.groupCodes.length > 0 || accepted === 0 ? 'R' : rejected > 0 ? 'P' : 'A';
  body.add('AK9', status, String(g.sets.length), String(g.sets.length), String(g.groupCodes.length > 0 ? 0 : accepted), ...g.groupCodes.slice(0, 5));
  return { accepted, rejected };
}
