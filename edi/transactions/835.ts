import type { Claim, ExplanationOfBenefit, Organization, Practitioner } from 'fhir/r4';
import type { Store } from '../../data-store/store.js';
import { IDENTIFIER } from '../../population/conventions.js';
import { bodyWriter, buildDocument, type BuiltDocument } from '../document.js';
import { claimKind, modifierCodes, patientControlNumberOf, typeOfBillOf } from '../fhir/claim-view.js';
import { einOf, memberIdOf, npiOf, payerIdOf, projectionOf, type Projection } from '../fhir/projection.js';
import { codeIn, identifierValue, personName, refId } from '../fhir/read.js';
import { casSegments, remitLine, type RemitLine } from '../fhir/remittance.js';
import { GUIDE_835 } from '../guides/835.js';
import { claimFilingIndicator } from '../guides/claim-filing.js';
import type { EdiOptions } from '../options.js';
import type { SegmentBlock, TransactionBody } from '../x12/writer.js';
import { amount, stamp, x12Date } from '../x12/format.js';
import { formatDate } from '../../population/dates.js';
import { CODE_SYSTEM } from '../../population/conventions.js';
import { ordinal } from '../x12/compare.js';
import { addressSegments, type Text } from './address-segments.js';

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

interface Remittance {
  payer?: Organization;
  payee?: Organization | Practitioner;
  trace?: string;
  claims: Remitted[];
}

/** An EOB picked for the document; its money is worked out only when its transaction set is written. */
interface Remitted {
  /** CLP01: the 837's CLM01. */
  pcn: string;
  eob: ExplanationOfBenefit;
  claim?: Claim;
}

interface RemitClaim extends Remitted {
  lines: Array<{ item: NonNullable<ExplanationOfBenefit['item']>[number]; remit: RemitLine }>;
  chargeCents: number;
  paidCents: number;
  patientCents: number;
}

/** CLP amounts from the EOB's lines (computed per transaction set, so they are short-lived garbage rather than promoted to old space). */
function remitClaim(r: Remitted): RemitClaim {
  const lines = (r.eob.item ?? []).map((item) => ({ item, remit: remitLine(item.adjudication, item.net?.value) }));
  let chargeCents = 0;
  let paidCents = 0;
  let patientCents = 0;
  for (const l of lines) {
    chargeCents += l.remit.submittedCents;
    paidCents += l.remit.paidCents;
    for (const a of l.remit.adjustments) if (a.group === 'PR') patientCents += a.cents;
  }
  return { ...r, lines, chargeCents, paidCents, patientCents };
}

/**
 * Claim payment/advice from ExplanationOfBenefit resources (005010X221A1; ST03 not used). One transaction
 * set per (payer, payee); CLP01 echoes the 837's CLM01; CAS derived from the EOB adjudication. Balanced:
 * SVC02 - sum(CAS) = SVC03, CLP03 - sum(CAS) = CLP04, BPR02 = sum(CLP04) - sum(PLB) (no PLB is issued).
 */
export function emit835(store: Store, options: EdiOptions, filter: Emit835Options = {}): BuiltDocument {
  const p = projectionOf(store);
  const { body: newBody, text } = bodyWriter(options);
  const today = formatDate(options.clock());
  const t = stamp(options.clock());

  const groups = new Map<string, Remittance>();
  for (const eob of store.all<ExplanationOfBenefit>('ExplanationOfBenefit')) {
    if (eob.status === 'entered-in-error' || eob.status === 'draft') continue;
    // EOB.created (the processing date); meta.lastUpdated is the as-of instant for the whole base population.
    if (filter.since && (eob.created ?? '') < filter.since) continue;
    if (!eob.item?.length) continue;
    const payer = p.organizations.get(refId(eob.insurer, 'Organization') ?? '');
    if (filter.payer && filter.payer !== payerIdOf(payer) && filter.payer !== payer?.id) continue;
    const payee = p.organizations.get(refId(eob.provider, 'Organization') ?? '') ?? p.practitioners.get(refId(eob.provider, 'Practitioner') ?? '');
    const claim = p.claims.get(refId(eob.claim, 'Claim') ?? '');
    const pcn = claim ? patientControlNumberOf(claim) : identifierValue(eob.identifier, IDENTIFIER.patientControlNumber) ?? eob.id ?? '';
    // One transaction set per payment: same payer, payee and payment trace (EOB.payment.identifier).
    const trace = eob.payment?.identifier?.value;
    const key = `${payer?.id ?? ''}|${payee?.resourceType ?? ''}/${payee?.id ?? ''}|${trace ?? eob.payment?.date ?? ''}`;
    const g = groups.get(key);
    if (g) g.claims.push({ pcn, eob, claim });
    else groups.set(key, { payer, payee, trace, claims: [{ pcn, eob, claim }] });
  }

  // Payer and payee loops repeat verbatim in every set paying them: written once, then copied.
  const payerLoops = new Map<Organization | undefined, SegmentBlock>();
  const payeeLoops = new Map<Organization | Practitioner | undefined, SegmentBlock>();
  const originatorIds = new Map<Organization | undefined, string>();
  let checkSeq = 0;
  const transactions = [...groups.keys()].sort().map((key) => {
    const { payer, payee, trace, claims: picked } = groups.get(key) as Remittance;
    picked.sort((a, b) => ordinal(a.pcn, b.pcn) || ordinal(a.eob.id ?? '', b.eob.id ?? ''));
    const claims = picked.map(remitClaim);
    const body = newBody();
    let total = 0;
    let payDate = '';
    for (const c of claims) {
      total += c.paidCents;
      const paid = c.eob.payment?.date ?? '';
      if (paid > payDate) payDate = paid;
    }
    payDate ||= today;
    if (total > 0) body.add('BPR', 'I', amount(total / 100), 'C', 'CHK', ...NO_ACCOUNT, x12Date(payDate));
    else body.add('BPR', 'H', '0', 'C', 'NON', ...NO_ACCOUNT, x12Date(payDate));
    ++checkSeq;
    let originator = originatorIds.get(payer);
    if (originator === undefined) originatorIds.set(payer, (originator = originatorId(payer)));
    body.add('TRN', '1', text(trace, 50) || `${t.date}${String(checkSeq).padStart(6, '0')}`, originator);
    body.add('DTM', '405', x12Date(payDate));
    body.addRepeated(payerLoops, payer, () => writePayer(body, text, payer));
    body.addRepeated(payeeLoops, payee, () => writePayee(body, text, payee));
    body.add('LX', '1');
    for (const c of claims) writeClaim(body, text, c, p);
    return { code: '835', body };
  });
  return buildDocument(options, { functionalId: GUIDE_835.functionalId, version: GUIDE_835.implementation }, transactions);
}

/** BPR04-BPR15 (payment method format and bank accounts) are not sent. */
const NO_ACCOUNT: undefined[] = Array(11).fill(undefined);

/** Loop 1000A: payer identification. */
function writePayer(body: TransactionBody, text: Text, payer: Organization | undefined): void {
  const payerId = payerIdOf(payer);
  body.add('N1', 'PR', text(payer?.name ?? payerId, 60));
  addressSegments(body, text, payer, true);
  body.add('REF', '2U', text(payerId, 50));
  body.add('PER', 'BL', 'EDI SUPPORT', 'TE', '8005550100');
}

/** Loop 1000B: payee identification. */
function writePayee(body: TransactionBody, text: Text, payee: Organization | Practitioner | undefined): void {
  const npi = npiOf(payee);
  const payeeName = payee?.resourceType === 'Practitioner' ? `${personName(payee.name).given} ${personName(payee.name).family}` : payee?.name;
  body.add('N1', 'PE', text(payeeName ?? 'UNKNOWN PAYEE', 60), npi ? 'XX' : 'FI', npi ?? (payee?.resourceType === 'Organization' ? einOf(payee) : undefined) ?? '000000000');
  addressSegments(body, text, payee, false);
  const ein = payee?.resourceType === 'Organization' ? einOf(payee) : undefined;
  if (ein) body.add('REF', 'TJ', ein.replace(/[^0-9]/g, ''));
}

function writeClaim(body: TransactionBody, text: Text, c: RemitClaim, p: Projection): void {
  const allDenied = c.lines.every((l) => l.remit.denied);
  const kind = c.claim ? claimKind(c.claim) : undefined;
  const pcn = c.pcn;
  const pos = c.claim?.item?.[0]?.locationCodeableConcept ? codeIn(c.claim.item[0].locationCodeableConcept, CODE_SYSTEM.placeOfService) : undefined;
  const facility = kind === 'I' ? (typeOfBillOf(c.claim)?.replace(/^0/, '') ?? '131').slice(0, 2) : pos ?? '11';
  const payerClaim = identifierValue(c.eob.identifier, IDENTIFIER.payerClaimNumber) ?? c.eob.id;
  const patient = p.patients.get(refId(c.eob.patient, 'Patient') ?? '');
  const coverage = p.coverages.get(refId(c.eob.insurance?.[0]?.coverage, 'Coverage') ?? '');
  body.add('CLP', text(pcn, 38), allDenied ? '4' : '1', amount(c.chargeCents / 100), amount(c.paidCents / 100), c.patientCents !== 0 ? amount(c.patientCents / 100) : undefined, claimFilingIndicator(coverage?.type?.text), text(payerClaim, 50), facility, '1');
  const n = personName(patient?.name);
  const memberId = memberIdOf(patient, coverage);
  body.add('NM1', 'QC', '1', text(n.family, 60), text(n.given, 35), text(n.middle, 25), undefined, text(n.suffix, 10), memberId ? 'MI' : undefined, memberId);
  const start = c.claim?.billablePeriod?.start ?? c.eob.billablePeriod?.start;
  const end = c.claim?.billablePeriod?.end ?? c.eob.billablePeriod?.end ?? start;
  if (start) body.add('DTM', '232', x12Date(start));
  if (end) body.add('DTM', '233', x12Date(end));
  for (const { item, remit } of c.lines) {
    const code = codeIn(item.productOrService, CODE_SYSTEM.cpt) ?? codeIn(item.productOrService, CODE_SYSTEM.hcpcs) ?? '';
    const revenue = item.revenue?.coding?.[0]?.code;
    const modifiers = modifierCodes(item.modifier);
    const units = item.quantity?.value;
    const svc01 = code ? ['HC', code, ...modifiers] : ['NU', revenue ?? '0001'];
    body.add('SVC', svc01, amount(remit.submittedCents / 100), amount(remit.paidCents / 100), code && revenue ? revenue : undefined, units !== undefined && units !== 1 ? String(units) : undefined);
    const date = item.servicedDate ?? item.servicedPeriod?.start;
    if (date) body.add('DTM', '472', x12Date(date));
    for (const cas of casSegments(remit.adjustments)) {
      const elements: Array<string | undefined> = [cas.group];
      for (const a of cas.items) elements.push(a.reason, amount(a.cents / 100), undefined);
      body.add('CAS', ...elements);
    }
    if (!remit.denied) body.add('AMT', 'B6', amount(remit.allowedCents / 100));
  }
}
