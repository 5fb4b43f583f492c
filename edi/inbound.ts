import type { Organization } from 'fhir/r4';
import type { Store, WriteOperation } from '../data-store/store.js';
import { adjudicateClaim } from '../population/adjudication/adjudicate.js';
import { accumulatorsFromEobs } from '../population/adjudication/accumulators.js';
import { IDENTIFIER } from '../population/conventions.js';
import type { Accumulators } from '../population/model.js';
import { bodyWriter, buildDocument, type BuiltDocument } from './document.js';
import { claimFromInbound, type ClaimStatus } from './fhir/claim-from-837.js';
import { answerInquiry } from './fhir/eligibility.js';
import { eobsOf } from './fhir/members.js';
import { payerByPayerId } from './fhir/payers.js';
import { identifierValue } from './fhir/read.js';
import { guideFor, GUIDE_271, GUIDE_277CA, GUIDE_999 } from './guides/index.js';
import type { EdiOptions } from './options.js';
import { read270 } from './transactions/270.js';
import { write271Body } from './transactions/271.js';
import { write277caBody, type ClaimOutcome } from './transactions/277ca.js';
import { read837, type InboundClaim } from './transactions/837-read.js';
import { TRANSACTION_SETS, type TransactionSetDescriptor } from './transaction-sets/index.js';
import { write999Body, type GroupAcknowledgment, type SetAcknowledgment } from './transactions/999.js';
import { writeTa1 } from './transactions/ta1.js';
import { validateTransaction, type ValidationResult } from './validate.js';
import { parseInterchange, type ParsedInterchange, type ParsedTransaction } from './x12/parse.js';
import { stamp } from './x12/format.js';
import { formatDate } from '../population/dates.js';
import type { TransactionBody } from './x12/writer.js';

export type ResponseKind = '271' | '999' | '277CA' | 'TA1' | '277';
/** What an inbound endpoint takes: a 270, an 837, or a set of the transaction-set table (276). */
export type InboundKind = '270' | '837' | '276';
export interface ResponseDocument extends BuiltDocument {
  kind: ResponseKind;
}

/** A built document as the response of a kind (the document itself, not a copy: its text is a getter). */
export function responseOf(kind: ResponseKind, doc: BuiltDocument): ResponseDocument {
  return Object.assign(doc, { kind });
}

/** The answer to an interchange that could not be read or processed at all: a TA1 with note 024. */
export function unreadable(options: EdiOptions, message: string): ResponseDocument[] {
  return [responseOf('TA1', writeTa1(options, { code: '024', message }))];
}

const FUNCTIONAL_ID: Record<string, string> = {
  '270': 'HS',
  '837': 'HC',
  ...Object.fromEntries(TRANSACTION_SETS.map((t) => [t.id, t.guide.functionalId])),
};

function unsupported(code: string): ValidationResult {
  return { ok: false, errors: [], transactionCodes: [code] };
}

/** Validates every set of every group; the 999's content. */
function acknowledge(ic: ParsedInterchange, only?: string): GroupAcknowledgment[] {
  return ic.groups.map((g) => {
    const gs = g.gs.elements;
    const groupCodes: string[] = [];
    if (!g.ge) groupCodes.push('3');
    else {
      if (g.ge.elements[2] !== gs[6]) groupCodes.push('4');
      if (g.ge.elements[1] !== String(g.transactions.length)) groupCodes.push('5');
    }
    if (!/^\d{1,9}$/.test(gs[6] ?? '')) groupCodes.push('6');
    const sets: SetAcknowledgment[] = g.transactions.map((tx) => {
      const guide = guideFor(tx.code, tx.implementation || (gs[8] ?? ''));
      let result: ValidationResult;
      if (only && tx.code !== only) result = unsupported('1');
      // ST03 and GS08 name the same guide (X12 5010 TR3s 1.2): 005010X222 in GS08 with ST03 005010X222A1 is not.
      else if (tx.implementation && gs[8] && tx.implementation !== gs[8]) result = unsupported('19');
      else if (!guide || !Object.values(FUNCTIONAL_ID).includes(guide.functionalId)) result = unsupported(guide ? '1' : tx.code && tx.code in FUNCTIONAL_ID ? 'I6' : '1');
      else if (FUNCTIONAL_ID[guide.code] !== gs[1]) result = unsupported('1');
      else result = validateTransaction(guide, tx.segments, ic.delimiters, tx.se);
      return { code: tx.code, controlNumber: tx.controlNumber, implementation: tx.implementation, result };
    });
    const seen = new Set<string>();
    for (const s of sets) {
      if (seen.has(s.controlNumber)) {
        s.result = { ...s.result, ok: false, transactionCodes: [...s.result.transactionCodes, '23'] };
      }
      seen.add(s.controlNumber);
    }
    if (g.ge && gs[1] && !Object.values(FUNCTIONAL_ID).includes(gs[1])) groupCodes.push('1');
    return { functionalId: gs[1] ?? '', controlNumber: gs[6] ?? '', version: gs[8] ?? '', groupCodes, sets };
  });
}

function partiesFor(ic: ParsedInterchange): { senderQualifier: string; senderId: string; receiverQualifier: string; receiverId: string; usage: 'P' | 'T' } {
  return {
    senderQualifier: ic.isa[7],
    senderId: ic.isa[8].trim(),
    receiverQualifier: ic.isa[5],
    receiverId: ic.isa[6].trim(),
    usage: ic.isa[15] === 'T' ? 'T' : 'P',
  };
}

function write999(options: EdiOptions, ic: ParsedInterchange, acks: GroupAcknowledgment[]): ResponseDocument {
  const { body } = bodyWriter(options);
  const bodies = acks.map((g) => {
    const b = body();
    write999Body(b, g, options.delimiters);
    return { code: '999', implementation: GUIDE_999.implementation, body: b };
  });
  return responseOf('999', buildDocument(options, { functionalId: 'FA', version: GUIDE_999.implementation }, bodies, partiesFor(ic)));
}

// Payer id -> Organization id, per store; every hit is re-read and re-checked, so FHIR writes still count.
const payerIds = new WeakMap<Store, Map<string, string>>();

function payerFinder(store: Store): (nm1: string[]) => Organization | undefined {
  let known = payerIds.get(store);
  if (!known) payerIds.set(store, (known = new Map()));
  const cache = known;
  return (nm1) => {
    const id = nm1[9];
    if (!id) return undefined;
    const orgId = cache.get(id);
    if (orgId) {
      try {
        const org = store.read<Organization>('Organization', orgId);
        if (identifierValue(org.identifier, IDENTIFIER.payerId) === id) return org;
      } catch {
        // deleted: look it up again below
      }
      cache.delete(id);
    }
    const found = payerByPayerId(store, id);
    if (found?.id) cache.set(id, found.id);
    return found;
  };
}

function answer270s(store: Store, options: EdiOptions, ic: ParsedInterchange, accepted: ParsedTransaction[]): ResponseDocument {
  const { body, text } = bodyWriter(options);
  const t = options.clock();
  const asOf = options.asOf ?? formatDate(t);
  const when = stamp(t);
  const findPayer = payerFinder(store);
  const bodies = accepted.map((tx) => {
    const b: TransactionBody = body();
    const bht = tx.segments.find((s) => s.id === 'BHT')?.elements;
    b.add('BHT', '0022', '11', bht?.[3], when.date, when.time);
    write271Body(b, text, read270(tx.segments, ic.delimiters), (inq, payer) => answerInquiry(store, inq, asOf, payer), findPayer);
    return { code: '271', implementation: GUIDE_271.implementation, body: b };
  });
  return responseOf('271', buildDocument(options, { functionalId: 'HB', version: GUIDE_271.implementation }, bodies, partiesFor(ic)));
}

/** Maps, adjudicates and stores the accepted 837 sets' claims (one store transaction), then writes the 277CA. */
async function accept837s(store: Store, options: EdiOptions, ic: ParsedInterchange, accepted: ParsedTransaction[]): Promise<ResponseDocument | undefined> {
  if (accepted.length === 0) return undefined;
  const { body, text } = bodyWriter(options);
  const processed = formatDate(options.clock());
  const seen = new Set<string>();
  const accumulators = new Map<string, Accumulators>();
  const operations: WriteOperation[] = [];
  const perSet: Array<{ tx: ParsedTransaction; outcomes: ClaimOutcome[]; payerId: string; payer?: Organization; submitter: string }> = [];
  for (const tx of accepted) {
    const kind = tx.implementation.endsWith('X223A2') ? 'I' : 'P';
    const claims: InboundClaim[] = read837(tx.segments, ic.delimiters, kind);
    const outcomes: ClaimOutcome[] = [];
    for (const c of claims) {
      const mapped = claimFromInbound(store, c, processed, seen);
      seen.add(c.patientControlNumber);
      if (!mapped.ok) {
        outcomes.push({ inbound: c, status: mapped.status });
        continue;
      }
      const pid = mapped.patient.id ?? '';
      const planYear = Number((mapped.claim.item?.[0]?.servicedDate ?? processed).slice(0, 4));
      let acc = accumulators.get(pid);
      if (!acc || acc.planYear !== planYear) acc = accumulatorsFromEobs(eobsOf(store, pid), planYear);
      const { eob, accumulators: after } = adjudicateClaim({
        claim: mapped.claim,
        coverage: mapped.coverage,
        plan: mapped.plan,
        accumulators: acc,
        eobId: `eob-${mapped.claim.id ?? ''}`.slice(0, 64),
        processedDate: processed,
      });
      accumulators.set(pid, after);
      operations.push({ method: 'PUT', resource: mapped.claim }, { method: 'PUT', resource: eob });
      const status: ClaimStatus = ['A2', '20', 'PR'];
      outcomes.push({ inbound: c, status, payerClaimNumber: identifierValue(eob.identifier, IDENTIFIER.payerClaimNumber) ?? eob.id, memberId: c.subscriber.memberId });
    }
    const first = claims[0];
    perSet.push({ tx, outcomes, payerId: first?.payerId ?? '', payer: first ? payerFinder(store)(['', 'PR', '', '', '', '', '', '', 'PI', first.payerId]) : undefined, submitter: first?.submitterName ?? '' });
  }
  // All accepted claims of the interchange and their EOBs are stored together or not at all.
  if (operations.length > 0) await store.transaction(operations);
  const bodies = perSet.map((s) => {
    const b = body();
    write277caBody(b, text, {
      payer: s.payer,
      payerId: s.payerId,
      submitterId: ic.isa[6].trim(),
      submitterName: s.submitter,
      batchTrace: s.tx.segments.find((x) => x.id === 'BHT')?.elements[3] || s.tx.controlNumber,
      received: processed,
      processed,
      outcomes: s.outcomes,
    });
    return { code: '277', implementation: GUIDE_277CA.implementation, body: b };
  });
  return responseOf('277CA', buildDocument(options, { functionalId: 'HN', version: GUIDE_277CA.implementation }, bodies, partiesFor(ic)));
}

/** The answer to accepted sets of a row of the transaction-set table, in one interchange back to the sender. */
function answerWith(set: TransactionSetDescriptor, store: Store, options: EdiOptions, ic: ParsedInterchange, txs: ParsedTransaction[]): ResponseDocument {
  const { body, text } = bodyWriter(options);
  const today = options.asOf && options.asOf > formatDate(options.clock()) ? options.asOf : formatDate(options.clock());
  const bodies = txs.map((tx) => {
    const b = body();
    set.answer.write(b, text, store, tx, today);
    return { code: set.answer.guide.code, implementation: set.answer.guide.implementation, body: b };
  });
  const doc = buildDocument(options, { functionalId: set.answer.guide.functionalId, version: set.answer.guide.implementation }, bodies, partiesFor(ic));
  return responseOf(set.answer.kind as ResponseKind, doc);
}

/**
 * Processes one inbound interchange: envelope faults -> TA1; otherwise every set is validated against its
 * implementation guide. 270 -> 271 (plus a 999 when a set is rejected); 837 -> 999 and, for accepted sets,
 * claims stored with their EOBs in one transaction and a 277CA. Nothing is written unless accepted.
 * `only` rejects (999, IK5 code 1) sets of any other type, for endpoints that take one kind.
 */
export async function processInterchange(store: Store, options: EdiOptions, text: string, only?: InboundKind): Promise<ResponseDocument[]> {
  if (text.length > options.maxInboundBytes) {
    return unreadable(options, `interchange larger than ${options.maxInboundBytes} bytes`);
  }
  const parsed = parseInterchange(text);
  if (!parsed.ok) return [responseOf('TA1', writeTa1(options, parsed.error))];
  const ic = parsed.interchange;
  const out: ResponseDocument[] = [];
  if (ic.isa[14] === '1') out.push(responseOf('TA1', writeTa1(options, { code: '000', message: 'accepted', isa: ic.isa }, true)));
  // An interchange of TA1s only (a partner acknowledging our documents) needs no answer of its own.
  if (ic.groups.length === 0) return out;
  const acks = acknowledge(ic, only);
  const accepted = new Map<string, ParsedTransaction[]>();
  let has837 = false;
  let rejected = false;
  ic.groups.forEach((g, gi) => {
    g.transactions.forEach((tx, ti) => {
      if (tx.code === '837') has837 = true;
      if (!acks[gi].sets[ti].result.ok || acks[gi].groupCodes.length > 0) rejected = true;
      else accepted.set(tx.code, [...(accepted.get(tx.code) ?? []), tx]);
    });
  });
  const accepted270 = accepted.get('270') ?? [];
  const accepted837 = accepted.get('837') ?? [];
  const answered = TRANSACTION_SETS.filter((t) => accepted.has(t.id));
  // A 999 for claims always, and for inquiries only when one is rejected or none is answered.
  if (has837 || rejected || (accepted270.length === 0 && answered.length === 0)) out.push(write999(options, ic, acks));
  if (accepted270.length > 0) out.push(answer270s(store, options, ic, accepted270));
  for (const set of answered) out.push(answerWith(set, store, options, ic, accepted.get(set.id) ?? []));
  const ca = await accept837s(store, options, ic, accepted837);
  if (ca) out.push(ca);
  return out;
}
