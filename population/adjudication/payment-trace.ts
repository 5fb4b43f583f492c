import { createRng } from '../random.js';

/**
 * EFT trace number (835 TRN02) for a payer paying a provider on a date: one payment covers every claim adjudicated
 * for that payee on that day, as in real remittance, so EOBs sharing it belong in one 835.
 */
export function paymentTraceNumber(insurerRef: string, providerRef: string, date: string): string {
  const rng = createRng(insurerRef, providerRef, date, 'eft');
  return `EFT${date.replaceAll('-', '')}${String(rng.uint32()).padStart(10, '0')}`;
}
