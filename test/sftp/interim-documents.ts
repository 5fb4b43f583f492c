// TEMPORARY: stands in for edi/gateway.ts until it lands, so the transport can be exercised. Replaced by the real gateway.
import type { EdiDocument, MailboxDocuments, OutboundKind, ResponseKind } from '../../server/sftp/index.js';

export function interimDocuments(): MailboxDocuments & { processed: string[] } {
  let control = 100;
  const processed: string[] = [];
  const doc = <K extends string>(kind: K, body: string): EdiDocument<K> => {
    control += 1;
    return { kind, text: `${kind}|${control}|${body}\n`, controlNumber: String(control) };
  };
  return {
    processed,
    async emit(kind: OutboundKind, partner) {
      return doc(kind, `for ${partner.payer ?? 'all'}`);
    },
    async processInbound(text) {
      processed.push(text);
      const out: Array<EdiDocument<ResponseKind>> = [];
      if (text.includes('ST*270')) out.push(doc('271', 'answer'));
      else if (text.includes('ST*837')) out.push(doc('999', 'ack'), doc('277CA', 'ack'));
      else out.push(doc('TA1', 'rejected'));
      return out;
    },
  };
}
