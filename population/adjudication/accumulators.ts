import type { ExplanationOfBenefit } from 'fhir/r4';
import { ADJUDICATION } from '../conventions.js';
import type { Accumulators } from '../model.js';
import { toCents } from './money.js';

/**
 * Member accumulators for a plan year (calendar year) from the member's existing ExplanationOfBenefits: deductible
 * met = sum of deductible; out-of-pocket met = deductible + copay + coinsurance. https://hl7.org/fhir/R4/explanationofbenefit.html
 */
export function accumulatorsFromEobs(eobs: readonly ExplanationOfBenefit[], planYear: number): Accumulators {
  let deductible = 0;
  let outOfPocket = 0;
  const year = String(planYear);
  for (const eob of eobs) {
    if (eob.status !== 'active') continue;
    for (const item of eob.item ?? []) {
      const date = item.servicedDate ?? item.servicedPeriod?.start ?? eob.billablePeriod?.start ?? eob.created;
      if (!date.startsWith(year)) continue;
      for (const adj of item.adjudication ?? []) {
        const code = adj.category.coding?.[0]?.code;
        const cents = toCents(adj.amount?.value);
        if (code === ADJUDICATION.deductible.code) { deductible += cents; outOfPocket += cents; }
        else if (code === ADJUDICATION.copay.code || code === ADJUDICATION.coinsurance.code) outOfPocket += cents;
      }
    }
  }
  return { planYear, deductibleMet: deductible / 100, outOfPocketMet: outOfPocket / 100 };
}
