import type { Steps } from '../../data-store/stepped.js';
import { CODE_SYSTEM } from '../../population/conventions.js';
import type { Claim, Coverage, Organization, Patient, Practitioner } from 'fhir/r4';
import type { Store } from '../../data-store/store.js';
import { formatOf, startDocument, type BuiltDocument, type PlannedDocument } from '../document.js';
import { ClaimDiagnoses, renderingOf } from '../fhir/claim-billing.js';
import { claimKind, claimParties, type ClaimParties, type ClaimType } from '../fhir/claim-view.js';
import { einOf, memberIdOf, payerIdOf, projectionOf, type Projection } from '../fhir/projection.js';
import { GUIDE_837I, GUIDE_837P } from '../guides/837.js';
import { GUIDE_837D } from '../guides/837d.js';
import { loopRule, type TransactionGuide } from '../guides/types.js';
import type { EdiCache } from '../cache.js';
import type { EdiOptions } from '../options.js';
import { ByteSink } from '../x12/byte-sink.js';
import { ordinal } from '../x12/compare.js';
import { stamp } from '../x12/format.js';
import type { SegmentBlock } from '../x12/transaction-body.js';
import { SegmentWriter, TransactionBody } from '../x12/writer.js';
import { addressSegments } from './address-segments.js';
import { orgNm1 } from './nm1.js';
import { providerName, writeInstitutional, writeProfessional, type ClaimLoopTools } from './837-claim-loops.js';
import { writePatient, writeSubscriber } from './837-member-loops.js';
import { writeDental } from './837-dental-loops.js';
import { otherPayerOf, type OtherPayer } from './837-other-payer.js';

export interface Emit837Options {
  type: ClaimType;
  /** Only claims created (Claim.created) at/after this date or instant. */
  since?: string;
  /** Only claims to this payer (payer id or Organization id). */
  payer?: string;
}

/**
 * A dependant's claim names the subscriber's member id from the subscriber's own coverage with the same
 * subscriber id: searched by beneficiary once per subscriber (only dependants' claims need it, so indexing
 * every Coverage would cost more).
 */
function subscriberCoverage(p: Projection, subscriber: Patient | undefined, claimCoverage: Coverage | undefined): Coverage | undefined {
  if (!subscriber?.id) return undefined;
  for (const c of p.coveragesOf(subscriber.id)) if (c.subscriberId === claimCoverage?.subscriberId) return c;
  return undefined;
}

/** Was the claim created at/after `since`? (Claim.created: the base population's meta.lastUpdated is the as-of instant for every resource, so it cannot tell new claims from old.) */
function changedSince(claim: Claim, since: string): boolean {
  return (claim.created ?? '') >= since;
}

/** What writing one document's loops shares: the store and its lookups, caches of repeated loops, one diagnosis list refilled per claim. */
interface DocumentContext extends ClaimLoopTools {
  store: Store;
  /** The EDI object's cache: member and claim loops are kept there by resource version. */
  cache: EdiCache;
  p: Projection;
  type: ClaimType;
  /** What kept loops are written for besides their resources: the claim type and formatOf the options. */
  format: string;
  /** Claims' and members' loops are written here one block at a time, and taken out as text. */
  scratch: TransactionBody;
  /** Claims (2300) per subscriber or patient loop: the guide's 2300 repeat (100); a member with more opens another. */
  claimsPerMember: number;
}

/**
 * A member's loops between its HL segments: 2000B/2010BA/2010BB (SBR to NM1*PR) and, for a patient who is
 * not the subscriber, 2000C/2010CA (PAT to DMG); with the resource versions they were written from.
 */
interface MemberLoops {
  format: string;
  patient?: Patient;
  subscriber?: Patient;
  subCoverage?: Coverage;
  payer?: Organization;
  payerId: string;
  subscriberLoops: SegmentBlock;
  patientLoops?: SegmentBlock;
}

/** A claim picked for the document, with its loops and its member's, worked out in store order. */
interface PickedClaim extends ClaimParties {
  payerId: string;
  loops: SegmentBlock;
  member: MemberLoops;
}

/**
 * Health care claims from Claim resources: 005010X222A1 (professional), 005010X223A2 (institutional) or 005010X224A2 (dental).
 * One transaction set per payer; HL 20 billing provider / 22 subscriber / 23 patient (only when the patient
 * is not the subscriber); CLM01 = patient control number, CLM02 = sum of line charges; LX from 1 per claim.
 */
export function* emit837(store: Store, options: EdiOptions, filter: Emit837Options): Steps<PlannedDocument> {
  const guide = filter.type === 'P' ? GUIDE_837P : filter.type === 'I' ? GUIDE_837I : GUIDE_837D;
  const ctx: DocumentContext = {
    store,
    cache: options.cache,
    p: projectionOf(store, options.cache),
    type: filter.type,
    renderingLoops: new Map(),
    diagnoses: new ClaimDiagnoses(),
    format: `${filter.type}${formatOf(options)}`,
    scratch: new TransactionBody(new SegmentWriter(options.delimiters), options.lineBreak, new ByteSink(4096)),
    claimsPerMember: loopRule(guide, '2300').repeat,
  };
  const byPayer = yield* pickClaims(ctx, filter);
  return { sets: byPayer.size, write: (numbers) => write837({ ...options, controlNumbers: numbers }, ctx, guide, byPayer) };
}

/** Claims picked or members written between two yields of the 837's steps. */
const PER_STEP = 32;

/** Writes the 837 of emit837, as steps: one transaction set per payer, in payer id order. */
function* write837(options: EdiOptions, ctx: DocumentContext, guide: TransactionGuide, byPayer: Map<string, PickedClaim[]>): Steps<BuiltDocument> {
  let written = 0;
  const t = stamp(options.clock());
  const doc = startDocument(options, { functionalId: guide.functionalId, version: guide.implementation }, byPayer.size);
  for (const [payerId, picked] of [...byPayer.entries()].sort(([a], [b]) => ordinal(a, b))) {
    const payer = picked[0].payer;
    const body = doc.transaction('837', guide.implementation);
    body.seg('BHT').el('0019').el('00').el(`${payerId}${t.date}${t.time}`.slice(0, 30)).el(t.date).el(t.time).el('CH').end();
    orgNm1(body, '41', options.ourId, { qualifier: '46', value: options.ourId });
    body.seg('PER').el('IC').el('EDI SUPPORT').el('TE').el('8005550100').end();
    orgNm1(body, '40', payer?.name ?? payerId, { qualifier: '46', value: payerId });
    let hl = 0;
    for (const members of byBillingAndMember(picked)) {
      const billingHl = ++hl;
      writeBillingProvider(body, billingHl, members[0][0].billing);
      for (const claims of members) {
        hl = writeMember(body, ctx, claims, billingHl, hl, payer);
        if (++written % PER_STEP === 0) yield;
      }
    }
  }
  return doc.finish();
}

/**
 * The claims the filter selects, by payer id, each with its loops and its member's, found kept or written
 * here: in store order, the order the resources were loaded in, rather than in the document's order, which
 * jumps about the heap (a document that writes every claim afresh is 5-10% faster so).
 */
function* pickClaims(ctx: DocumentContext, filter: Emit837Options): Steps<Map<string, PickedClaim[]>> {
  const byPayer = new Map<string, PickedClaim[]>();
  const payerIds = new Map<Organization | undefined, string>();
  let last: PickedClaim | undefined;
  let seen = 0;
  for (const claim of ctx.store.all<Claim>('Claim')) {
    if (++seen % PER_STEP === 0) yield;
    if (claim.status === 'entered-in-error') continue;
    if (filter.since && !changedSince(claim, filter.since)) continue;
    if (claimKind(claim) !== filter.type || !claim.item?.length) continue;
    const v = claimParties(claim, ctx.p);
    let payerId = payerIds.get(v.payer);
    if (payerId === undefined) payerIds.set(v.payer, (payerId = payerIdOf(v.payer)));
    if (filter.payer && filter.payer !== payerId && filter.payer !== v.payer?.id) continue;
    // Consecutive claims are mostly one member's.
    const sameMember = last && last.coverage === v.coverage && last.patient === v.patient && last.subscriber === v.subscriber && last.payer === v.payer;
    // Built field by field: a spread of the parties makes a slow, differently shaped object per claim.
    const picked: PickedClaim = {
      claim,
      patient: v.patient,
      coverage: v.coverage,
      subscriber: v.subscriber,
      payer: v.payer,
      billing: v.billing,
      payerId,
      loops: claimLoops(ctx, claim),
      member: sameMember ? (last as PickedClaim).member : memberLoops(ctx, v, v.payer, payerId),
    };
    last = picked;
    const list = byPayer.get(payerId);
    if (list) list.push(picked);
    else byPayer.set(payerId, [picked]);
  }
  return byPayer;
}

/** Loop 2000A (HL 20, PRV*BI with the NUCC taxonomy when known) and 2010AA: the billing provider's name, address (ZIP+4) and tax id. */
function writeBillingProvider(body: TransactionBody, hl: number, billing: ClaimParties['billing']): void {
  body.seg('HL').int(hl).at(3).el('20').el('1').end();
  const taxonomy = billing?.resourceType === 'Organization'
    ? billing.type?.flatMap((t) => t.coding ?? []).find((c) => c.system === CODE_SYSTEM.nuccTaxonomy)?.code : undefined;
  if (taxonomy) body.seg('PRV').el('BI').el('PXC').el(taxonomy).end();
  providerName(body, '85', billing);
  addressSegments(body, billing, true, true);
  const ein = billing?.resourceType === 'Organization' ? einOf(billing) : undefined;
  body.seg('REF').el('EI').el((ein ?? '000000000').replace(/[^0-9]/g, '').padStart(9, '0').slice(0, 9)).end();
}

/**
 * One member's HL 22 (and HL 23) with their loops, then their claims' loops, again for each further hundred
 * claims (the 2300 repeat per 2000B/2000C); returns the last HL number used.
 */
function writeMember(body: TransactionBody, ctx: DocumentContext, claims: PickedClaim[], billingHl: number, hl: number, payer: Organization | undefined): number {
  const v0 = claims[0];
  // The set's payer is its first claim's; another Organization with the same payer id names it differently.
  const member = v0.member.payer === payer ? v0.member : memberLoops(ctx, v0, payer, v0.payerId);
  for (let from = 0; from < claims.length; from += ctx.claimsPerMember) {
    const subscriberHl = ++hl;
    body.seg('HL').int(subscriberHl).int(billingHl).el('22').el(member.patientLoops ? '1' : '0').end();
    body.appendBlock(member.subscriberLoops);
    if (member.patientLoops) {
      body.seg('HL').int(++hl).int(subscriberHl).el('23').el('0').end();
      body.appendBlock(member.patientLoops);
    }
    const to = Math.min(claims.length, from + ctx.claimsPerMember);
    for (let i = from; i < to; i++) body.appendBlock(claims[i].loops);
  }
  return hl;
}

/**
 * Does the patient carry a member id of their own (on their Coverage, or as a Patient identifier) other than
 * the subscriber's? Then, by the 5010 rule (X222A1/X223A2 1.4.3.2.2, 2000C note: "if the patient can be
 * uniquely identified to the payer by a unique identification number, the patient is the subscriber"), they
 * are sent in 2000B as the subscriber, with no 2000C, as the 835's NM1*QC names them.
 */
function hasOwnMemberId(v: ClaimParties): boolean {
  const own = memberIdOf(v.patient, v.coverage);
  return own !== undefined && own !== memberIdOf(v.subscriber);
}

/**
 * Each member's loops as last written are kept by the claims' Coverage version (EdiCache blocks). Stored
 * versions are frozen (a write stores a new object), so they are reused while the patient, subscriber,
 * subscriber's coverage and payer versions, the payer id and the format are the same ones.
 */
const MEMBER_LOOPS = '837 member loops';

/** A member's loops: kept ones when still right, else written (and kept). */
function memberLoops(ctx: DocumentContext, v: ClaimParties, payer: Organization | undefined, payerId: string): MemberLoops {
  const patientIsSubscriber = !v.subscriber || v.subscriber === v.patient || hasOwnMemberId(v);
  // The subscriber's own member id: on the claim's coverage when the patient is the subscriber.
  const subCoverage = patientIsSubscriber ? v.coverage : subscriberCoverage(ctx.p, v.subscriber ?? v.patient, v.coverage);
  const written = v.coverage && ctx.cache.block<MemberLoops>(MEMBER_LOOPS, v.coverage);
  if (written && written.format === ctx.format && written.patient === v.patient && written.subscriber === v.subscriber
    && written.subCoverage === subCoverage && written.payer === payer && written.payerId === payerId) return written;
  writeSubscriber(ctx.scratch, v, payer, payerId, patientIsSubscriber, subCoverage);
  const subscriberLoops = ctx.scratch.takeBlock();
  let patientLoops: SegmentBlock | undefined;
  if (!patientIsSubscriber) {
    writePatient(ctx.scratch, v);
    patientLoops = ctx.scratch.takeBlock();
  }
  const loops: MemberLoops = { format: ctx.format, patient: v.patient, subscriber: v.subscriber, subCoverage, payer, payerId, subscriberLoops, patientLoops };
  if (v.coverage) ctx.cache.keepBlock(MEMBER_LOOPS, v.coverage, loops);
  return loops;
}

/**
 * Each claim's 2300/2400 loops as last written are kept by Claim version (EdiCache blocks), with what they were
 * written from: reused while the claim version, its rendering provider's and other payer's versions and the format are the same.
 */
const CLAIM_LOOPS = '837 claim loops';
type ClaimLoops = SegmentBlock & { format: string; rendering: Practitioner | undefined; other: OtherPayer | undefined };

const sameOther = (a: OtherPayer | undefined, b: OtherPayer | undefined): boolean =>
  a === b || (!!a && !!b && a.coverage === b.coverage && a.subscriber === b.subscriber && a.payer === b.payer);

/** A claim's loops: kept ones when still right, else written (and kept). */
function claimLoops(ctx: DocumentContext, claim: Claim): SegmentBlock {
  const rendering = renderingOf(claim, ctx.p);
  const other = otherPayerOf(ctx.p, claim);
  const written = ctx.cache.block<ClaimLoops>(CLAIM_LOOPS, claim);
  if (written && written.format === ctx.format && written.rendering === rendering && sameOther(written.other, other)) return written;
  if (ctx.type === 'P') writeProfessional(ctx.scratch, claim, rendering, ctx, other);
  else if (ctx.type === 'D') writeDental(ctx.scratch, claim, rendering, ctx, other);
  else writeInstitutional(ctx.scratch, claim, rendering, ctx, other);
  const block = ctx.scratch.takeBlock();
  const loops = { text: block.text, segments: block.segments, format: ctx.format, rendering, other };
  ctx.cache.keepBlock(CLAIM_LOOPS, claim, loops);
  return loops;
}

/**
 * A payer's claims grouped by billing provider, then by member (the claim's coverage and patient), each in a
 * stable order: billing providers by `Type/id`, members by `coverage id|patient id`. Grouped by the resources
 * themselves, so each group's sort key is made once rather than once per claim; a coverage's claims are nearly
 * always its beneficiary's, so they are split by patient only when they are not.
 */
function byBillingAndMember<T extends ClaimParties>(views: T[]): T[][][] {
  const groups = new Map<ClaimParties['billing'], Map<Coverage | undefined, T[]>>();
  for (const v of views) {
    let byCoverage = groups.get(v.billing);
    if (!byCoverage) groups.set(v.billing, (byCoverage = new Map()));
    const claims = byCoverage.get(v.coverage);
    if (claims) claims.push(v);
    else byCoverage.set(v.coverage, [v]);
  }
  const out: Array<{ key: string; members: T[][] }> = [];
  for (const [billing, byCoverage] of groups) {
    const members: Array<{ key: string; claims: T[] }> = [];
    for (const [coverage, claims] of byCoverage) {
      for (const one of byPatient(claims)) members.push({ key: `${coverage?.id ?? ''}|${one[0].patient?.id ?? ''}`, claims: one });
    }
    members.sort((a, b) => ordinal(a.key, b.key));
    out.push({ key: `${billing?.resourceType ?? ''}/${billing?.id ?? ''}`, members: members.map((m) => m.claims) });
  }
  out.sort((a, b) => ordinal(a.key, b.key));
  return out.map((g) => g.members);
}

/** Claims split by patient, in order of first appearance (the whole list when it is one patient's). */
function byPatient<T extends ClaimParties>(claims: T[]): T[][] {
  const patient = claims[0].patient;
  let mixed = false;
  for (let i = 1; i < claims.length && !mixed; i++) mixed = claims[i].patient !== patient;
  if (!mixed) return [claims];
  const split = new Map<Patient | undefined, T[]>();
  for (const v of claims) {
    const list = split.get(v.patient);
    if (list) list.push(v);
    else split.set(v.patient, [v]);
  }
  return [...split.values()];
}

