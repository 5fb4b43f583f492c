import type { Steps } from '../../data-store/stepped.js';
import type { Organization } from 'fhir/r4';
import type { Text } from '../document.js';
import type { ClaimStatus } from '../fhir/claim-from-837.js';
import { amount, x12Date } from '../x12/format.js';
import type { TransactionBody } from '../x12/writer.js';
import type { InboundClaim } from './837-read.js';
import { orgNm1 } from './nm1.js';
import { GUIDE_277CA } from '../guides/acknowledgments.js';
import { maxOf } from '../guides/types.js';

/** Lengths from the 277CA guide: BHT03, TRN02, REF02, NM103, NM104, NM109. */
const MAX = {
  bht: maxOf(GUIDE_277CA, 'BHT', 3),
  trace: maxOf(GUIDE_277CA, 'TRN', 2),
  ref: maxOf(GUIDE_277CA, 'REF', 2),
  last: maxOf(GUIDE_277CA, 'NM1', 3),
  first: maxOf(GUIDE_277CA, 'NM1', 4),
  id: maxOf(GUIDE_277CA, 'NM1', 9),
};

export interface ClaimOutcome {
  inbound: InboundClaim;
  status: ClaimStatus;
  /** Payer claim control number (REF*1K) for accepted claims. */
  payerClaimNumber?: string;
  memberId?: string;
}

/** Claims written between two yields of write277caBody. */
const CLAIMS_PER_STEP = 64;

/**
 * Health care claim acknowledgment (277CA, 005010X214) for one received 837 transaction set:
 * 2000A information source (payer), 2000B receiver (submitter) with batch totals (QTY 90/AA, AMT YU/YY),
 * 2000C billing provider, 2000D patient with STC per claim (A2:20 accepted, A3:xx rejected) and REF*1K.
 */
export function* write277caBody(
  body: TransactionBody,
  text: Text,
  p: { payer?: Organization; payerId: string; submitterId: string; submitterName: string; batchTrace: string; received: string; processed: string; outcomes: ClaimOutcome[] },
): Steps<void> {
  const accepted = p.outcomes.filter((o) => o.status[0] === 'A2');
  const rejected = p.outcomes.filter((o) => o.status[0] !== 'A2');
  const sum = (list: ClaimOutcome[]): number => list.reduce((s, o) => s + o.inbound.totalCents, 0);
  body.seg('BHT').el('0085').el('08').el(text(p.batchTrace, MAX.bht)).el(x12Date(p.processed)).el('0000').el('TH').end();
  body.seg('HL').el('1').at(3).el('20').el('1').end();
  orgNm1(body, 'PR', p.payer?.name ?? p.payerId, { qualifier: 'PI', value: p.payerId || 'UNKNOWN' });
  body.seg('TRN').el('1').el(text(p.batchTrace, MAX.trace)).end();
  body.seg('DTP').el('050').el('D8').el(x12Date(p.received)).end();
  body.seg('DTP').el('009').el('D8').el(x12Date(p.processed)).end();
  body.seg('HL').el('2').el('1').el('21').el('1').end();
  orgNm1(body, '41', p.submitterName || p.submitterId, { qualifier: '46', value: p.submitterId });
  body.seg('TRN').el('2').el(text(p.batchTrace, MAX.trace)).end();
  body.seg('STC').el('A1').sub('19').sub('PR').el(x12Date(p.processed)).el('WQ').el(amount(sum(p.outcomes) / 100)).end();
  if (accepted.length > 0) body.seg('QTY').el('90').el(String(accepted.length)).end();
  if (rejected.length > 0) body.seg('QTY').el('AA').el(String(rejected.length)).end();
  if (accepted.length > 0) body.seg('AMT').el('YU').el(amount(sum(accepted) / 100)).end();
  if (rejected.length > 0) body.seg('AMT').el('YY').el(amount(sum(rejected) / 100)).end();
  let hl = 2;
  const byProvider = new Map<string, ClaimOutcome[]>();
  for (const o of p.outcomes) {
    const key = `${o.inbound.billingNpi ?? ''}|${o.inbound.billingName}`;
    const list = byProvider.get(key);
    if (list) list.push(o);
    else byProvider.set(key, [o]);
  }
  let written = 0;
  for (const list of byProvider.values()) {
    const providerHl = ++hl;
    const first = list[0].inbound;
    body.seg('HL').el(String(providerHl)).el('2').el('19').el('1').end();
    orgNm1(body, '85', first.billingName || 'UNKNOWN', { qualifier: 'XX', value: first.billingNpi });
    body.seg('TRN').el('1').el('0').end();
    // 2200C STC is required (X214); STC02 is not used at this level. The payer acknowledges the provider's claims.
    body.seg('STC').el('A1').sub('19').sub('PR').el(undefined).el('WQ').el(amount(sum(list) / 100)).end();
    for (const o of list) {
      if (++written % CLAIMS_PER_STEP === 0) yield;
      const c = o.inbound;
      const who = c.patient ?? c.subscriber;
      body.seg('HL').el(String(++hl)).el(String(providerHl)).el('PT').end();
      body.seg('NM1').el('QC').el('1').el(text(who.last, MAX.last) || 'UNKNOWN').el(text(who.first, MAX.first)).at(8).el('MI').el(text(o.memberId ?? c.subscriber.memberId, MAX.id) || undefined).end();
      body.seg('TRN').el('2').el(text(c.patientControlNumber, MAX.trace)).end();
      body.seg('STC').composite(o.status).el(x12Date(p.processed)).el(o.status[0] === 'A2' ? 'WQ' : 'U').el(amount(c.totalCents / 100)).end();
      if (o.payerClaimNumber) body.seg('REF').el('1K').el(text(o.payerClaimNumber, MAX.ref)).end();
      const dates = c.lines.map((l) => l.date).filter((d): d is string => Boolean(d)).sort();
      const from = c.statementStart ?? dates[0];
      const to = c.statementEnd ?? dates[dates.length - 1] ?? from;
      if (from) body.seg('DTP').el('472').el('RD8').el(`${x12Date(from)}-${x12Date(to ?? from)}`).end();
    }
  }
}
