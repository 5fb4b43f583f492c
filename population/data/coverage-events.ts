/**
 * Shares of the coverage events a payer's book always holds at any date, drawn each from its own seeded stream so
 * the rest of a record stays the same (population/coverage-events.ts, clinical/index.ts). All three shares are
 * ASSUMPTIONS, chosen small and round; none is taken from a published figure.
 */

/**
 * Households whose plan changes on the 1st of the month after the as-of date (a new Coverage with a future
 * period.start; the current one ends the day before). ASSUMPTION: 2% a month, i.e. roughly a fifth to a quarter
 * of households changing plan or payer in a year, the order of magnitude of coverage churn.
 */
export const FUTURE_PLAN_CHANGE_SHARE = 0.02;

/**
 * Pended claims: a claim whose service began within `windowDays` before the as-of date is still under review
 * (EOB outcome queued, 277 STC P1) with probability `share`. ASSUMPTION: payers auto-adjudicate most claims on
 * receipt and pend the rest for manual review, which usually clears within weeks; 15% of the claims of the last two
 * weeks are taken to be still pended.
 */
export const PENDED_CLAIMS = { windowDays: 14, share: 0.15 } as const;

/**
 * Coordination of benefits: an employer-plan household whose spouse (18-64) also holds their own employer
 * coverage with another payer, and stays enrolled as a dependant on the subscriber's family plan. By the NAIC
 * Coordination of Benefits Model Regulation (MDL-120, order of benefit determination rule 1: the plan covering the
 * person other than as a dependant is primary), the spouse's own plan is primary (Coverage.order 1) and the family
 * plan secondary (order 2). ASSUMPTION: 1 such spouse in 10.
 */
export const SPOUSE_DUAL_COVERAGE_SHARE = 0.1;
