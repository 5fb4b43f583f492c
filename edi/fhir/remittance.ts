import type { ExplanationOfBenefit } from 'fhir/r4';
import { ADJUDICATION } from '../../population/conventions.js';
import { cents } from '../x12/format.js';
import { firstCodeOf, hasCoding } from './read.js';

type Adjudication = NonNullable<NonNullable<ExplanationOfBenefit['item']>[number]['adjudication']>[number];

/** One CAS adjustment: group (CO, PR, OA, PI), CARC reason, amount in cents. */
export interface Adjustment {
  group: string;
  reason: string;
  cents: number;
}

/** A line's money as the 835 reports it: SVC02 submitted, SVC03 paid, AMT*B6 allowed, CAS adjustments. */
export interface RemitLine {
  submittedCents: number;
  paidCents: number;
  allowedCents: number;
  adjustments: Adjustment[];
  denied: boolean;
}

function amountOf(entries: Adjudication[] | undefined, coding: { system: string; code: string }): number | undefined {
  if (!entries) return undefined;
  for (let i = 0; i < entries.length; i++) if (hasCoding(entries[i].category, coding.system, coding.code)) return entries[i].amount?.value;
  return undefined;
}

/**
 * Derives a line's CAS adjustments from its EOB adjudication (ADJUDICATION convention): CO-45 =
 * submitted - eligible, PR-1 deductible, PR-2 coinsurance, PR-3 copay, denials as their own group/CARC.
 * Any rounding residual goes to CO-45, so SVC02 - sum(CAS) = SVC03 holds for every line (X221A1 balancing).
 */
export function remitLine(entries: Adjudication[] | undefined, fallbackSubmitted?: number): RemitLine {
  const submittedCents = cents(amountOf(entries, ADJUDICATION.submitted) ?? fallbackSubmitted);
  const paidCents = cents(amountOf(entries, ADJUDICATION.benefit));
  const allowedCents = cents(amountOf(entries, ADJUDICATION.eligible));
  const adjustments: Adjustment[] = [];
  let denied = false;
  for (const a of entries ?? []) {
    const group = firstCodeOf(a.category, ADJUDICATION.adjustmentGroupSystem);
    const reason = firstCodeOf(a.reason, ADJUDICATION.adjustmentReasonSystem);
    if (group && reason && a.amount?.value) {
      adjustments.push({ group, reason, cents: cents(a.amount.value) });
      if (!(group === 'OA' && reason === '23')) denied = true; // OA-23 is the prior payer's part, not a denial
    }
  }
  patientShare(adjustments, '1', amountOf(entries, ADJUDICATION.deductible));
  patientShare(adjustments, '2', amountOf(entries, ADJUDICATION.coinsurance));
  patientShare(adjustments, '3', amountOf(entries, ADJUDICATION.copay));
  let residual = submittedCents - paidCents;
  for (const a of adjustments) residual -= a.cents;
  if (residual !== 0) {
    const co45 = adjustments.find((a) => a.group === 'CO' && a.reason === '45');
    if (co45) co45.cents += residual;
    else adjustments.unshift({ group: 'CO', reason: '45', cents: residual });
  }
  return { submittedCents, paidCents, allowedCents, adjustments, denied: denied && paidCents === 0 };
}

/** A PR adjustment (CARC 1 deductible, 2 coinsurance, 3 copay) when the member owes something. */
function patientShare(adjustments: Adjustment[], reason: string, value: number | undefined): void {
  const c = cents(value);
  if (c !== 0) adjustments.push({ group: 'PR', reason, cents: c });
}

/** What the payer paid on an EOB (sum of its lines' benefit, as SVC03 reports each): the 835 BPR02 needs it before any claim is written. */
export function paidCentsOf(eob: ExplanationOfBenefit): number {
  let total = 0;
  for (const item of eob.item ?? []) total += cents(amountOf(item.adjudication, ADJUDICATION.benefit));
  return total;
}

/** CAS groups in the order the 835 reports them. */
export const CAS_GROUPS = ['CO', 'OA', 'PI', 'PR'] as const;
