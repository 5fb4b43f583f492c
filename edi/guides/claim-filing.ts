/**
 * Claim filing indicator (X12 data element 1032: 837 SBR09, 835 CLP06) by our plan type (PlanBenefits.type,
 * carried on Coverage.type.text). Codes from the 1032 list as used by 005010X222A1/X223A2/X221A1:
 * 12 PPO, 13 POS, 14 EPO, 16 HMO Medicare risk, CI commercial insurance, HM HMO, MC Medicaid.
 */
export const CLAIM_FILING_BY_PLAN_TYPE: Readonly<Record<string, string>> = {
  PPO: '12',
  POS: '13',
  EPO: '14',
  HMO: 'HM',
  HDHP: 'CI',
  MEDICARE_ADV: '16',
  MEDICAID: 'MC',
};

/** The claim filing indicator for a plan type; CI (commercial) when unknown. */
export function claimFilingIndicator(planType: string | undefined): string {
  return CLAIM_FILING_BY_PLAN_TYPE[planType ?? ''] ?? 'CI';
}
