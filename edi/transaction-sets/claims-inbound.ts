import { createHash } from 'node:crypto';
import type { ExplanationOfBenefit, Organization } from 'fhir/r4';
import { runStepsSliced, type Steps } from '../../data-store/stepped.js';
import type { SearchQuery, Store, WriteOperation } from '../../data-store/store.js';
import { timeSlicer } from '../../data-store/time-slicer.js';
import { accumulatorsFromEobs } from '../../population/adjudication/accumulators.js';
import { adjudicateClaim } from '../../population/adjudication/adjudicate.js';
import { IDENTIFIER } from '../../population/conventions.js';
import { formatDate } from '../../population/dates.js';
import type { Accumulators } from '../../population/model.js';
import { claimFromInbound, inboundEobId, type ClaimStatus } from '../fhir/claim-from-837.js';
import { claimTypeOfGuide } from '../fhir/claim-view.js';
import { eobsOf, familyEobsOf, MEMBER_SEARCHES, prepareSearches, readOrUndefined } from '../fhir/members.js';
import { identifierValue } from '../fhir/read.js';
import { GUIDE_277CA } from '../guides/acknowledgments.js';
import type { EdiCache } from '../cache.js';
import type { EdiOptions } from '../options.js';
import { answerSetSteps, payerFinder } from '../responses.js';
import { write277caBody, type ClaimOutcome } from '../transactions/277ca.js';
import { read837, type InboundClaim } from '../transactions/837-read.js';
import type { ParsedInterchange, ParsedTransaction } from '../x12/parse.js';
import type { ResponseDocument } from './descriptor.js';

interface SetOutcome {
  tx: ParsedTransaction;
  outcomes: ClaimOutcome[];
  payerId: string;
  payer?: Organization;
  submitter: string;
}

/**
 * The submission a set's claims come in (IDENTIFIER.x12Submission, before `/CLM01`): the sender (ISA05:ISA06) and
 * ISA13, which together identify an interchange to its receiver (X12.5, element I12), GS06 and ST02, which identify
 * the set within it, and a digest of the set, so a sender reusing its control numbers for other content (against
 * I12) makes another submission. The same file sent again is the same submission.
 */
function submissionOf(ic: ParsedInterchange, tx: ParsedTransaction): string {
  const gs06 = ic.groups.find((g) => g.transactions.includes(tx))?.gs.elements[6] ?? '';
  const digest = createHash('sha256').update(tx.segments.map((s) => s.elements.join('*')).join('~')).digest('hex').slice(0, 16);
  return [`${ic.isa[5]?.trim() ?? ''}:${ic.isa[6]?.trim() ?? ''}`, ic.controlNumber, gs06, tx.controlNumber, digest].join('/');
}

const ACCEPTED: ClaimStatus = ['A2', '20', 'PR'];

/**
 * The searches mapping and adjudicating a claim runs (claim-from-837.ts, members.ts), prepared (their indexes built
 * in slices: Store.prepareSearch) before the first claim rather than built whole inside it.
 */
const ADJUDICATION_SEARCHES: Array<Pick<SearchQuery, 'resourceType' | 'params'>> = [
  ...MEMBER_SEARCHES,
  { resourceType: 'Claim', params: [['identifier', 'x']] },
  { resourceType: 'Organization', params: [['identifier', 'x']] },
  { resourceType: 'Practitioner', params: [['identifier', 'x']] },
  { resourceType: 'ExplanationOfBenefit', params: [['patient', 'Patient/x']] },
];
/**
 * Maps and adjudicates one set's claims, adding the claims and EOBs to `operations` (stored later, together), as
 * steps (data-store/stepped.ts): one claim a step.
 */
function* adjudicateSet(store: Store, ic: ParsedInterchange, tx: ParsedTransaction, processed: string, state: { seen: Set<string>; accumulators: Map<string, Accumulators>; family: Map<string, Accumulators>; operations: WriteOperation[]; cache: EdiCache }): Steps<SetOutcome> {
  const claims: InboundClaim[] = read837(tx.segments, ic.delimiters, claimTypeOfGuide(tx.implementation));
  const submission = submissionOf(ic, tx);
  const outcomes: ClaimOutcome[] = [];
  for (const c of claims) {
    yield;
    const mapped = claimFromInbound(store, c, processed, state.seen, submission, state.cache);
    state.seen.add(c.patientControlNumber);
    if (mapped.ok === 'stored') {
      // Accepted and adjudicated when this submission was first processed: answered as then, from what was stored.
      const eob = readOrUndefined<ExplanationOfBenefit>(store, 'ExplanationOfBenefit', inboundEobId(mapped.claim.id ?? ''));
      outcomes.push({ inbound: c, status: ACCEPTED, payerClaimNumber: eob && (identifierValue(eob.identifier, IDENTIFIER.payerClaimNumber) ?? eob.id), memberId: c.subscriber.memberId });
      continue;
    }
    if (!mapped.ok) {
      outcomes.push({ inbound: c, status: mapped.status });
      continue;
    }
    const pid = mapped.patient.id ?? '';
    const planYear = Number((mapped.claim.item?.[0]?.servicedDate ?? processed).slice(0, 4));
    let acc = state.accumulators.get(pid);
    if (!acc || acc.planYear !== planYear) acc = accumulatorsFromEobs(eobsOf(store, pid, state.cache), planYear, familyEobsOf(store, mapped.coverage, state.cache));
    // Family totals: the policy's stored EOBs, plus the claims of this interchange adjudicated before this one.
    const familyKey = `${mapped.coverage.subscriberId ?? pid}|${planYear}`;
    const family = state.family.get(familyKey);
    if (family) acc = { ...acc, familyDeductibleMet: family.familyDeductibleMet, familyOutOfPocketMet: family.familyOutOfPocketMet };
    const { eob, accumulators: after } = adjudicateClaim({
      claim: mapped.claim,
      coverage: mapped.coverage,
      plan: mapped.plan,
      accumulators: acc,
      eobId: inboundEobId(mapped.claim.id ?? ''),
      processedDate: processed,
    });
    state.accumulators.set(pid, after);
    state.family.set(familyKey, after);
    state.operations.push({ method: 'PUT', resource: mapped.claim }, { method: 'PUT', resource: eob });
    outcomes.push({ inbound: c, status: ACCEPTED, payerClaimNumber: identifierValue(eob.identifier, IDENTIFIER.payerClaimNumber) ?? eob.id, memberId: c.subscriber.memberId });
  }
  const first = claims[0];
  const payer = first ? payerFinder(store, state.cache)(['', 'PR', '', '', '', '', '', '', 'PI', first.payerId]) : undefined;
  return { tx, outcomes, payerId: first?.payerId ?? '', payer, submitter: first?.submitterName ?? '' };
}

/**
 * Maps, adjudicates and stores the accepted 837 sets' claims (one store transaction: all of the interchange's
 * claims and their EOBs or none), then answers the 277CA (005010X214), one set per 837 set.
 */
export async function accept837s(store: Store, options: EdiOptions, ic: ParsedInterchange, accepted: ParsedTransaction[]): Promise<ResponseDocument | undefined> {
  if (accepted.length === 0) return undefined;
  const processed = formatDate(options.clock());
  const state = { seen: new Set<string>(), accumulators: new Map<string, Accumulators>(), family: new Map<string, Accumulators>(), operations: [] as WriteOperation[], cache: options.cache };
  await prepareSearches(store, ADJUDICATION_SEARCHES);
  const pause = timeSlicer();
  const perSet: SetOutcome[] = [];
  for (const tx of accepted) perSet.push(await runStepsSliced(adjudicateSet(store, ic, tx, processed, state), pause));
  if (state.operations.length > 0) await store.transaction(state.operations);
  const answer = answerSetSteps(options, ic, '277CA', GUIDE_277CA, perSet, (body, text, s) =>
    write277caBody(body, text, {
      payer: s.payer,
      payerId: s.payerId,
      submitterId: ic.isa[6].trim(),
      submitterName: s.submitter,
      batchTrace: s.tx.segments.find((x) => x.id === 'BHT')?.elements[3] || s.tx.controlNumber,
      received: processed,
      processed,
      outcomes: s.outcomes,
    }),
  );
  return runStepsSliced(answer, pause);
}
