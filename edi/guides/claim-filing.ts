/**
 * Claim filing indicator (X12 data element 1032). The 837 (SBR09, 005010X222A1 / X223A2) and the 835 (CLP06,
 * 005010X221A1) profile different code lists: the 835 has no CI (commercial), BL, FI or 11.
 */
export const CLAIM_FILING_837: readonly string[] = ['11', '12', '13', '14', '15', '16', '17', 'AM', 'BL', 'CH', 'CI', 'DS', 'FI', 'HM', 'LM', 'MA', 'MB', 'MC', 'OF', 'TV', 'VA', 'WC', 'ZZ'];
/** 005010X221A1 CLP06 codes. */
export const CLAIM_FILING_835: readonly string[] = ['12', '13', '14', '15', '16', '17', 'AM', 'CH', 'DS', 'HM', 'LM', 'MA', 'MB', 'MC', 'OF', 'TV', 'VA', 'WC', 'ZZ'];

/**
 * 837 SBR09 by our plan type (PlanBenefits.type, carried on Coverage.type.text): 12 PPO, 13 POS, 14 EPO,
 * 16 HMO Medicare risk, CI commercial insurance, HM HMO, MC Medicaid.
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

/**
 * 835 CLP06 by plan type: the same as the 837 where the 835 list has the code; a commercial plan that is not
 * a PPO/POS/EPO/HMO (our HDHP) is 15 Indemnity Insurance, the 835 list's commercial non-network code.
 */
export const CLAIM_FILING_835_BY_PLAN_TYPE: Readonly<Record<string, string>> = {
  ...CLAIM_FILING_BY_PLAN_TYPE,
  HDHP: '15',
};

/** The 837 claim filing indicator (SBR09) for a plan type; CI (commercial) when unknown. */
export function claimFilingIndicator(planType: string | undefined): string {
  return CLAIM_FILING_BY_PLAN_TYPE[planType ?? ''] ?? 'CI';
}

/** The 835 claim filing indicator (CLP06) for a plan type; ZZ (mutually defined) when unknown. */
export function remittanceFilingIndicator(planType: string | undefined): string {
  return CLAIM_FILING_835_BY_PLAN_TYPE[planType ?? ''] ?? 'ZZ';
}
