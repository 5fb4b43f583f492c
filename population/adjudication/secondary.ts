import type { Coverage, ExplanationOfBenefit } from 'fhir/r4';
import { ADJUDICATION } from '../conventions.js';
import type { AdjudicationInput } from '../model.js';
import { claimCoding } from '../claims/code-display.js';
import { adjudicateClaim } from './adjudicate.js';
import { toCents, usd } from './money.js';

type EobItem = NonNullable<ExplanationOfBenefit['item']>[number];
type EobAdjudication = NonNullable<EobItem['adjudication']>[number];

/** CARC 23: "The impact of prior payer(s) adjudication including payments and/or adjustments" (group OA). */
const PRIOR_PAYER_CARC = '23';
const SHARES = [ADJUDICATION.deductible, ADJUDICATION.coinsurance, ADJUDICATION.copay] as const;

const amountOf = (line: EobItem | undefined, code: string): number =>
  toCents(line?.adjudication?.find((a) => a.category.coding?.[0]?.code === code)?.amount?.value);
const entry = (coding: { system: string; code: string }, cents: number): EobAdjudication => ({ category: { coding: [coding] }, amount: usd(cents) });
const isDenial = (a: EobAdjudication): boolean => a.category.coding?.[0]?.system === ADJUDICATION.adjustmentGroupSystem;

/** One secondary line: pays the member's share left by the primary, up to what this plan would have paid as primary. */
function secondaryLine(own: EobItem, primary: EobItem | undefined): { line: EobItem; paid: number } {
  if ((own.adjudication ?? []).some(isDenial)) return { line: own, paid: 0 };
  const left = SHARES.map((s) => amountOf(primary, s.code));
  const paid = Math.min(amountOf(own, ADJUDICATION.benefit.code), left.reduce((a, b) => a + b, 0));
  let rest = paid;
  // The payment goes to the deductible first, then coinsurance, then copay; the member owes what is left.
  const owed = left.map((cents) => {
    const take = Math.min(cents, rest);
    rest -= take;
    return cents - take;
  });
  const priorPaid = amountOf(primary, ADJUDICATION.benefit.code);
  const adjudication: EobAdjudication[] = [
    entry(ADJUDICATION.submitted, amountOf(own, ADJUDICATION.submitted.code)),
    entry(ADJUDICATION.eligible, amountOf(own, ADJUDICATION.eligible.code)),
    entry(ADJUDICATION.deductible, owed[0]),
    entry(ADJUDICATION.copay, owed[2]),
    entry(ADJUDICATION.coinsurance, owed[1]),
    entry(ADJUDICATION.benefit, paid),
  ];
  if (priorPaid > 0) {
    adjudication.push({
      category: { coding: [claimCoding(ADJUDICATION.adjustmentGroupSystem, 'OA')] },
      reason: { coding: [claimCoding(ADJUDICATION.adjustmentReasonSystem, PRIOR_PAYER_CARC)] },
      amount: usd(priorPaid),
    });
  }
  const line = { ...own };
  line.adjudication = adjudication;
  return { line, paid };
}

/**
 * The secondary payer's ExplanationOfBenefit under coordination of benefits (NAIC MDL-120 "standard" COB): each line
 * pays the member's share the primary left (deductible, coinsurance, copay) up to what the secondary plan would have
 * paid as primary; the primary's payment shows as CAS OA-23 on its 835. https://hl7.org/fhir/R4/explanationofbenefit.html
 */
export function secondaryEob(input: AdjudicationInput, primary: ExplanationOfBenefit, primaryCoverage: Coverage): ExplanationOfBenefit {
  const insurer = input.coverage.payor[0];
  const claim = { ...input.claim };
  claim.insurer = insurer;
  const { eob } = adjudicateClaim({ claim, coverage: input.coverage, plan: input.plan, accumulators: input.accumulators, eobId: input.eobId, processedDate: input.processedDate });
  let total = 0;
  eob.item = (eob.item ?? []).map((own, i) => {
    const { line, paid } = secondaryLine(own, primary.item?.[i]);
    total += paid;
    return line;
  });
  const sum = (code: string): number => (eob.item ?? []).reduce((n, l) => n + amountOf(l, code), 0);
  eob.total = (eob.total ?? []).map((t) => ({ category: t.category, amount: usd(sum(t.category.coding?.[0]?.code ?? '')) }));
  eob.insurance = [
    { focal: true, coverage: { reference: `Coverage/${input.coverage.id ?? ''}` } },
    { focal: false, coverage: { reference: `Coverage/${primaryCoverage.id ?? ''}` } },
  ];
  if (eob.payment) {
    eob.payment = { ...eob.payment };
    eob.payment.amount = usd(total);
  }
  return eob;
}
