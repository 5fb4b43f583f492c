import type { Claim, Coverage, Organization, Patient, Practitioner } from 'fhir/r4';
import type { Store } from '../../data-store/store.js';
import { startDocument, type BuiltDocument } from '../document.js';
import { claimDetail, claimKind, claimParties, diagnosisPointer, type ClaimDetail, type ClaimParties } from '../fhir/claim-view.js';
import { coveragesOf } from '../fhir/members.js';
import { coverageClass, einOf, memberIdOf, npiOf, payerIdOf, projectionOf } from '../fhir/projection.js';
import { personName, x12Diagnosis, x12Gender } from '../fhir/read.js';
import { GUIDE_837I, GUIDE_837P } from '../guides/837.js';
import { claimFilingIndicator } from '../guides/claim-filing.js';
import type { EdiOptions } from '../options.js';
import type { SegmentBlock } from '../x12/transaction-body.js';
import type { TransactionBody } from '../x12/writer.js';
import { stamp, x12Date } from '../x12/format.js';
import { ordinal } from '../x12/compare.js';
import { addressSegments, type Text } from './address-segments.js';

export interface Emit837Options {
  type: 'P' | 'I';
  /** Only claims created (Claim.created) at/after this date or instant. */
  since?: string;
  /** Only claims to this payer (payer id or Organization id). */
  payer?: string;
}

/** NM1 for a provider: a person (entity type 1) or an organization (2), with its NPI. */
function providerName(body: TransactionBody, entity: string, who: Organization | Practitioner | undefined): void {
  const npi = npiOf(who);
  if (who?.resourceType === 'Practitioner') {
    const n = personName(who.name);
    body.seg('NM1').el(entity).el('1').text(n.family, 60).text(n.given, 35).text(n.middle, 25).skip(2);
  } else {
    body.seg('NM1').el(entity).el('2').text(who?.name ?? 'UNKNOWN PROVIDER', 60).skip(4);
  }
  body.el(npi ? 'XX' : undefined).el(npi).end();
}

/** The NM1 of each rendering (or attending) provider, encoded once per document: a few hundred practitioners render 10,000 claims. */
type RenderingLoops = Map<Practitioner, SegmentBlock>;

/** NM1*82 (professional) or NM1*71 (institutional) for a claim's rendering provider. */
function renderingProvider(body: TransactionBody, entity: '82' | '71', who: Practitioner, loops: RenderingLoops): void {
  body.addRepeated(loops, who, () => providerName(body, entity, who));
}

/**
 * A dependant's claim names the subscriber's member id from the subscriber's own coverage with the same
 * subscriber id: searched by beneficiary once per subscriber (only dependants' claims need it, so indexing
 * every Coverage would cost more).
 */
function subscriberCoverage(store: Store, cache: Map<string, Coverage[]>, subscriber: Patient | undefined, claimCoverage: Coverage | undefined): Coverage | undefined {
  if (!subscriber?.id) return undefined;
  let coverages = cache.get(subscriber.id);
  if (!coverages) cache.set(subscriber.id, (coverages = coveragesOf(store, subscriber.id)));
  for (const c of coverages) if (c.subscriberId === claimCoverage?.subscriberId) return c;
  return undefined;
}

/** Was the claim created at/after `since`? (Claim.created: the base population's meta.lastUpdated is the as-of instant for every resource, so it cannot tell new claims from old.) */
function changedSince(claim: Claim, since: string): boolean {
  return (claim.created ?? '') >= since;
}

/**
 * Health care claims from Claim resources: 005010X222A1 (professional) or 005010X223A2 (institutional).
 * One transaction set per payer; HL 20 billing provider / 22 subscriber / 23 patient (only when the patient
 * is not the subscriber); CLM01 = patient control number, CLM02 = sum of line charges; LX from 1 per claim.
 */
export function emit837(store: Store, options: EdiOptions, filter: Emit837Options): BuiltDocument {
  const guide = filter.type === 'P' ? GUIDE_837P : GUIDE_837I;
  const p = projectionOf(store);
  const t = stamp(options.clock());

  const byPayer = new Map<string, ClaimParties[]>();
  for (const claim of store.all<Claim>('Claim')) {
    if (claim.status === 'entered-in-error') continue;
    if (filter.since && !changedSince(claim, filter.since)) continue;
    if (claimKind(claim) !== filter.type || !claim.item?.length) continue;
    const v = claimParties(claim, p);
    if (!v) continue;
    const payerId = payerIdOf(v.payer);
    if (filter.payer && filter.payer !== payerId && filter.payer !== v.payer?.id) continue;
    const list = byPayer.get(payerId) ?? [];
    list.push(v);
    byPayer.set(payerId, list);
  }

  const subscribersCoverages = new Map<string, Coverage[]>();
  const renderingLoops: RenderingLoops = new Map();
  const doc = startDocument(options, { functionalId: guide.functionalId, version: guide.implementation }, byPayer.size);
  const text = doc.text;
  for (const [payerId, views] of [...byPayer.entries()].sort(([a], [b]) => ordinal(a, b))) {
    const body = doc.transaction('837', guide.implementation);
    const payer = views[0].payer;
    body.add('BHT', '0019', '00', `${payerId}${t.date}${t.time}`.slice(0, 30), t.date, t.time, 'CH');
    body.add('NM1', '41', '2', text(options.ourId, 60), undefined, undefined, undefined, undefined, '46', options.ourId);
    body.add('PER', 'IC', 'EDI SUPPORT', 'TE', '8005550100');
    body.add('NM1', '40', '2', text(payer?.name ?? payerId, 60), undefined, undefined, undefined, undefined, '46', payerId);

    // Group: billing provider -> (subscriber, patient) -> claims, in a stable order.
    const groups = new Map<string, Map<string, ClaimParties[]>>();
    for (const v of views) {
      const bKey = `${v.billing?.resourceType ?? ''}/${v.billing?.id ?? ''}`;
      const sKey = `${v.coverage?.id ?? ''}|${v.patient?.id ?? ''}`;
      const g = groups.get(bKey) ?? new Map<string, ClaimParties[]>();
      const list = g.get(sKey) ?? [];
      list.push(v);
      g.set(sKey, list);
      groups.set(bKey, g);
    }
    let hl = 0;
    for (const bKey of [...groups.keys()].sort()) {
      const members = groups.get(bKey) as Map<string, ClaimParties[]>;
      const first = (members.values().next().value as ClaimParties[])[0];
      const billingHl = ++hl;
      body.seg('HL').int(billingHl).skip(1).el('20').el('1').end();
      providerName(body, '85', first.billing);
      addressSegments(body, text, first.billing, true, true);
      const ein = first.billing?.resourceType === 'Organization' ? einOf(first.billing) : undefined;
      body.add('REF', 'EI', (ein ?? '000000000').replace(/[^0-9]/g, '').padStart(9, '0').slice(0, 9));
      for (const sKey of [...members.keys()].sort()) {
        const claims = members.get(sKey) as ClaimParties[];
        const v0 = claims[0];
        const patientIsSubscriber = !v0.subscriber || v0.subscriber === v0.patient;
        const subscriberHl = ++hl;
        body.seg('HL').int(subscriberHl).int(billingHl).el('22').el(patientIsSubscriber ? '0' : '1').end();
        body.seg('SBR').el('P').el(patientIsSubscriber ? '18' : undefined).text(coverageClass(v0.coverage, 'group').value, 50).skip(5)
          .el(claimFilingIndicator(v0.coverage?.type?.text)).end();
        const sub = v0.subscriber ?? v0.patient;
        const sn = personName(sub?.name);
        // The subscriber's own member id: on the claim's coverage when the patient is the subscriber.
        const subCoverage = patientIsSubscriber ? v0.coverage : subscriberCoverage(store, subscribersCoverages, sub, v0.coverage);
        const subscriberMemberId = memberIdOf(sub, subCoverage) ?? v0.coverage?.subscriberId ?? '';
        body.seg('NM1').el('IL').el('1').text(sn.family, 60).text(sn.given, 35).text(sn.middle, 25).skip(1).text(sn.suffix, 10)
          .el('MI').el(subscriberMemberId).end();
        if (patientIsSubscriber) {
          addressSegments(body, text, sub, false);
          if (sub?.birthDate) body.seg('DMG').el('D8').date(sub.birthDate).el(x12Gender(sub.gender)).end();
        }
        body.seg('NM1').el('PR').el('2').text(payer?.name ?? payerId, 60).skip(4).el('PI').el(payerId).end();
        if (!patientIsSubscriber) {
          body.seg('HL').int(++hl).int(subscriberHl).el('23').el('0').end();
          body.add('PAT', v0.coverage?.relationship?.coding?.[0]?.code === 'spouse' ? '01' : '19');
          const pn = personName(v0.patient?.name);
          body.seg('NM1').el('QC').el('1').text(pn.family, 60).text(pn.given, 35).text(pn.middle, 25).skip(1).text(pn.suffix, 10).end();
          addressSegments(body, text, v0.patient, true);
          body.seg('DMG').el('D8').date(v0.patient?.birthDate ?? '19000101').el(x12Gender(v0.patient?.gender)).end();
        }
        for (const v of claims) {
          const detail = claimDetail(v.claim, p);
          if (filter.type === 'P') writeProfessional(body, detail, renderingLoops);
          else writeInstitutional(body, detail, renderingLoops);
        }
      }
    }
  }
  return doc.finish();
}

/** HI (professional): one diagnosis per element, the first with the principal qualifier (ABK), the rest ABF. */
function diagnosisSegment(body: TransactionBody, diagnoses: ClaimDetail['diagnoses']): void {
  body.seg('HI');
  for (let i = 0; i < diagnoses.length; i++) body.el(i === 0 ? 'ABK' : 'ABF').sub(x12Diagnosis(diagnoses[i].code));
  body.end();
}

/** Loop 2300 (CLM, HI, rendering provider) and 2400 (LX, SV1, DTP*472) of a professional claim. */
function writeProfessional(body: TransactionBody, d: ClaimDetail, renderingLoops: RenderingLoops): void {
  let pos = '11';
  for (const l of d.lines) {
    if (l.placeOfService) {
      pos = l.placeOfService;
      break;
    }
  }
  body.seg('CLM').text(d.patientControlNumber, 38).money(d.totalCents).skip(2).el(pos).sub('B').sub('1').el('Y').el('A').el('Y').el('Y').end();
  if (d.diagnoses.length > 0) diagnosisSegment(body, d.diagnoses);
  if (d.rendering) renderingProvider(body, '82', d.rendering, renderingLoops);
  for (let i = 0; i < d.lines.length; i++) {
    const l = d.lines[i];
    body.seg('LX').int(i + 1).end();
    body.seg('SV1').el('HC').sub(l.code);
    for (const m of l.modifiers) body.sub(m);
    body.money(l.chargeCents).el('UN').int(l.units).el(l.placeOfService && l.placeOfService !== pos ? l.placeOfService : undefined).skip(1);
    diagnosisPointers(body, d.diagnoses, l.diagnosisSequences);
    body.end();
    body.seg('DTP').el('472').el('D8').date(l.date).end();
  }
}

/** SV107: up to four pointers into HI for the line's diagnoses that are there; 1 (the principal) when none is. */
function diagnosisPointers(body: TransactionBody, diagnoses: ClaimDetail['diagnoses'], sequences: number[] | undefined): void {
  let written = 0;
  for (let i = 0; sequences && i < sequences.length && written < 4; i++) {
    const pointer = diagnosisPointer(diagnoses, sequences[i]);
    if (pointer === 0) continue;
    if (written++ === 0) body.el(String(pointer));
    else body.sub(String(pointer));
  }
  if (written === 0) body.el('1');
}

/** Loop 2300 (CLM, DTP, CL1, HI, attending provider) and 2400 (LX, SV2, DTP*472) of an institutional claim. */
function writeInstitutional(body: TransactionBody, d: ClaimDetail, renderingLoops: RenderingLoops): void {
  const tob = (d.typeOfBill ?? '0131').replace(/^0/, '').padStart(3, '0');
  body.seg('CLM').text(d.patientControlNumber, 38).money(d.totalCents).skip(2).el(tob.slice(0, 2)).sub('A').sub(tob.slice(2, 3)).skip(1)
    .el('A').el('Y').el('Y').end();
  body.add('DTP', '434', 'RD8', `${x12Date(d.start)}-${x12Date(d.end)}`);
  if (tob.startsWith('11')) {
    body.seg('DTP').el('435').el('D8').date(d.start).end();
    body.add('CL1', '1', '1', '01');
  }
  if (d.diagnoses.length > 0) {
    body.seg('HI').el('ABK').sub(x12Diagnosis(d.diagnoses[0].code)).end();
    if (d.diagnoses.length > 1) {
      body.seg('HI');
      for (let i = 1; i < d.diagnoses.length; i++) body.el('ABF').sub(x12Diagnosis(d.diagnoses[i].code));
      body.end();
    }
  }
  if (d.rendering) renderingProvider(body, '71', d.rendering, renderingLoops);
  for (let i = 0; i < d.lines.length; i++) {
    const l = d.lines[i];
    body.seg('LX').int(i + 1).end();
    body.seg('SV2').el(l.revenue ?? '0510');
    if (l.code) {
      body.el('HC').sub(l.code);
      for (const m of l.modifiers) body.sub(m);
    } else body.skip(1);
    body.money(l.chargeCents).el('UN').int(l.units).end();
    body.seg('DTP').el('472').el('D8').date(l.date).end();
  }
}
