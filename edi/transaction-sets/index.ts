import { ACK_999, ACK_TA1 } from './acknowledgments.js';
import { CLAIM_STATUS_276, CLAIM_STATUS_277 } from './claim-status.js';
import { CLAIM_ACK_277CA, CLAIMS_837_INBOUND, CLAIMS_837D, CLAIMS_837I, CLAIMS_837P } from './claims.js';
import type { AnswerSet, InboundSet, OutboundSet, TransactionSetDescriptor } from './descriptor.js';
import { ELIGIBILITY_270, ELIGIBILITY_271 } from './eligibility.js';
import { ENROLLMENT_834 } from './enrollment.js';
import { REMITTANCE_835 } from './remittance.js';

export type { AnswerSet, EmitFilter, InboundSet, OutboundSet, ResponseDocument, TransactionSetDescriptor } from './descriptor.js';

/**
 * The table of X12 transaction sets: every kind the gateway emits, receives or answers with. The gateway,
 * the HTTP routes, the SFTP folders, the metrics, the OpenAPI document and the CLI read it; adding a set is
 * adding a row. Inbound rows answer in this order (the 999 first, then 271, 277, 277CA).
 */
export const TRANSACTION_SETS: readonly TransactionSetDescriptor[] = [
  ENROLLMENT_834,
  CLAIMS_837P,
  CLAIMS_837I,
  CLAIMS_837D,
  REMITTANCE_835,
  ELIGIBILITY_270,
  CLAIM_STATUS_276,
  CLAIMS_837_INBOUND,
  ELIGIBILITY_271,
  ACK_999,
  ACK_TA1,
  CLAIM_STATUS_277,
  CLAIM_ACK_277CA,
];

/** Documents emitted from the store, in the order the SFTP drop publishes them. */
export const OUTBOUND_SETS: readonly OutboundSet[] = TRANSACTION_SETS.filter((t): t is OutboundSet => t.direction === 'out');
/** Sets received and answered. */
export const INBOUND_SETS: readonly InboundSet[] = TRANSACTION_SETS.filter((t): t is InboundSet => t.direction === 'in');
/** Documents sent only as answers. */
export const ANSWER_SETS: readonly AnswerSet[] = TRANSACTION_SETS.filter((t): t is AnswerSet => t.direction === 'answer');

/** The outbound row of a kind ('837P'), if any. */
export function outboundSet(kind: string): OutboundSet | undefined {
  return OUTBOUND_SETS.find((t) => t.kind === kind);
}

/** The inbound row of a kind or ST01 ('270', '837', '276'), if any. */
export function inboundSet(kind: string): InboundSet | undefined {
  return INBOUND_SETS.find((t) => t.kind === kind);
}

/** The SFTP outbound folder a document of this kind (outbound or answer) is dropped into. */
export function folderOf(kind: string): string | undefined {
  return [...OUTBOUND_SETS, ...ANSWER_SETS].find((t) => t.kind === kind)?.folder;
}

/** Every SFTP outbound folder, in table order, each once. */
export const OUTBOUND_FOLDERS: readonly string[] = [...new Set([...OUTBOUND_SETS, ...ANSWER_SETS].map((t) => t.folder))];
