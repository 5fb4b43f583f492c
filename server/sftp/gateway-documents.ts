import type { Store } from '../../data-store/store.js';
import { emitDocument, processInbound } from '../../edi/gateway.js';
import type { Metrics } from '../ops/metrics.js';
import { countSftpX12 } from '../ops/x12-metrics.js';
import type { MailboxDocuments } from './documents.js';

/**
 * The drop's documents from the EDI gateway (edi/gateway.ts) over `store`: the same 834/837/835 bytes
 * GET /edi/* serves (filtered to the partner's payer), and inbound files processed exactly as POST /edi/270
 * and POST /edi/837 process them (same queue, same control numbers, same store transaction).
 * Call `configureEdi(store, ...)` (createEdiRouter does) first so both faces share one control-number sequence.
 * With `metrics`, documents are counted in `cdg_x12_documents_total` as the HTTP face counts them.
 */
export function createGatewayDocuments(store: Store, metrics?: Metrics): MailboxDocuments {
  return {
    async emit(kind, partner) {
      await store.sync(); // other servers' writes first (STORE=postgres), as the HTTP face does
      const doc = emitDocument(store, kind, partner.payer === undefined ? {} : { payer: partner.payer });
      if (metrics) countSftpX12(metrics, { emitted: kind });
      return { kind, text: doc.text, controlNumber: doc.controlNumber };
    },
    async processInbound(text) {
      await store.sync();
      const answered = (await processInbound(store, text)).map((d) => ({ kind: d.kind, text: d.text, controlNumber: d.controlNumber }));
      if (metrics) countSftpX12(metrics, { inbound: text, answered });
      return answered;
    },
  };
}
