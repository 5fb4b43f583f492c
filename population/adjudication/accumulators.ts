import type { ExplanationOfBenefit } from 'fhir/r4';
import { ADJUDICATION } from '../conventions.js';
import type { Accumulators } from '../model.js';
import { toCents } from './money.js';

/**
 * Deductible and out-of-pocket (deductible + copay + coinsurance) of the active EOBs of a plan year, in cents. A claim
 * counts in the plan year of its first service date, as adjudication applies it (a stay from December into January
 * accrues to December's year, lines and all).
 */
function sums(eobs: readonly ExplanationOfBenefit[], year: string): { deductible: number; outOfPocket: number } {
  let deductible = 0;
  let outOfPocket = 0;
  for (const eob of eobs) {
    if (eob.status !== 'active') continue;
    // Dental benefits (type oral) have their own cost sharing and do not count toward the medical limits.
    if (eob.type?.coding?.[0]?.code === 'oral') continue;
    // A secondary payer's EOB (it lists the primary's Coverage as not focal) repeats the primary's member share: skip it.
    if (eob.insurance?.some((i) => !i.focal)) continue;
    const first = eob.item?.[0];
    const date = first?.servicedDate ?? first?.servicedPeriod?.start ?? eob.billablePeriod?.start ?? eob.created;
    if (!date.startsWith(year)) continue;
    for (const item of eob.item ?? []) {
      for (const adj of item.adjudication ?? []) {
        const code = adj.category.coding?.[0]?.code;
        const cents = toCents(adj.amount?.value);
        if (code === ADJUDICATION.deductible.code) { deductible += cents; outOfPocket += cents; }
        else if (code === ADJUDICATION.copay.code || code === ADJUDICATION.coinsurance.code) outOfPocket += cents;
      }
    }
  }
  return { deductible, outOfPocket };
}

/**
 * Plan-year (calendar year) accumulators from existing ExplanationOfBenefits: the member's own EOBs give the
 * individual totals, the EOBs of every member of the policy (`familyEobs`, the member's own included; default: the
 * member's alone) the family totals. Deductible met = sum of deductible; out-of-pocket met = deductible + copay +
 * coinsurance. https://hl7.org/fhir/R4/explanationofbenefit.html
 */
export function accumulatorsFromEobs(eobs: readonly ExplanationOfBenefit[], planYear: number, familyEobs: readonly ExplanationOfBenefit[] = eobs): Accumulators {
  const year = String(planYear);
  const own = sums(eobs, year);
  const family = familyEobs === eobs ? own : sums(familyEobs, year);
  return {
    planYear,
    deductibleMet: own.deductible / 100,
    outOfPocketMet: own.outOfPocket / 100,
    familyDeductibleMet: family.deductible / 100,
    familyOutOfPocketMet: family.outOfPocket / 100,
  };
}
