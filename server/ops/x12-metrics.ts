import { INBOUND_SETS } from '../../edi/gateway.js';
import type { Metrics } from './metrics.js';

/**
 * Counts X12 documents crossing /edi by transaction type: inbound sets (each inbound row of the transaction-set
 * table: 270, 276, 837) as accepted or rejected (judged by the answers the gateway gave: a TA1, or no answer of
 * the row's `acceptedWith` kind, is a rejection), outbound documents (834/837/835 views and the answers) as
 * emitted. Judged from the kinds answered, never from the X12 itself.
 */
export function countX12Documents(metrics: Metrics, method: string, path: string, status: number, answered: Array<{ kind: string }>): void {
  const kinds = answered.map((d) => d.kind);
  if (method === 'GET') {
    if (status === 200) for (const kind of kinds) metrics.x12Documents.inc({ type: kind, direction: 'outbound', result: 'emitted' });
    return;
  }
  const route = path.replace(/\/+$/, '');
  const set = method === 'POST' ? INBOUND_SETS.find((t) => t.http.path === route) : undefined;
  if (!set) return;
  const accepted = !kinds.includes('TA1') && kinds.includes(set.acceptedWith);
  metrics.x12Documents.inc({ type: set.kind, direction: 'inbound', result: accepted ? 'accepted' : 'rejected' });
  for (const kind of kinds) metrics.x12Documents.inc({ type: kind, direction: 'outbound', result: 'emitted' });
}

/**
 * Counts one exchange of the SFTP drop like its HTTP twin: a published document as emitted; an inbound file by
 * the answers it got (the row whose `acceptedWith` kind was answered) or, when rejected, by its functional
 * group (GS01: HS 270, HR 276, HC 837), since no route names it.
 */
export function countSftpX12(metrics: Metrics, exchange: { emitted: string } | { inbound: string; answered: Array<{ kind: string }> }): void {
  if ('emitted' in exchange) {
    metrics.x12Documents.inc({ type: exchange.emitted, direction: 'outbound', result: 'emitted' });
    return;
  }
  const kinds = exchange.answered.map((d) => d.kind);
  const answeredBy = kinds.includes('TA1') ? undefined : INBOUND_SETS.find((t) => kinds.includes(t.acceptedWith));
  const head = exchange.inbound.slice(0, 512);
  const sep = head.trimStart()[3] ?? '*'; // ISA's element separator (ISA is fixed-length: the 4th character)
  const byGroup = INBOUND_SETS.find((t) => head.includes(`GS${sep}${t.guides[0].functionalId}${sep}`));
  const type = (answeredBy ?? byGroup)?.kind ?? 'unknown';
  metrics.x12Documents.inc({ type, direction: 'inbound', result: answeredBy ? 'accepted' : 'rejected' });
  for (const kind of kinds) metrics.x12Documents.inc({ type: kind, direction: 'outbound', result: 'emitted' });
}
