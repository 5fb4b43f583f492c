import type { Edi } from '../../edi/gateway.js';
import type { Metrics } from '../ops/metrics.js';
import { countSftpX12 } from '../ops/x12-metrics.js';
import type { MailboxDocuments } from './documents.js';

/**
 * The drop's documents from the store's EDI object (the one the HTTP face uses: same control-number sequence,
 * same inbound queue): the same 834/837/835 bytes GET /edi/* serves (filtered to the partner's payer), and
 * inbound files answered exactly as POST /edi/* answers them. With `metrics`, documents are counted in
 * `cdg_x12_documents_total` as the HTTP face counts them.
 */
export function createGatewayDocuments(edi: Edi, metrics?: Metrics): MailboxDocuments {
  return {
    async emit(kind, partner) {
      await edi.store.sync(); // other servers' writes first (STORE=postgres), as the HTTP face does
      const doc = await edi.emit(kind, partner.payer === undefined ? {} : { payer: partner.payer });
      if (metrics) countSftpX12(metrics, { emitted: kind });
      return { kind, text: doc.text, controlNumber: doc.controlNumber };
    },
    checkEmit: (kind) => edi.checkEmit(kind),
    async processInbound(text) {
      await edi.store.sync();
      const answered = (await edi.receive(text)).map((d) => ({ kind: d.kind, text: d.text, controlNumber: d.controlNumber }));
      if (metrics) countSftpX12(metrics, { inbound: text, answered });
      return answered;
    },
  };
}
