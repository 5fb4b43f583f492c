import {
  FEE_SCHEDULE,
  PAYER_ALLOWED_MULTIPLIER,
  UNLISTED_CODE_ALLOWED_RATIO,
} from '../data/claims/fee-schedule.js';

export type ClaimKind = 'professional' | 'institutional';

/**
 * Allowed amount in cents for one line: fee schedule reference amount x the plan type's multiplier x units,
 * or a share of the submitted charge for codes the schedule does not list. Never above the submitted charge.
 */
export function allowedCents(
  kind: ClaimKind,
  planType: string,
  code: string | undefined,
  revenue: string | undefined,
  quantity: number,
  submittedCents: number,
): number {
  const multiplier = (PAYER_ALLOWED_MULTIPLIER[planType] ?? PAYER_ALLOWED_MULTIPLIER.default)[kind];
  let reference: number | undefined;
  if (kind === 'institutional' && revenue) {
    reference = code ? FEE_SCHEDULE[`rev:${revenue}:${code}`] : undefined;
    reference ??= FEE_SCHEDULE[`rev:${revenue}`];
  }
  if (reference === undefined && code) reference = FEE_SCHEDULE[code];
  const allowed = reference === undefined
    ? Math.round(submittedCents * UNLISTED_CODE_ALLOWED_RATIO)
    : Math.round(reference * multiplier * 100) * quantity;
  return Math.min(allowed, submittedCents);
}
