/** Public entry points of adjudication (shared by the generator and the inbound X12 837 path). */
export { adjudicateClaim } from './adjudicate.js';
export { accumulatorsFromEobs } from './accumulators.js';
export { paymentTraceNumber } from './payment-trace.js';
export { payerClaimNumber } from './payer-claim-number.js';
