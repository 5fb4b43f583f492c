import { runStepsSliced, type Steps } from '../../data-store/stepped.js';
import { timeSlicer } from '../../data-store/time-slicer.js';
import type { Claim, ExplanationOfBenefit } from 'fhir/r4';
import type { Store } from '../../data-store/store.js';
import { IDENTIFIER } from '../../population/conventions.js';
import type { Text } from '../document.js';
import { readOrUndefined } from '../fhir/members.js';
import { identifierValue, refId } from '../fhir/read.js';
import { paidCentsOf, remitLine } from '../fhir/remittance.js';
import { CLAIM_STATUS, GUIDE_276, GUIDE_277, NOT_ELIGIBLE_CARC } from '../guides/276-277.js';
import { amount, x12Date } from '../x12/format.js';
import type { Segment } from '../x12/parse.js';
import type { TransactionBody } from '../x12/writer.js';
import type { AnswerSet, InboundSet } from './descriptor.js';
import type { EdiOptions } from '../options.js';
import { answerSetSteps } from '../responses.js';
import { formatDate } from '../../population/dates.js';
import { findByIdentifier } from '../fhir/find-by-identifier.js';

/** Element lengths of the 277 from its guide (no literals): TRN02, REF02, STC09 (check or EFT trace), BHT03. */
const MAX = {
  trace: GUIDE_277.segments.TRN.elements[1].max,
  ref: GUIDE_277.segments.REF.elements[1].max,
  check: GUIDE_277.segments.STC.elements[8].max,
  bht: GUIDE_277.segments.BHT.elements[2].max,
};
/** Each NM1 element's max as the 277 guide has it (Not Used elements echo nothing). */
const NM1_MAX = GUIDE_277.segments.NM1.elements.map((e) => (e.usage === 'N' ? 0 : e.max));

/** One claim asked about in a 276 (loop 2200D or 2200E). */
interface StatusQuestion {
  trace: string[];
  pcn?: string;
  payerClaimNumber?: string;
  serviceDates?: string;
}


function eobOfClaim(store: Store, claim: Claim): ExplanationOfBenefit | undefined {
  try {
    return store.search({ resourceType: 'ExplanationOfBenefit', params: [['claim', `Claim/${claim.id ?? ''}`], ['_count', '1']] }).matches[0] as ExplanationOfBenefit | undefined;
  } catch {
    return undefined;
  }
}

/** A finalized EOB's status: paid, nothing to pay (member's share), or denied (every line carries a denial CAS). */
function finalizedStatus(eob: ExplanationOfBenefit): readonly string[] {
  if (paidCentsOf(eob) > 0) return CLAIM_STATUS.paid;
  const lines = (eob.item ?? []).map((item) => remitLine(item.adjudication));
  if (lines.length === 0 || !lines.every((l) => l.denied)) return CLAIM_STATUS.paidNothing;
  return lines.some((l) => l.adjustments.some((a) => a.reason === NOT_ELIGIBLE_CARC)) ? CLAIM_STATUS.deniedNotEligible : CLAIM_STATUS.denied;
}

/**
 * A claim's status as the store holds it now (see CLAIM_STATUS): not found (A4), received or accepted and
 * waiting (A1/A2: a Claim without an EOB), pended (P1: EOB queued or partial), finalized (F1 paid or nothing to
 * pay, F2 denied).
 */
export function claimStatusOf(store: Store, q: StatusQuestion): { status: readonly string[]; claim?: Claim; eob?: ExplanationOfBenefit } {
  let claim = findByIdentifier<Claim>(store, 'Claim', IDENTIFIER.patientControlNumber, q.pcn);
  let eob = findByIdentifier<ExplanationOfBenefit>(store, 'ExplanationOfBenefit', IDENTIFIER.payerClaimNumber, q.payerClaimNumber);
  if (!claim && eob) claim = readOrUndefined<Claim>(store, 'Claim', refId(eob.claim, 'Claim'));
  if (!claim) return { status: CLAIM_STATUS.notFound };
  eob ??= eobOfClaim(store, claim);
  if (!eob || eob.status === 'entered-in-error') return { status: claim.status === 'draft' ? CLAIM_STATUS.received : CLAIM_STATUS.accepted, claim };
  if (eob.status === 'draft' || eob.outcome === 'queued' || eob.outcome === 'partial') return { status: CLAIM_STATUS.pended, claim, eob };
  return { status: finalizedStatus(eob), claim, eob };
}

/** 2200D/E of the 277: TRN*2 echoing the 276's trace, STC with the status and money, REF*1K/EJ, DTP*472. */
function writeClaimStatus(body: TransactionBody, text: Text, store: Store, q: StatusQuestion, today: string): void {
  const { status, claim, eob } = claimStatusOf(store, q);
  body.seg('TRN').el('2').el(text(q.trace[2], MAX.trace) || 'UNKNOWN').el(q.trace[3]).end();
  const charged = claim?.total?.value ?? 0;
  const paid = eob ? paidCentsOf(eob) / 100 : 0;
  const finalized = status[0] === 'F1' || status[0] === 'F2';
  const payment = finalized && paid > 0 ? eob?.payment : undefined;
  body.seg('STC').composite(status).el(x12Date(today)).at(4).el(amount(charged)).el(amount(paid))
    .el(finalized && eob?.created ? x12Date(eob.created) : undefined).el(payment ? 'CHK' : undefined)
    .el(payment?.date ? x12Date(payment.date) : undefined).el(payment ? text(payment.identifier?.value, MAX.check) || undefined : undefined).end();
  const payerClaim = eob ? identifierValue(eob.identifier, IDENTIFIER.payerClaimNumber) : q.payerClaimNumber;
  if (payerClaim) body.seg('REF').el('1K').el(text(payerClaim, MAX.ref)).end();
  const pcn = claim ? identifierValue(claim.identifier, IDENTIFIER.patientControlNumber) : q.pcn;
  if (pcn) body.seg('REF').el('EJ').el(text(pcn, MAX.ref)).end();
  const start = claim?.billablePeriod?.start;
  if (start) body.seg('DTP').el('472').el('RD8').el(`${x12Date(start)}-${x12Date(claim?.billablePeriod?.end ?? start)}`).end();
  else if (q.serviceDates) body.seg('DTP').el('472').el(q.serviceDates.includes('-') ? 'RD8' : 'D8').el(q.serviceDates).end();
}

/** HL levels answered between two yields of write277Body. */
const LEVELS_PER_STEP = 64;

/**
 * The 277 body (005010X212) answering one 276: its HL tree mirrored level for level (payer, receiver,
 * provider, subscriber, dependant, with their NM1s echoed) and, per claim asked about, the status the store
 * holds now (see claimStatusOf).
 */
export function* write277Body(body: TransactionBody, text: Text, store: Store, segments: readonly Segment[], today: string): Steps<void> {
  let question: StatusQuestion | undefined;
  let asked = 0;
  const flush = (): void => {
    if (question) writeClaimStatus(body, text, store, question, today);
    question = undefined;
  };
  for (const seg of segments) {
    const e = seg.elements;
    if (seg.id === 'HL') {
      flush();
      if (++asked % LEVELS_PER_STEP === 0) yield;
      body.seg('HL').el(e[1]).el(e[2] || undefined).el(e[3]).el(e[4]).end();
    } else if (seg.id === 'NM1') body.seg('NM1').elements(e.slice(1).map((v, i) => text(v, NM1_MAX[i] ?? 0) || undefined)).end();
    else if (seg.id === 'TRN') {
      flush();
      question = { trace: e };
    } else if (question && seg.id === 'REF' && e[1] === 'EJ') question.pcn = e[2];
    else if (question && seg.id === 'REF' && e[1] === '1K') question.payerClaimNumber = e[2];
    else if (question && seg.id === 'DTP' && e[1] === '472') question.serviceDates = e[3];
  }
  flush();
}

/** The day a 277 reports: the clock's, or the population's as-of when that is later (a future as-of). */
function todayOf(options: EdiOptions): string {
  const now = formatDate(options.clock());
  return options.asOf && options.asOf > now ? options.asOf : now;
}

/** 276 -> 277 claim status inquiry and response (005010X212), answered from the store's Claims and EOBs. */
export const CLAIM_STATUS_276: InboundSet = {
  kind: '276',
  code: '276',
  version: GUIDE_276.implementation,
  summary: 'Claim status inquiry (005010X212); answers a 277 from the stored Claim/EOB status, or TA1/999',
  direction: 'in',
  guides: [GUIDE_276],
  http: { path: '/276' },
  readOnly: true,
  alwaysAcknowledge: false,
  acceptedWith: '277',
  answer: async (store, options, ic, accepted) => {
    const today = todayOf(options);
    const answer = answerSetSteps(options, ic, '277', GUIDE_277, accepted, function* (body, text, tx) {
      const bht = tx.segments.find((s) => s.id === 'BHT')?.elements;
      body.seg('BHT').el('0010').el('08').el(text(bht?.[3], MAX.bht) || undefined).el(x12Date(today)).el('0000').el('DG').end();
      yield* write277Body(body, text, store, tx.segments.filter((s) => s.id !== 'ST' && s.id !== 'BHT'), today);
    });
    return runStepsSliced(answer, timeSlicer());
  },
};

/** The 277 claim status response (answer to a 276). */
export const CLAIM_STATUS_277: AnswerSet = {
  kind: '277',
  code: '277',
  version: GUIDE_277.implementation,
  summary: 'Claim status response (005010X212)',
  direction: 'answer',
  folder: '277',
};
