import { guideFor } from './guides/index.js';
import { validateTransaction, type ValidationError } from './validate.js';
import { parseInterchange, type EnvelopeError } from './x12/parse.js';

export interface DocumentCheck {
  ok: boolean;
  envelope?: EnvelopeError;
  /** Per transaction set: ST02 and the implementation-guide errors. */
  sets: Array<{ code: string; controlNumber: string; errors: ValidationError[]; transactionCodes: string[] }>;
}

/**
 * Parses one interchange and validates every transaction set against its implementation guide (the same
 * validator that writes 999s). Used to check what we emit.
 */
export function validateDocument(text: string): DocumentCheck {
  const parsed = parseInterchange(text);
  if (!parsed.ok) return { ok: false, envelope: parsed.error, sets: [] };
  const sets: DocumentCheck['sets'] = [];
  for (const g of parsed.interchange.groups) {
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
  return { ok: sets.every((s) => s.errors.length === 0 && s.transactionCodes.length === 0), sets };
}
