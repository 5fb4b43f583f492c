import type { Claim } from 'fhir/r4';
import { CODE_SYSTEM } from '../conventions.js';
import { DRUG_PRICE_BY_NDC11, MONTH_SUPPLY_MAX_DAYS, NINETY_DAY_COPAYS, PHARMACY_PRICING, tierCostShare } from '../data/claims/drug-benefit.js';
import { toCents } from './money.js';

type ClaimItem = NonNullable<Claim['item']>[number];

/** The NDC of a pharmacy claim line (11 digits), if any. */
export function ndcOf(item: ClaimItem): string | undefined {
  return item.productOrService.coding?.find((c) => c.system === CODE_SYSTEM.ndc)?.code;
}

/** Days supply of a pharmacy claim (CARIN BB supportingInfo `dayssupply`). */
function daysSupplyOf(claim: Claim): number {
  const info = claim.supportingInfo?.find((s) => s.category.coding?.some((c) => c.system === CODE_SYSTEM.c4bbSupportingInfo && c.code === 'dayssupply'));
  return info?.valueQuantity?.value ?? 0;
}

/**
 * Allowed amount of a fill in cents: ingredient cost (data/claims/drug-benefit.ts unit cost x quantity) plus the
 * dispensing fee, never above the submitted charge; an NDC without a price is allowed at its submitted charge.
 */
export function drugAllowedCents(ndc: string | undefined, quantity: number, submittedCents: number): number {
  const price = ndc ? DRUG_PRICE_BY_NDC11.get(ndc) : undefined;
  if (!price) return submittedCents;
  return Math.min(toCents(price.unitCost * quantity + PHARMACY_PRICING.dispensingFee), submittedCents);
}

/**
 * The tier copay of a fill in cents (a 90-day fill pays NINETY_DAY_COPAYS copays), or undefined when the plan's drug
 * benefit is deductible then coinsurance (HDHP). An NDC off the table is non-preferred.
 */
export function drugCopayCents(claim: Claim, item: ClaimItem, planType: string): number | undefined {
  const rule = tierCostShare(planType);
  if (rule === 'deductible') return undefined;
  const ndc = ndcOf(item);
  const tier = (ndc ? DRUG_PRICE_BY_NDC11.get(ndc)?.tier : undefined) ?? 'nonPreferredBrand';
  return toCents(rule[tier] * (daysSupplyOf(claim) > MONTH_SUPPLY_MAX_DAYS ? NINETY_DAY_COPAYS : 1));
}
