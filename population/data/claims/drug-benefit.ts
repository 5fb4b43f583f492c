import { ndc11 } from '../../clinical/ndc-code.js';

/**
 * The pharmacy benefit: formulary tier and ingredient cost of each dispensed package (data/clinical/ndc.ts), the
 * tier copays by plan type, and how a pharmacy claim is priced.
 *
 * Cost sharing is integrated with the medical benefit (one deductible and out-of-pocket maximum for medical and drugs,
 * as non-grandfathered employer and marketplace plans must count drug cost sharing toward the ACA out-of-pocket
 * limit, 45 CFR 156.130): a tier copay applies before the deductible, does not count toward it, and counts toward the
 * out-of-pocket maximum; the member never pays more than the drug's allowed cost. An HSA-qualified HDHP cannot pay
 * for non-preventive drugs before the deductible (IRS Notice 2004-23), so its fills go to deductible, then
 * coinsurance. Medicare Advantage drug cost sharing really accrues to the Part D true out-of-pocket, not the MA
 * MOOP (42 CFR 422.100(f)(4) covers Parts A and B only): simplified here to the same integrated rule.
 */

export type DrugTier = 'generic' | 'preferredBrand' | 'nonPreferredBrand';

/** Tier copays in USD, or the deductible-then-coinsurance rule. */
export type TierCostShare = Readonly<Record<DrugTier, number>> | 'deductible';

/**
 * Copay per 30-day fill by plan type (PlanBenefits.type); a 90-day fill pays the copay `ninetyDayCopays` times.
 * - default: KFF Employer Health Benefits Survey 2017, Section 9 (Figure 9.6): among covered workers in plans with
 *   three or more tiers, average copays $11 first tier, $33 second tier, $59 third tier.
 * - MEDICAID: 42 CFR 447.53: at most $4 for preferred drugs and $8 for non-preferred drugs.
 * - MEDICARE_ADV: assumption, a typical MA-PD design ($5 preferred generic, $47 preferred brand, $100 non-preferred).
 * - HDHP: deductible, then the plan coinsurance (IRS Notice 2004-23).
 */
export const DRUG_TIER_COST_SHARE: Readonly<Record<string, TierCostShare>> = {
  default: { generic: 11, preferredBrand: 33, nonPreferredBrand: 59 },
  MEDICAID: { generic: 4, preferredBrand: 4, nonPreferredBrand: 8 },
  MEDICARE_ADV: { generic: 5, preferredBrand: 47, nonPreferredBrand: 100 },
  HDHP: 'deductible',
};

/** Copays a 90-day fill pays (assumption: 3 copays at retail; mail-order 2.5x designs are not modelled). */
export const NINETY_DAY_COPAYS = 3;

/**
 * Pricing of a fill: allowed = ingredient cost (unit cost x quantity) + `dispensingFee`; the pharmacy's submitted
 * usual and customary charge = allowed x `usualAndCustomaryMarkup`, in cents. Assumptions: commercial PBM
 * dispensing fees are around $1-2 (state Medicaid professional fees are about $10-12); cash prices well above
 * acquisition cost.
 */
export const PHARMACY_PRICING = { dispensingFee: 1.75, usualAndCustomaryMarkup: 1.6 } as const;

/** NCPDP Dispense As Written (DAW) / product selection codes we use (NCPDP field 408-D8). */
export const DAW = { noSelection: '0', substitutionNotAllowedByPrescriber: '1' } as const;

export interface DrugPriceRow {
  /** Package NDC as labeled (data/clinical/ndc.ts NDC_PACKAGES). */
  ndc: string;
  tier: DrugTier;
  /** Ingredient cost in USD per NCPDP billing unit (EA, ML, GM). */
  unitCost: number;
  /** DAW code the prescriber writes: a brand whose generic exists is dispensed as written (assumption). */
  daw: (typeof DAW)[keyof typeof DAW];
  source: string;
}

const NADAC_ASSUMED = 'assumption in the order of the CMS NADAC per-unit cost (data.medicaid.gov), not checked row by row';

/**
 * Formulary tier (generic; brand without a generic: preferred; brand with a generic on the market: non-preferred,
 * an assumption of a typical 3-tier formulary) and per-unit ingredient cost of each package we dispense.
 */
export const DRUG_PRICES: readonly DrugPriceRow[] = [
  { ndc: '0093-1048-01', tier: 'generic', unitCost: 0.024, daw: DAW.noSelection, source: 'NADAC metformin HCl 500 mg tablet about $0.024/EA (2026, ndclist.com NADAC report)' },
  { ndc: '0088-2220-33', tier: 'preferredBrand', unitCost: 6.4, daw: DAW.noSelection, source: `${NADAC_ASSUMED} (Lantus list price $64 per 10 mL vial after the 2024 cut)` },
  { ndc: '0093-1113-10', tier: 'generic', unitCost: 0.02, daw: DAW.noSelection, source: NADAC_ASSUMED },
  { ndc: '0006-0952-54', tier: 'nonPreferredBrand', unitCost: 4, daw: DAW.substitutionNotAllowedByPrescriber, source: NADAC_ASSUMED },
  { ndc: '59762-3719-1', tier: 'generic', unitCost: 0.015, daw: DAW.noSelection, source: NADAC_ASSUMED },
  { ndc: '0143-1272-01', tier: 'generic', unitCost: 0.015, daw: DAW.noSelection, source: NADAC_ASSUMED },
  { ndc: '67877-512-10', tier: 'generic', unitCost: 0.04, daw: DAW.noSelection, source: 'NADAC atorvastatin 20 mg about $0.04/tablet (drugprice.org NADAC glossary)' },
  { ndc: '0173-0682-20', tier: 'preferredBrand', unitCost: 3.4, daw: DAW.noSelection, source: NADAC_ASSUMED },
  { ndc: '0173-0718-20', tier: 'preferredBrand', unitCost: 19, daw: DAW.noSelection, source: NADAC_ASSUMED },
  { ndc: '0049-4900-66', tier: 'nonPreferredBrand', unitCost: 11.5, daw: DAW.substitutionNotAllowedByPrescriber, source: NADAC_ASSUMED },
  { ndc: '0777-3105-02', tier: 'nonPreferredBrand', unitCost: 18, daw: DAW.substitutionNotAllowedByPrescriber, source: NADAC_ASSUMED },
];

/** DRUG_PRICES by the 11-digit NDC (no hyphens), the form claims carry. */
export const DRUG_PRICE_BY_NDC11: ReadonlyMap<string, DrugPriceRow> = new Map(DRUG_PRICES.map((r) => [ndc11(r.ndc), r]));

/** The tier cost share of a plan type. */
export function tierCostShare(planType: string): TierCostShare {
  return DRUG_TIER_COST_SHARE[planType] ?? DRUG_TIER_COST_SHARE.default;
}

/** Retail pharmacy NUCC taxonomy (Community/Retail Pharmacy). */
export const RETAIL_PHARMACY_TAXONOMY = { code: '3336C0003X', display: 'Community/Retail Pharmacy' } as const;

/** Days supply above which a fill counts as a 90-day fill for copays (a 34-day supply is the usual monthly limit; assumption). */
export const MONTH_SUPPLY_MAX_DAYS = 34;
