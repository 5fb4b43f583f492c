/**
 * Shares of the coverage events a payer's book always holds at any date, drawn each from its own seeded stream so
 * the rest of a record stays the same (population/coverage-events.ts, clinical/index.ts).
 */

/**
 * Households whose plan changes on the 1st of the month after the as-of date (a new Coverage with a future
 * period.start; the current one ends the day before). ASSUMPTION: about a quarter of people change plans or
 * payers in a year (KFF, "Health Insurance Churn", 2023, reports ~23% of enrollees change or lose coverage over a
 * year); 2% a month, kept simple as one change a month.
 */
export const FUTURE_PLAN_CHANGE_SHARE = 0.02;

/**
 * Pended claims: a claim whose service began within `windowDays` before the as-of date is still under review
 * (EOB outcome queued, 277 STC P1) with probability `share`. ASSUMPTION: payers auto-adjudicate about 80-85% of
 * claims on receipt (industry auto-adjudication rates quoted by CAQH and AHIP; the rest pend for manual review, which
 * usually clears within two to four weeks), so 15% of the claims of the last two weeks are still pended.
 */
export const PENDED_CLAIMS = { windowDays: 14, share: 0.15 } as const;

/**
 * Coordination of benefits: an employer-plan household whose spouse (18-64) also holds their own employer
 * coverage with another payer, and stays enrolled as a dependant on the subscriber's family plan. By the NAIC
 * Coordination of Benefits Model Regulation (MDL-120, rule 1: the plan covering the person as an employee is primary),
 * the spouse's own plan is primary (Coverage.order 1) and the family plan secondary (order 2).
 * ASSUMPTION: about 1 in 10 such spouses (dual coverage of married workers is common: KFF Employer Health Benefits
 * Survey reports spousal surcharges exist because many spouses have their own offer).
 */
export const SPOUSE_DUAL_COVERAGE_SHARE = 0.1;
