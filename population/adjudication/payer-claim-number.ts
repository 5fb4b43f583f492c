import { createRng } from '../random.js';

/** Longest payer claim number we emit; 835 CLP07 allows 50, many payer systems 30. */
const MAX_LENGTH = 30;

/**
 * Payer claim control number (835 CLP07) for an EOB id: the id upper-cased when short enough, else a stable
 * hash of it, so ids of any length (e.g. inbound claims with UUIDs) give a valid, reproducible number.
 */
export function payerClaimNumber(eobId: string): string {
  const upper = eobId.toUpperCase();
  if (upper.length <= MAX_LENGTH && /^[A-Z0-9.-]+$/.test(upper)) return upper;
  const rng = createRng(eobId, 'payer-claim-number');
  return `PCN${rng.uint32().toString(36)}${rng.uint32().toString(36)}`.toUpperCase();
}
