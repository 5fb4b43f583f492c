import { DEFAULT_DELIMITERS } from '../../edi/x12/delimiters.js';
import { writeInterchange } from '../../edi/x12/envelope.js';
import { SegmentWriter, TransactionBody } from '../../edi/x12/writer.js';

/** Who a scenario's 270 asks about. */
export interface EligibilityQuestion {
  payerId: string;
  memberId: string;
  family: string;
  given: string;
  birthDate?: string;
  /** DTP*291 plan date (YYYY-MM-DD); the server's as-of date when absent. */
  date?: string;
}

/** The trading partner id the ready-made 270s are sent from (ISA06/GS02). */
const SENDER = 'CDGSCENARIOS';
/** A valid NPI (Luhn check digit with the 80840 prefix) for the information receiver, 2100B NM109. */
const RECEIVER_NPI = '1234567893';

/**
 * A complete 270 eligibility inquiry (005010X279A1) for one subscriber, service type 30, ready to POST to
 * /edi/270: one interchange, deterministic (control number 1, dated on `at`), addressed to `ourId` (ISA08).
 */
export function eligibility270(q: EligibilityQuestion, ourId: string, at: Date, trace: string): string {
  const w = new SegmentWriter(DEFAULT_DELIMITERS);
  const body = new TransactionBody(w);
  const ymd = (d: string): string => d.replaceAll('-', '');
  body.add('BHT', '0022', '13', trace, ymd(at.toISOString().slice(0, 10)), '1200');
  body.add('HL', '1', undefined, '20', '1');
  body.add('NM1', 'PR', '2', 'PAYER', undefined, undefined, undefined, undefined, 'PI', q.payerId);
  body.add('HL', '2', '1', '21', '1');
  body.add('NM1', '1P', '2', 'SCENARIO TEST CLINIC', undefined, undefined, undefined, undefined, 'XX', RECEIVER_NPI);
  body.add('HL', '3', '2', '22', '0');
  body.add('TRN', '1', trace, '9877281234');
  body.add('NM1', 'IL', '1', q.family.toUpperCase(), q.given.toUpperCase(), undefined, undefined, undefined, 'MI', q.memberId);
  if (q.birthDate) body.add('DMG', 'D8', ymd(q.birthDate));
  if (q.date) body.add('DTP', '291', 'D8', ymd(q.date));
  body.add('EQ', '30');
  const parties = { senderQualifier: 'ZZ', senderId: SENDER, receiverQualifier: 'ZZ', receiverId: ourId, usage: 'T' as const, ackRequested: false };
  return writeInterchange(w, parties, 1, at, [
    { functionalId: 'HS', senderCode: SENDER, receiverCode: ourId, controlNumber: 1, version: '005010X279A1', transactions: [{ code: '270', controlNumber: '0001', implementation: '005010X279A1', body }] },
  ]);
}
