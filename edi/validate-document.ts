import { guideFor } from './guides/index.js';
import { GUIDE_ENVELOPE } from './guides/envelope.js';
import type { SegmentRule } from './guides/types.js';
import { ELEMENT_MESSAGES, elementErrors, validateTransaction, type ValidationError } from './validate.js';
import { parseInterchange, type EnvelopeError, type Segment } from './x12/parse.js';

export interface DocumentCheck {
  ok: boolean;
  envelope?: EnvelopeError;
  /** GS, GE and TA1 segments against the envelope guide (ISA and IEA are checked by the parser). */
  envelopeErrors: string[];
  /** Per transaction set: ST02 and the implementation-guide errors. */
  sets: Array<{ code: string; controlNumber: string; errors: ValidationError[]; transactionCodes: string[] }>;
}

/**
 * Parses one interchange (ISA/IEA by the parser, GS/GE/TA1 against the envelope guide) and validates every
 * transaction set against its implementation guide and loop tree (the same validator that writes 999s). Used
 * to check what we emit.
 */
export function validateDocument(text: string): DocumentCheck {
  const parsed = parseInterchange(text);
  if (!parsed.ok) return { ok: false, envelope: parsed.error, envelopeErrors: [], sets: [] };
  const sets: DocumentCheck['sets'] = [];
  const d = parsed.interchange.delimiters;
  const envelopeErrors: string[] = [];
  const envelope = (seg: Segment | undefined, rule: SegmentRule): void => {
    if (seg) for (const e of elementErrors(seg, rule, d)) envelopeErrors.push(`${seg.id}${String(e.position).padStart(2, '0')}: ${ELEMENT_MESSAGES[e.code] ?? e.code}`);
  };
  for (const ta1 of parsed.interchange.ta1s) envelope({ id: 'TA1', elements: ta1, position: 0 }, GUIDE_ENVELOPE.segments.TA1);
  for (const g of parsed.interchange.groups) {
    envelope(g.gs, GUIDE_ENVELOPE.segments.GS);
    envelope(g.ge, GUIDE_ENVELOPE.segments.GE);
    const groupCodes: string[] = [];
    if (g.ge?.elements[1] !== String(g.transactions.length)) groupCodes.push('5');
    if (g.ge?.elements[2] !== g.gs.elements[6]) groupCodes.push('4');
    for (const tx of g.transactions) {
      const guide = guideFor(tx.code, tx.implementation || (g.gs.elements[8] ?? ''));
      if (!guide) {
        sets.push({ code: tx.code, controlNumber: tx.controlNumber, errors: [], transactionCodes: ['1'] });
        continue;
      }
      const r = validateTransaction(guide, tx.segments, parsed.interchange.delimiters, tx.se);
      sets.push({ code: tx.code, controlNumber: tx.controlNumber, errors: r.errors, transactionCodes: [...r.transactionCodes, ...groupCodes] });
    }
  }
  return { ok: envelopeErrors.length === 0 && sets.every((s) => s.errors.length === 0 && s.transactionCodes.length === 0), envelopeErrors, sets };
}
