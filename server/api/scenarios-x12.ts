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
  body.seg('BHT').el('0022').el('13').el(trace).el(ymd(at.toISOString().slice(0, 10))).el('1200').end();
  body.seg('HL').el('1').at(3).el('20').el('1').end();
  body.seg('NM1').el('PR').el('2').el('PAYER').at(8).el('PI').el(q.payerId).end();
  body.seg('HL').el('2').el('1').el('21').el('1').end();
  body.seg('NM1').el('1P').el('2').el('SCENARIO TEST CLINIC').at(8).el('XX').el(RECEIVER_NPI).end();
  body.seg('HL').el('3').el('2').el('22').el('0').end();
  body.seg('TRN').el('1').el(trace).el('9877281234').end();
  body.seg('NM1').el('IL').el('1').el(q.family.toUpperCase()).el(q.given.toUpperCase()).at(8).el('MI').el(q.memberId).end();
  if (q.birthDate) body.seg('DMG').el('D8').el(ymd(q.birthDate)).end();
  if (q.date) body.seg('DTP').el('291').el('D8').el(ymd(q.date)).end();
  body.seg('EQ').el('30').end();
  const parties = { senderQualifier: 'ZZ', senderId: SENDER, receiverQualifier: 'ZZ', receiverId: ourId, usage: 'T' as const, ackRequested: false };
  return writeInterchange(w, parties, 1, at, [
    { functionalId: 'HS', senderCode: SENDER, receiverCode: ourId, controlNumber: 1, version: '005010X279A1', transactions: [{ code: '270', controlNumber: '0001', implementation: '005010X279A1', body }] },
  ]);
}
