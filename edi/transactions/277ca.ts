import type { Organization } from 'fhir/r4';
import type { Text } from '../document.js';
import type { ClaimStatus } from '../fhir/claim-from-837.js';
import { amount, x12Date } from '../x12/format.js';
import type { TransactionBody } from '../x12/writer.js';
import type { InboundClaim } from './837-read.js';

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
  body.add('BHT', '0085', '08', text(p.batchTrace, 50), x12Date(p.processed), '0000', 'TH');
  body.add('HL', '1', undefined, '20', '1');
  body.add('NM1', 'PR', '2', text(p.payer?.name ?? p.payerId, 60), undefined, undefined, undefined, undefined, 'PI', text(p.payerId, 80) || 'UNKNOWN');
  body.add('TRN', '1', text(p.batchTrace, 50));
  body.add('DTP', '050', 'D8', x12Date(p.received));
  body.add('DTP', '009', 'D8', x12Date(p.processed));
  body.add('HL', '2', '1', '21', '1');
  body.add('NM1', '41', '2', text(p.submitterName, 60) || text(p.submitterId, 60), undefined, undefined, undefined, undefined, '46', text(p.submitterId, 80));
  body.add('TRN', '2', text(p.batchTrace, 50));
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
    body.add('NM1', '85', '2', text(first.billingName, 60) || 'UNKNOWN', undefined, undefined, undefined, undefined, first.billingNpi ? 'XX' : undefined, first.billingNpi);
    body.add('TRN', '1', '0');
    for (const o of list) {
      const c = o.inbound;
      const who = c.patient ?? c.subscriber;
      body.add('HL', String(++hl), String(providerHl), 'PT');
      body.add('NM1', 'QC', '1', text(who.last, 60) || 'UNKNOWN', text(who.first, 35), undefined, undefined, undefined, 'MI', text(o.memberId ?? c.subscriber.memberId, 80) || undefined);
      body.add('TRN', '2', text(c.patientControlNumber, 50));
      body.add('STC', o.status, x12Date(p.processed), o.status[0] === 'A2' ? 'WQ' : 'U', amount(c.totalCents / 100));
      if (o.payerClaimNumber) body.add('REF', '1K', text(o.payerClaimNumber, 50));
      const dates = c.lines.map((l) => l.date).filter((d): d is string => Boolean(d)).sort();
      const from = c.statementStart ?? dates[0];
      const to = c.statementEnd ?? dates[dates.length - 1] ?? from;
      if (from) body.add('DTP', '472', 'RD8', `${x12Date(from)}-${x12Date(to ?? from)}`);
    }
  }
}
