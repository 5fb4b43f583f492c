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

/**
 * Health care claim acknowledgment (277CA, 005010X214) for one received 837 transaction set:
 * 2000A information source (payer), 2000B receiver (submitter) with batch totals (QTY 90/AA, AMT YU/YY),
 * 2000C billing provider, 2000D patient with STC per claim (A2:20 accepted, A3:xx rejected) and REF*1K.
 */
export function write277caBody(
  body: TransactionBody,
  text: Text,
  p: { payer?: Organization; payerId: string; submitterId: string; submitterName: string; batchTrace: string; received: string; processed: string; outcomes: ClaimOutcome[] },
): void {
  const accepted = p.outcomes.filter((o) => o.status[0] === 'A2');
  const rejected = p.outcomes.filter((o) => o.status[0] !== 'A2');
  const sum = (list: ClaimOutcome[]): number => list.reduce((s, o) => s + o.inbound.totalCents, 0);
  body.add('BHT', '0085', '08', text(p.batchTrace, MAX.bht), x12Date(p.processed), '0000', 'TH');
  body.add('HL', '1', undefined, '20', '1');
  orgNm1(body, 'PR', p.payer?.name ?? p.payerId, { qualifier: 'PI', value: p.payerId || 'UNKNOWN' });
  body.add('TRN', '1', text(p.batchTrace, MAX.trace));
  body.add('DTP', '050', 'D8', x12Date(p.received));
  body.add('DTP', '009', 'D8', x12Date(p.processed));
  body.add('HL', '2', '1', '21', '1');
  orgNm1(body, '41', p.submitterName || p.submitterId, { qualifier: '46', value: p.submitterId });
  body.add('TRN', '2', text(p.batchTrace, MAX.trace));
  body.add('STC', ['A1', '19', 'PR'], x12Date(p.processed), 'WQ', amount(sum(p.outcomes) / 100));
  if (accepted.length > 0) body.add('QTY', '90', String(accepted.length));
  if (rejected.length > 0) body.add('QTY', 'AA', String(rejected.length));
  if (accepted.length > 0) body.add('AMT', 'YU', amount(sum(accepted) / 100));
  if (rejected.length > 0) body.add('AMT', 'YY', amount(sum(rejected) / 100));
  let hl = 2;
  const byProvider = new Map<string, ClaimOutcome[]>();
  for (const o of p.outcomes) {
    const key = `${o.inbound.billingNpi ?? ''}|${o.inbound.billingName}`;
    byProvider.set(key, [...(byProvider.get(key) ?? []), o]);
  }
  for (const list of byProvider.values()) {
    const providerHl = ++hl;
    const first = list[0].inbound;
    body.add('HL', String(providerHl), '2', '19', '1');
    orgNm1(body, '85', first.billingName || 'UNKNOWN', { qualifier: 'XX', value: first.billingNpi });
    body.add('TRN', '1', '0');
    for (const o of list) {
      const c = o.inbound;
      const who = c.patient ?? c.subscriber;
      body.add('HL', String(++hl), String(providerHl), 'PT');
      body.add('NM1', 'QC', '1', text(who.last, MAX.last) || 'UNKNOWN', text(who.first, MAX.first), undefined, undefined, undefined, 'MI', text(o.memberId ?? c.subscriber.memberId, MAX.id) || undefined);
      body.add('TRN', '2', text(c.patientControlNumber, MAX.trace));
      body.add('STC', o.status, x12Date(p.processed), o.status[0] === 'A2' ? 'WQ' : 'U', amount(c.totalCents / 100));
      if (o.payerClaimNumber) body.add('REF', '1K', text(o.payerClaimNumber, MAX.ref));
      const dates = c.lines.map((l) => l.date).filter((d): d is string => Boolean(d)).sort();
      const from = c.statementStart ?? dates[0];
      const to = c.statementEnd ?? dates[dates.length - 1] ?? from;
      if (from) body.add('DTP', '472', 'RD8', `${x12Date(from)}-${x12Date(to ?? from)}`);
    }
  }
}
