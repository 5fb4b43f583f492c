import type { Steps } from '../../data-store/stepped.js';
import type { Claim, Coverage, ExplanationOfBenefit, Organization, Patient, Practitioner } from 'fhir/r4';
import type { Store } from '../../data-store/store.js';
import { IDENTIFIER } from '../../population/conventions.js';
import { formatOf, startDocument, type BuiltDocument, type PlannedDocument, type Text } from '../document.js';
import { lineProcedure, writeModifiers } from '../fhir/claim-billing.js';
import { claimKind, patientControlNumberOf, typeOfBillOf } from '../fhir/claim-view.js';
import { einOf, memberIdOf, npiOf, payerIdOf, projectionOf, type Projection } from '../fhir/projection.js';
import { codeIn, identifierValue, personName, refId } from '../fhir/read.js';
import { personNm1 } from './nm1.js';
import { CAS_GROUPS, paidCentsOf, remitLine, type Adjustment, type RemitLine } from '../fhir/remittance.js';
import { GUIDE_835 } from '../guides/835.js';
import { remittanceFilingIndicator } from '../guides/claim-filing.js';
import type { EdiOptions } from '../options.js';
import type { SegmentBlock, TransactionBody } from '../x12/writer.js';
import { stamp } from '../x12/format.js';
import { formatDate } from '../../population/dates.js';
import { CODE_SYSTEM } from '../../population/conventions.js';
import { ordinal } from '../x12/compare.js';
import { addressSegments } from './address-segments.js';
import { maxOf } from '../guides/types.js';
import { positionsOf } from '../guides/positions.js';

/** Lengths from the 835 guide: N102, REF02, TRN02, CLP01, CLP07. */
const MAX = {
  name: maxOf(GUIDE_835, 'N1', 2),
  ref: maxOf(GUIDE_835, 'REF', 2),
  trace: maxOf(GUIDE_835, 'TRN', 2),
  pcn: maxOf(GUIDE_835, 'CLP', 1),
  payerClaim: maxOf(GUIDE_835, 'CLP', 7),
};

export interface Emit835Options {
  /** Only EOBs created (EOB.created, the processing date) at/after this date or instant. */
  since?: string;
  /** Only this payer (payer id or Organization id). */
  payer?: string;
}

/** TRN03: '1' followed by the payer's 9-digit EIN (or 9 digits derived from its payer id). */
function originatorId(payer: Organization | undefined): string {
  const ein = einOf(payer)?.replace(/[^0-9]/g, '');
  if (ein && ein.length === 9) return `1${ein}`;
  let h = 0;
  for (const ch of payerIdOf(payer)) h = (h * 31 + ch.charCodeAt(0)) % 1_000_000_000;
  return `1${String(h).padStart(9, '0')}`;
}

type EobItem = NonNullable<ExplanationOfBenefit['item']>[number];

interface Remittance {
  payer?: Organization;
  payee?: Organization | Practitioner;
  trace?: string;
  claims: Remitted[];
}

/** An EOB picked for the document; its money is worked out only when its claim is written (see writeClaim). */
interface Remitted {
  /** CLP01: the 837's CLM01. */
  pcn: string;
  eob: ExplanationOfBenefit;
  claim?: Claim;
  patient?: Patient;
  coverage?: Coverage;
  /** Its loops as written for an earlier document, when still right for this one. */
  written?: WrittenRemittance;
}

/**
 * Each EOB's loops 2100/2110 (CLP to its last service line) as last written, with what they were written
 * from: stored versions never change in place, so they are copied into the next document while the EOB, claim,
 * patient and coverage versions and the format are the same ones. Entries go with the EOB version.
 */
interface WrittenRemittance extends SegmentBlock {
  format: string;
  claim?: Claim;
  patient?: Patient;
  coverage?: Coverage;
  /** The EOB's benefit paid, for BPR02. */
  paidCents: number;
}
/** Kept by EOB version in the EDI object's cache (EdiCache blocks). */
const REMITTANCE = '835 remittance';

/**
 * Claim payment/advice from ExplanationOfBenefit resources (005010X221A1; ST03 not used). One transaction
 * set per (payer, payee); CLP01 echoes the 837's CLM01; CAS derived from the EOB adjudication. Balanced:
 * SVC02 - sum(CAS) = SVC03, CLP03 - sum(CAS) = CLP04, BPR02 = sum(CLP04) - sum(PLB) (no PLB is issued).
 */
export function* emit835(store: Store, options: EdiOptions, filter: Emit835Options = {}): Steps<PlannedDocument> {
  const p = projectionOf(store, options.cache);

  const groups = new Map<string, Remittance>();
  let seen = 0;
  for (const eob of store.all<ExplanationOfBenefit>('ExplanationOfBenefit')) {
    if (++seen % PER_STEP === 0) yield;
    if (eob.status === 'entered-in-error' || eob.status === 'draft') continue;
    if (eob.outcome === 'queued') continue; // pended: nothing is paid or adjusted until it is adjudicated
    // EOB.created (the processing date); meta.lastUpdated is the as-of instant for the whole base population.
    if (filter.since && (eob.created ?? '') < filter.since) continue;
    if (!eob.item?.length) continue;
    // Pharmacy claims are billed in NCPDP D.0 (not an 837) and paid by the pharmacy benefit manager in its own cycle
    // (X221A1 allows an NDC in SVC01 for that); this 835 remits the 837 claims (CLP01 echoes CLM01), so they stay out.
    if (codeIn(eob.type, CODE_SYSTEM.claimType) === 'pharmacy') continue;
    const payer = p.organizations.ref(eob.insurer);
    if (filter.payer && filter.payer !== payerIdOf(payer) && filter.payer !== payer?.id) continue;
    const payee = p.organizations.ref(eob.provider) ?? p.practitioners.ref(eob.provider);
    const claim = p.claims.get(refId(eob.claim, 'Claim') ?? ''); // one EOB per claim: nothing to remember
    const pcn = claim ? patientControlNumberOf(claim) : identifierValue(eob.identifier, IDENTIFIER.patientControlNumber) ?? eob.id ?? '';
    // One transaction set per payment: same payer, payee and payment trace (EOB.payment.identifier).
    const trace = eob.payment?.identifier?.value;
    const key = `${payer?.id ?? ''}|${payee?.resourceType ?? ''}/${payee?.id ?? ''}|${trace ?? eob.payment?.date ?? ''}`;
    const g = groups.get(key);
    if (g) g.claims.push({ pcn, eob, claim });
    else groups.set(key, { payer, payee, trace, claims: [{ pcn, eob, claim }] });
  }

  return { sets: groups.size, write: (numbers) => write835({ ...options, controlNumbers: numbers }, p, groups) };
}

/** EOBs picked or remittances written between two yields of the 835's steps. */
const PER_STEP = 64;

/** Writes the 835 of emit835, as steps: one transaction set per payment, in key order. */
function* write835(options: EdiOptions, p: Projection, groups: Map<string, Remittance>): Steps<BuiltDocument> {
  let done = 0;
  const today = formatDate(options.clock());
  const t = stamp(options.clock());
  // Payer and payee loops repeat verbatim in every set paying them: written once, then copied.
  const payerLoops = new Map<Organization | undefined, SegmentBlock>();
  const payeeLoops = new Map<Organization | Practitioner | undefined, SegmentBlock>();
  const originatorIds = new Map<Organization | undefined, string>();
  let checkSeq = 0;
  const doc = startDocument(options, { functionalId: GUIDE_835.functionalId, version: GUIDE_835.implementation }, groups.size);
  const text = doc.text;
  const format = formatOf(options);
  for (const key of [...groups.keys()].sort()) {
    const { payer, payee, trace, claims: picked } = groups.get(key) as Remittance;
    picked.sort((a, b) => ordinal(a.pcn, b.pcn) || ordinal(a.eob.id ?? '', b.eob.id ?? ''));
    const body = doc.transaction('835');
    let total = 0;
    let payDate = '';
    for (const r of picked) {
      r.patient = p.patients.ref(r.eob.patient);
      r.coverage = p.coverages.ref(r.eob.insurance?.[0]?.coverage);
      const w = options.cache.block<WrittenRemittance>(REMITTANCE, r.eob);
      if (w && w.format === format && w.claim === r.claim && w.patient === r.patient && w.coverage === r.coverage) r.written = w;
      total += r.written ? r.written.paidCents : paidCentsOf(r.eob);
      const paid = r.eob.payment?.date ?? '';
      if (paid > payDate) payDate = paid;
    }
    payDate ||= today;
    if (total > 0) body.seg('BPR').el('I').money(total).el('C').el('CHK');
    else body.seg('BPR').el('H').el('0').el('C').el('NON');
    // BPR05-BPR15 (payment method format and bank accounts) are not sent; BPR16 is the payment date.
    body.at(16).date(payDate).end();
    ++checkSeq;
    let originator = originatorIds.get(payer);
    if (originator === undefined) originatorIds.set(payer, (originator = originatorId(payer)));
    body.seg('TRN').el('1').text(trace, MAX.trace, `${t.date}${String(checkSeq).padStart(6, '0')}`).el(originator).end();
    body.seg('DTM').el('405').date(payDate).end();
    body.addRepeated(payerLoops, payer, () => writePayer(body, text, payer));
    body.addRepeated(payeeLoops, payee, () => writePayee(body, text, payee));
    body.seg('LX').el('1').end();
    for (const r of picked) {
      if (++done % PER_STEP === 0) yield;
      if (r.written) body.appendBlock(r.written);
      else {
        const mark = body.mark();
        const paidCents = writeClaim(body, r);
        const block = body.blockSince(mark);
        options.cache.keepBlock(REMITTANCE, r.eob, { text: block.text, segments: block.segments, format, claim: r.claim, patient: r.patient, coverage: r.coverage, paidCents });
      }
    }
  }
  return doc.finish();
}


/** Loop 1000A: payer identification. */
function writePayer(body: TransactionBody, text: Text, payer: Organization | undefined): void {
  const payerId = payerIdOf(payer);
  body.seg('N1').el('PR').el(text(payer?.name ?? payerId, MAX.name)).end();
  addressSegments(body, payer, true);
  body.seg('REF').el('2U').el(text(payerId, MAX.ref)).end();
  body.seg('PER').el('BL').el('EDI SUPPORT').el('TE').el('8005550100').end();
}

/** Loop 1000B: payee identification. */
function writePayee(body: TransactionBody, text: Text, payee: Organization | Practitioner | undefined): void {
  const npi = npiOf(payee);
  const payeeName = payee?.resourceType === 'Practitioner' ? `${personName(payee.name).given} ${personName(payee.name).family}` : payee?.name;
  body.seg('N1').el('PE').el(text(payeeName ?? 'UNKNOWN PAYEE', MAX.name)).el(npi ? 'XX' : 'FI').el(npi ?? (payee?.resourceType === 'Organization' ? einOf(payee) : undefined) ?? '000000000').end();
  addressSegments(body, payee, false);
  const ein = payee?.resourceType === 'Organization' ? einOf(payee) : undefined;
  if (ein) body.seg('REF').el('TJ').el(ein.replace(/[^0-9]/g, '')).end();
}

/**
 * Loop 2100 (CLP, NM1*QC, DTM) and its 2110 service lines; the line money is worked out here and dropped once
 * written. Returns the benefit paid (as paidCentsOf counts it).
 */
function writeClaim(body: TransactionBody, r: Remitted): number {
  const items = r.eob.item ?? [];
  const lines: RemitLine[] = [];
  let chargeCents = 0;
  let paidCents = 0;
  let patientCents = 0;
  let allDenied = true;
  for (const item of items) {
    const remit = remitLine(item.adjudication, item.net?.value);
    lines.push(remit);
    chargeCents += remit.submittedCents;
    paidCents += remit.paidCents;
    for (const a of remit.adjustments) if (a.group === 'PR') patientCents += a.cents;
    if (!remit.denied) allDenied = false;
  }
  const claim = r.claim;
  const kind = claim ? claimKind(claim) : undefined;
  const pos = claim?.item?.[0]?.locationCodeableConcept ? codeIn(claim.item[0].locationCodeableConcept, CODE_SYSTEM.placeOfService) : undefined;
  const facility = kind === 'I' ? (typeOfBillOf(claim)?.replace(/^0/, '') ?? '131').slice(0, 2) : pos ?? '11';
  const payerClaim = identifierValue(r.eob.identifier, IDENTIFIER.payerClaimNumber) ?? r.eob.id;
  const { patient, coverage } = r;
  // CLP02: 4 denied, 2 processed as secondary (the EOB lists the primary's Coverage as not focal), else 1 primary.
  const processedAs = r.eob.insurance?.some((i) => !i.focal) ? '2' : '1';
  body.seg('CLP').text(r.pcn, MAX.pcn).el(allDenied ? '4' : processedAs).money(chargeCents).money(paidCents)
    .money(patientCents !== 0 ? patientCents : undefined) // CLP05 only when the patient owes something
    .el(remittanceFilingIndicator(coverage?.type?.text)).text(payerClaim, MAX.payerClaim).el(facility).el('1').end();
  personNm1(body, 'QC', patient?.name, { qualifier: 'MI', value: memberIdOf(patient, coverage) });
  const start = claim?.billablePeriod?.start ?? r.eob.billablePeriod?.start;
  const end = claim?.billablePeriod?.end ?? r.eob.billablePeriod?.end ?? start;
  if (start) body.seg('DTM').el('232').date(start).end();
  if (end) body.seg('DTM').el('233').date(end).end();
  for (let i = 0; i < lines.length; i++) writeServiceLine(body, items[i], lines[i]);
  return paidCents; // each line's benefit, summed as paidCentsOf sums them
}

/** Loop 2110: SVC, DTM*472, CAS by group, AMT*B6 allowed (unless denied). */
function writeServiceLine(body: TransactionBody, item: EobItem, remit: RemitLine): void {
  const code = lineProcedure(item);
  const revenue = item.revenue?.coding?.[0]?.code;
  const units = item.quantity?.value;
  const cdt = codeIn(item.productOrService, CODE_SYSTEM.cdt);
  body.seg('SVC');
  if (cdt) body.el('AD').sub(cdt);
  else if (code) {
    body.el('HC').sub(code);
    writeModifiers(body, item.modifier);
  } else body.el('NU').sub(revenue ?? '0001');
  body.money(remit.submittedCents).money(remit.paidCents).el(code && revenue ? revenue : undefined);
  if (units !== undefined && units !== 1) body.int(units);
  body.end();
  const date = item.servicedDate ?? item.servicedPeriod?.start;
  if (date) body.seg('DTM').el('472').date(date).end();
  writeAdjustments(body, remit.adjustments);
  if (!remit.denied) body.seg('AMT').el('B6').money(remit.allowedCents).end();
}

/** CAS02, 05, ... 17: where each reason/amount/quantity triplet starts (the guide's reason code, data element 1034). */
const CAS_REASON_AT = positionsOf(GUIDE_835, 'CAS', '1034');

/** CAS segments: one per group (CO, OA, PI, PR), at most six reason/amount/quantity triplets each (CAS04 quantity left empty); zero amounts left out. */
function writeAdjustments(body: TransactionBody, adjustments: Adjustment[]): void {
  for (const group of CAS_GROUPS) {
    let triplets = 0;
    for (const a of adjustments) {
      if (a.group !== group || a.cents === 0) continue;
      if (triplets === CAS_REASON_AT.length) {
        body.end();
        triplets = 0;
      }
      if (triplets === 0) body.seg('CAS').el(group);
      body.at(CAS_REASON_AT[triplets]).el(a.reason).money(a.cents);
      triplets++;
    }
    if (triplets > 0) body.end();
  }
}
