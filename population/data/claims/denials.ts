/**
 * Denial model. Rates: KFF analysis of ACA marketplace claims (2021: ~17% of in-network claims denied, most for
 * administrative reasons) scaled down for an employer-heavy book; CARC codes from the X12 Claim Adjustment Reason
 * Code list, CAS group codes from X12 835 (CO contractual obligation, PR patient responsibility).
 */
export const DENIAL_RULES = {
  /** Service date outside every coverage period: CO-27 "expenses incurred after coverage terminated". */
  coverageTerminated: { group: 'CO', carc: '27' },
  /** Whole claim rejected for missing/invalid information: CO-16. */
  missingInformation: { group: 'CO', carc: '16', claimRate: 0.02 },
  /** One line not covered: CO-96 non-covered charge, or CO-204 not covered under the current benefit plan. */
  nonCoveredLine: { group: 'CO', carcs: ['96', '204'], lineRate: 0.03 },
} as const;
