import type { EdiOptions } from '../options.js';
import { startDocument, type BuiltDocument } from '../document.js';
import { stamp } from '../x12/format.js';
import type { EnvelopeError } from '../x12/parse.js';
import { GUIDE_ENVELOPE } from '../guides/envelope.js';
import { checkValue } from '../validate.js';

const [TA101, TA102, TA103] = GUIDE_ENVELOPE.segments.TA1.elements;

/**
 * Interchange acknowledgment (TA1, X12.5): R with the note code when the envelope is rejected (A/000 when
 * the sender asked for one, ISA14 = 1, and the envelope is fine). The TA1 travels in its own interchange
 * (no functional group, IEA01 = 0) addressed back to the sender (ISA06/ISA08 swapped); when the ISA could
 * not be read at all, TA101 is 000000000 and the interchange is addressed to an unknown partner.
 */
export function writeTa1(options: EdiOptions, error: EnvelopeError, accepted = false): BuiltDocument {
  const isa = error.isa;
  const t = stamp(options.clock());
  const doc = startDocument(options, { functionalId: '', version: '' }, 0, {
    senderQualifier: isa?.[7] ?? 'ZZ',
    senderId: (isa?.[8] ?? options.ourId).trim() || options.ourId,
    receiverQualifier: isa?.[5] ?? 'ZZ',
    receiverId: (isa?.[6] ?? 'UNKNOWN').trim() || 'UNKNOWN',
    usage: isa?.[15] === 'T' ? 'T' : options.usage,
  });
  // TA101-TA103 echo ISA13, ISA09 and ISA10 when they are what the TA1's rules take.
  const received = isa && !checkValue(isa[13] ?? '', TA101) ? isa[13] : '000000000';
  const date = isa && !checkValue(isa[9] ?? '', TA102) ? isa[9] : t.shortDate;
  const time = isa && !checkValue(isa[10] ?? '', TA103) ? isa[10] : t.time;
  doc.acknowledgment([received, date, time, accepted ? 'A' : 'R', error.code]);
  return doc.finish();
}
