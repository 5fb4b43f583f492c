import type { ExplanationOfBenefit } from 'fhir/r4';
import { ADJUDICATION } from '../../population/conventions.js';
import { cents } from '../x12/format.js';

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
  const hit = entries?.find((a) => a.category?.coding?.some((c) => c.system === coding.system && c.code === coding.code));
  return hit?.amount?.value;
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
    const group = a.category?.coding?.find((c) => c.system === ADJUDICATION.adjustmentGroupSystem)?.code;
    const reason = a.reason?.coding?.find((c) => c.system === ADJUDICATION.adjustmentReasonSystem)?.code;
    if (group && reason && a.amount?.value) {
      adjustments.push({ group, reason, cents: cents(a.amount.value) });
      denied = true;
    }
  }
  const patient: Array<[string, number | undefined]> = [
    ['1', amountOf(entries, ADJUDICATION.deductible)],
    ['2', amountOf(entries, ADJUDICATION.coinsurance)],
    ['3', amountOf(entries, ADJUDICATION.copay)],
  ];
  for (const [reason, value] of patient) {
    const c = cents(value);
    if (c !== 0) adjustments.push({ group: 'PR', reason, cents: c });
  }
  const residual = submittedCents - paidCents - adjustments.reduce((s, a) => s + a.cents, 0);
  if (residual !== 0) {
    const co45 = adjustments.find((a) => a.group === 'CO' && a.reason === '45');
    if (co45) co45.cents += residual;
    else adjustments.unshift({ group: 'CO', reason: '45', cents: residual });
  }
  return { submittedCents, paidCents, allowedCents, adjustments, denied: denied && paidCents === 0 };
}

const CAS_GROUPS = ['CO', 'OA', 'PI', 'PR'] as const;

/** Groups adjustments by CAS group, at most six reason triplets per CAS segment. */
export function casSegments(adjustments: Adjustment[]): Array<{ group: string; items: Adjustment[] }> {
  const out: Array<{ group: string; items: Adjustment[] }> = [];
  if (adjustments.length === 0) return out;
  for (const group of CAS_GROUPS) {
    let current: { group: string; items: Adjustment[] } | undefined;
    for (const a of adjustments) {
      if (a.group !== group || a.cents === 0) continue;
      if (!current || current.items.length === 6) out.push((current = { group, items: [] }));
      current.items.push(a);
    }
  }
  return out;
}
