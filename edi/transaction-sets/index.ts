import { CLAIM_STATUS_SET } from './claim-status.js';
import type { TransactionSetDescriptor } from './descriptor.js';

export type { TransactionSetDescriptor } from './descriptor.js';

/**
 * The transaction sets answered through the table (the 270, 837 and outbound documents still have their own
 * paths in inbound.ts and gateway.ts; moving them here is the rest of issue 12).
 */
export const TRANSACTION_SETS: readonly TransactionSetDescriptor[] = [CLAIM_STATUS_SET];

/** The row for a received ST01, if the table has one. */
export function transactionSet(id: string): TransactionSetDescriptor | undefined {
  return TRANSACTION_SETS.find((t) => t.id === id);
}
