import type { Metrics } from './metrics.js';

/**
 * Counts X12 documents crossing /edi by transaction type: inbound 270/837 as accepted or rejected (judged by
 * the acknowledgements the gateway answered with: a TA1 or a lone 999 is a rejection), outbound documents
 * (834/837/835 views and the 271/999/277CA/TA1 answers) as emitted. Judged from the kinds answered, never
 * from the X12 itself.
 */
export function countX12Documents(metrics: Metrics, method: string, path: string, status: number, answered: Array<{ kind: string }>): void {
  const kinds = answered.map((d) => d.kind);
  if (method === 'GET') {
    if (status === 200) for (const kind of kinds) metrics.x12Documents.inc({ type: kind, direction: 'outbound', result: 'emitted' });
    return;
  }
  const route = path.replace(/\/+$/, '');
  if (method !== 'POST' || (route !== '/270' && route !== '/837')) return;
  const inbound = route.slice(1);
  const accepted = !kinds.includes('TA1') && (inbound === '270' ? kinds.includes('271') : kinds.includes('277CA'));
  metrics.x12Documents.inc({ type: inbound, direction: 'inbound', result: accepted ? 'accepted' : 'rejected' });
  for (const kind of kinds) metrics.x12Documents.inc({ type: kind, direction: 'outbound', result: 'emitted' });
}

/**
 * Counts one exchange of the SFTP drop like its HTTP twin: a published document as emitted; an inbound file by
 * the answers it got (a 271 answers a 270, a 277CA an accepted 837) or, when rejected, by its functional group
 * (GS01 HS = 270, HC = 837), since no route names it.
 */
export function countSftpX12(metrics: Metrics, exchange: { emitted: string } | { inbound: string; answered: Array<{ kind: string }> }): void {
  if ('emitted' in exchange) {
    metrics.x12Documents.inc({ type: exchange.emitted, direction: 'outbound', result: 'emitted' });
    return;
  }
  const kinds = exchange.answered.map((d) => d.kind);
  const accepted = !kinds.includes('TA1') && (kinds.includes('271') || kinds.includes('277CA'));
  const head = exchange.inbound.slice(0, 512);
  const sep = head.trimStart()[3] ?? '*'; // ISA's element separator (ISA is fixed-length: the 4th character)
  const group = head.includes(`GS${sep}HS${sep}`) ? 'HS' : head.includes(`GS${sep}HC${sep}`) ? 'HC' : undefined;
  const type = kinds.includes('271') ? '270' : kinds.includes('277CA') ? '837' : group === 'HS' ? '270' : group === 'HC' ? '837' : 'unknown';
  metrics.x12Documents.inc({ type, direction: 'inbound', result: accepted ? 'accepted' : 'rejected' });
  for (const kind of kinds) metrics.x12Documents.inc({ type: kind, direction: 'outbound', result: 'emitted' });
}
