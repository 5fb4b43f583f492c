import type { Claim, Organization, Practitioner } from 'fhir/r4';
import type { Store } from '../../data-store/store.js';
import { bodyWriter, buildDocument, type BuiltDocument } from '../document.js';
import { claimKind, viewClaim, type ClaimView } from '../fhir/claim-view.js';
import { coverageClass, einOf, memberIdOf, npiOf, payerIdOf, projectionOf } from '../fhir/projection.js';
import { personName, x12Diagnosis, x12Gender } from '../fhir/read.js';
import { GUIDE_837I, GUIDE_837P } from '../guides/837.js';
import { claimFilingIndicator } from '../guides/claim-filing.js';
import type { EdiOptions } from '../options.js';
import type { TransactionBody } from '../x12/writer.js';
import { amount, stamp, x12Date } from '../x12/format.js';
import { ordinal } from '../x12/compare.js';
import { addressSegments, type Text } from './address-segments.js';

export interface Emit837Options {
  type: 'P' | 'I';
  /** Only claims created (Claim.created) at/after this date or instant. */
  since?: string;
  /** Only claims to this payer (payer id or Organization id). */
  payer?: string;
}



function providerName(body: TransactionBody, text: Text, entity: string, who: Organization | Practitioner | undefined): void {
  const npi = npiOf(who);
  if (who?.resourceType === 'Practitioner') {
    const n = personName(who.name);
    body.add('NM1', entity, '1', text(n.family, 60), text(n.given, 35), text(n.middle, 25), undefined, undefined, npi ? 'XX' : undefined, npi);
  } else {
    body.add('NM1', entity, '2', text(who?.name ?? 'UNKNOWN PROVIDER', 60), undefined, undefined, undefined, undefined, npi ? 'XX' : undefined, npi);
  }
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
  const { body: newBody, text } = bodyWriter(options);
  const t = stamp(options.clock());

  const byPayer = new Map<string, ClaimView[]>();
  for (const claim of store.all<Claim>('Claim')) {
    if (claim.status === 'entered-in-error') continue;
    if (filter.since && !changedSince(claim, filter.since)) continue;
    if (claimKind(claim) !== filter.type) continue;
    const v = viewClaim(claim, p);
    if (!v || v.lines.length === 0) continue;
    const payerId = payerIdOf(v.payer);
    if (filter.payer && filter.payer !== payerId && filter.payer !== v.payer?.id) continue;
    const list = byPayer.get(payerId) ?? [];
    list.push(v);
    byPayer.set(payerId, list);
  }

  const transactions = [...byPayer.entries()].sort(([a], [b]) => ordinal(a, b)).map(([payerId, views]) => {
    const body = newBody();
    const payer = views[0].payer;
    body.add('BHT', '0019', '00', `${payerId}${t.date}${t.time}`.slice(0, 30), t.date, t.time, 'CH');
    body.add('NM1', '41', '2', text(options.ourId, 60), undefined, undefined, undefined, undefined, '46', options.ourId);
    body.add('PER', 'IC', 'EDI SUPPORT', 'TE', '8005550100');
    body.add('NM1', '40', '2', text(payer?.name ?? payerId, 60), undefined, undefined, undefined, undefined, '46', payerId);

    // Group: billing provider -> (subscriber, patient) -> claims, in a stable order.
    const groups = new Map<string, Map<string, ClaimView[]>>();
    for (const v of views) {
      const bKey = `${v.billing?.resourceType ?? ''}/${v.billing?.id ?? ''}`;
      const sKey = `${v.coverage?.id ?? ''}|${v.patient?.id ?? ''}`;
      const g = groups.get(bKey) ?? new Map<string, ClaimView[]>();
      const list = g.get(sKey) ?? [];
      list.push(v);
      g.set(sKey, list);
      groups.set(bKey, g);
    }
    let hl = 0;
    for (const bKey of [...groups.keys()].sort()) {
      const members = groups.get(bKey) as Map<string, ClaimView[]>;
      const first = (members.values().next().value as ClaimView[])[0];
      const billingHl = ++hl;
      body.add('HL', String(billingHl), undefined, '20', '1');
      providerName(body, text, '85', first.billing);
      addressSegments(body, text, first.billing, true, true);
      const ein = first.billing?.resourceType === 'Organization' ? einOf(first.billing) : undefined;
      body.add('REF', 'EI', (ein ?? '000000000').replace(/[^0-9]/g, '').padStart(9, '0').slice(0, 9));
      for (const sKey of [...members.keys()].sort()) {
        const claims = members.get(sKey) as ClaimView[];
        const v0 = claims[0];
        const patientIsSubscriber = !v0.subscriber || v0.subscriber === v0.patient;
        const subscriberHl = ++hl;
        body.add('HL', String(subscriberHl), String(billingHl), '22', patientIsSubscriber ? '0' : '1');
        body.add('SBR', 'P', patientIsSubscriber ? '18' : undefined, text(coverageClass(v0.coverage, 'group').value, 50) || undefined, undefined, undefined, undefined, undefined, undefined, claimFilingIndicator(v0.coverage?.type?.text));
        const sub = v0.subscriber ?? v0.patient;
        const sn = personName(sub?.name);
        // The subscriber's own member id: on the claim's coverage when the patient is the subscriber.
        const subCoverage = patientIsSubscriber ? v0.coverage : (p.coveragesByBeneficiary.get(sub?.id ?? '') ?? []).find((c) => c.subscriberId === v0.coverage?.subscriberId);
        const subscriberMemberId = memberIdOf(sub, subCoverage) ?? v0.coverage?.subscriberId ?? '';
        body.add('NM1', 'IL', '1', text(sn.family, 60), text(sn.given, 35), text(sn.middle, 25), undefined, text(sn.suffix, 10), 'MI', subscriberMemberId);
        if (patientIsSubscriber) {
          addressSegments(body, text, sub, false);
          if (sub?.birthDate) body.add('DMG', 'D8', x12Date(sub.birthDate), x12Gender(sub.gender));
        }
        body.add('NM1', 'PR', '2', text(payer?.name ?? payerId, 60), undefined, undefined, undefined, undefined, 'PI', payerId);
        if (!patientIsSubscriber) {
          body.add('HL', String(++hl), String(subscriberHl), '23', '0');
          body.add('PAT', v0.coverage?.relationship?.coding?.[0]?.code === 'spouse' ? '01' : '19');
          const pn = personName(v0.patient?.name);
          body.add('NM1', 'QC', '1', text(pn.family, 60), text(pn.given, 35), text(pn.middle, 25), undefined, text(pn.suffix, 10));
          addressSegments(body, text, v0.patient, true);
          body.add('DMG', 'D8', x12Date(v0.patient?.birthDate ?? '19000101'), x12Gender(v0.patient?.gender));
        }
        for (const v of claims) (filter.type === 'P' ? writeProfessional : writeInstitutional)(body, text, v);
      }
    }
    return { code: '837', implementation: guide.implementation, body };
  });
  return buildDocument(options, { functionalId: guide.functionalId, version: guide.implementation }, transactions);
}

function diagnosisSegment(body: TransactionBody, v: ClaimView, principal: string, other: string): void {
  if (v.diagnoses.length === 0) return;
  body.add('HI', ...v.diagnoses.map((d, i) => [i === 0 ? principal : other, x12Diagnosis(d.code)]));
}

function writeProfessional(body: TransactionBody, text: Text, v: ClaimView): void {
  const pos = v.lines.find((l) => l.placeOfService)?.placeOfService ?? '11';
  body.add('CLM', text(v.patientControlNumber, 38), amount(v.totalCents / 100), undefined, undefined, [pos, 'B', '1'], 'Y', 'A', 'Y', 'Y');
  diagnosisSegment(body, v, 'ABK', 'ABF');
  if (v.rendering) {
    providerName(body, text, '82', v.rendering);
  }
  v.lines.forEach((l, i) => {
    body.add('LX', String(i + 1));
    body.add('SV1', ['HC', l.code, ...l.modifiers], amount(l.chargeCents / 100), 'UN', String(l.units), l.placeOfService && l.placeOfService !== pos ? l.placeOfService : undefined, undefined, (l.diagnosisPointers.length ? l.diagnosisPointers : [1]).map(String));
    body.add('DTP', '472', 'D8', x12Date(l.date));
  });
}

function writeInstitutional(body: TransactionBody, text: Text, v: ClaimView): void {
  const tob = (v.typeOfBill ?? '0131').replace(/^0/, '').padStart(3, '0');
  body.add('CLM', text(v.patientControlNumber, 38), amount(v.totalCents / 100), undefined, undefined, [tob.slice(0, 2), 'A', tob.slice(2, 3)], undefined, 'A', 'Y', 'Y');
  body.add('DTP', '434', 'RD8', `${x12Date(v.start)}-${x12Date(v.end)}`);
  if (tob.startsWith('11')) {
    body.add('DTP', '435', 'D8', x12Date(v.start));
    body.add('CL1', '1', '1', '01');
  }
  if (v.diagnoses.length > 0) {
    body.add('HI', ['ABK', x12Diagnosis(v.diagnoses[0].code)]);
    if (v.diagnoses.length > 1) body.add('HI', ...v.diagnoses.slice(1).map((d) => ['ABF', x12Diagnosis(d.code)]));
  }
  if (v.rendering) providerName(body, text, '71', v.rendering);
  v.lines.forEach((l, i) => {
    body.add('LX', String(i + 1));
    body.add('SV2', l.revenue ?? '0510', l.code ? ['HC', l.code, ...l.modifiers] : undefined, amount(l.chargeCents / 100), 'UN', String(l.units));
    body.add('DTP', '472', 'D8', x12Date(l.date));
  });
}
