import type { Claim, Coverage, Organization, Patient, Practitioner } from 'fhir/r4';
import type { Store } from '../../data-store/store.js';
import { CODE_SYSTEM, IDENTIFIER } from '../../population/conventions.js';
import { planById, type PlanSpec } from '../../population/data/plans.js';
import type { InboundClaim } from '../transactions/837-read.js';
import { coverageActiveOn, coverageClass, pickCoverage, relationshipOf } from './projection.js';
import { payerByPayerId } from './payers.js';
import type { EdiCache } from '../cache.js';
import { coveragesBySubscriberId, coveragesOf, coveragesSubscribedBy, patientsByMemberId, readOrUndefined } from './members.js';
import { identifierValue, personName, refId } from './read.js';
import { claimCoding } from '../../population/claims/code-display.js';
import { toothSite } from '../../population/clinical/dental.js';
import { findByIdentifier } from './find-by-identifier.js';

/** STC01 of a 277CA: category (A2 accepted, A3 rejected), claim status code, entity. */
export type ClaimStatus = [string, string, string];

export type ClaimMapping =
  | { ok: true; claim: Claim; coverage: Coverage; plan: PlanSpec; patient: Patient; payer?: Organization; memberId: string }
  | { ok: false; status: ClaimStatus; message: string }
  /** Stored already by this same submission (the file sent again): answered as accepted again, nothing redone. */
  | { ok: 'stored'; claim: Claim };

const norm = (s: string | undefined): string => (s ?? '').toUpperCase().replace(/[^A-Z0-9]/g, '');


/** A FHIR id from the patient control number ([A-Za-z0-9-.]{1,64}). */
export function inboundClaimId(pcn: string): string {
  return `x12-${pcn.replace(/[^A-Za-z0-9.-]/g, '-')}`.slice(0, 64);
}

/** The id of the ExplanationOfBenefit adjudicating an inbound claim. */
export function inboundEobId(claimId: string): string {
  return `eob-${claimId}`.slice(0, 64);
}

function productOrService(code: string): Claim['item'] extends Array<infer I> | undefined ? I extends { productOrService: infer P } ? P : never : never {
  if (!code) return { coding: [{ system: CODE_SYSTEM.dataAbsentReason, code: 'not-applicable' }] };
  const cpt = /^\d{4}[0-9FTU]$/.test(code);
  return { coding: [claimCoding(cpt ? CODE_SYSTEM.cpt : CODE_SYSTEM.hcpcs, code)] };
}

/**
 * The stored claim when this same submission (`submitted`, IDENTIFIER.x12Submission) stored it already (under the id
 * its CLM01 gives, so one read finds it); a duplicate when another claim with its CLM01 was stored, or came earlier
 * in this interchange (`seen`); undefined for a new one.
 */
function receivedBefore(store: Store, pcn: string, submitted: string, seen: Set<string>): ClaimMapping | undefined {
  const duplicate: ClaimMapping = { ok: false, status: ['A3', '78', 'PR'], message: `duplicate claim ${pcn}` };
  if (seen.has(pcn)) return duplicate;
  const stored = readOrUndefined<Claim>(store, 'Claim', inboundClaimId(pcn));
  if (stored && identifierValue(stored.identifier, IDENTIFIER.x12Submission) === submitted) return { ok: 'stored', claim: stored };
  if (stored || findByIdentifier<Claim>(store, 'Claim', IDENTIFIER.patientControlNumber, pcn)) return duplicate;
  return undefined;
}

/**
 * Turns one inbound 837 claim into a Claim resource linked to the stored Patient and Coverage by member id
 * (https://hl7.org/fhir/R4/claim.html), or says why the claim is rejected (277CA STC codes: 33 subscriber
 * not found, 26 entity not found, 78 duplicate, 116 sent to the wrong payer, 400 out of balance, 21 missing or
 * invalid information). `submission` names the set the claim came in (see IDENTIFIER.x12Submission): a claim that
 * same submission stored already is that stored claim (`ok: 'stored'`), any other claim with its CLM01 a duplicate.
 */
export function claimFromInbound(store: Store, c: InboundClaim, processedDate: string, seen: Set<string>, submission: string, cache?: EdiCache): ClaimMapping {
  const pcn = c.patientControlNumber;
  const submitted = `${submission}/${pcn}`;
  const received = receivedBefore(store, pcn, submitted, seen);
  if (received) return received;
  const lineTotal = c.lines.reduce((s, l) => s + l.chargeCents, 0);
  if (lineTotal !== c.totalCents) return { ok: false, status: ['A3', '400', 'PR'], message: `CLM02 ${c.totalCents / 100} is not the sum of the lines ${lineTotal / 100}` };

  const billing = findByIdentifier<Organization>(store, 'Organization', IDENTIFIER.npi, c.billingNpi);
  if (!billing) return { ok: false, status: ['A3', '26', '85'], message: `billing provider NPI ${c.billingNpi ?? ''} not found` };
  const rendering = findByIdentifier<Practitioner>(store, 'Practitioner', IDENTIFIER.npi, c.renderingNpi);

  const found = findPatient(store, c, cache);
  if ('status' in found) return found;
  const { patient } = found;
  const lineDates = c.lines.map((l) => l.date).filter(Boolean).sort();
  const serviceDate = lineDates[0] ?? c.statementStart ?? processedDate;
  // The coverage with the payer the claim is sent to (2010BB), as the patient may hold others (2320).
  const coverages = coveragesOf(store, patient.id ?? '', cache);
  const { coverage } = pickCoverage(coverages, serviceDate, c.payerId ? payerByPayerId(store, c.payerId) : undefined);
  if (!coverage) return { ok: false, status: ['A3', '33', 'IL'], message: `no coverage for member ${c.subscriber.memberId}` };
  const plan = planById(coverageClass(coverage, 'plan').value ?? '');
  if (!plan) return { ok: false, status: ['A3', '21', 'IL'], message: 'coverage has no known plan' };
  const payerRef = coverage.payor?.[0];
  const payer = readOrUndefined<Organization>(store, 'Organization', refId(payerRef, 'Organization'));
  const payerId = identifierValue(payer?.identifier, IDENTIFIER.payerId);
  if (c.payerId && payerId && c.payerId !== payerId) {
    return { ok: false, status: ['A3', '116', 'PR'], message: `claim sent to payer ${c.payerId}, member is covered by ${payerId}` };
  }

  const start = c.statementStart ?? serviceDate;
  const end = c.statementEnd ?? lineDates[lineDates.length - 1] ?? start;
  const id = inboundClaimId(pcn);
  const claim: Claim = {
    resourceType: 'Claim',
    id,
    identifier: [{ system: IDENTIFIER.patientControlNumber, value: pcn }, { system: IDENTIFIER.x12Submission, value: submitted }],
    status: 'active',
    type: { coding: [{ system: CODE_SYSTEM.claimType, code: ({ P: 'professional', I: 'institutional', D: 'oral' } as const)[c.kind] }] },
    use: 'claim',
    patient: { reference: `Patient/${patient.id ?? ''}` },
    billablePeriod: { start, end },
    created: processedDate,
    insurer: payerRef,
    provider: { reference: `Organization/${billing.id ?? ''}` },
    priority: { coding: [{ system: CODE_SYSTEM.processPriority, code: 'normal' }] },
    insurance: [{ sequence: 1, focal: true, coverage: { reference: `Coverage/${coverage.id ?? ''}` } }, ...otherInsurance(store, c, coverages, coverage, serviceDate)],
  };
  if (rendering) {
    claim.careTeam = [{ sequence: 1, provider: { reference: `Practitioner/${rendering.id ?? ''}` }, role: { coding: [{ system: CODE_SYSTEM.claimCareTeamRole, code: 'primary' }] } }];
    // The taxonomy the claim says the provider acted under (PRV), else one the practitioner is qualified in.
    const taxonomy = c.renderingTaxonomy ? claimCoding(CODE_SYSTEM.nuccTaxonomy, c.renderingTaxonomy) : rendering.qualification?.[0]?.code?.coding?.find((x) => x.system === CODE_SYSTEM.nuccTaxonomy);
    if (taxonomy) claim.careTeam[0].qualification = { coding: [taxonomy] };
  }
  if (c.diagnoses.length > 0) {
    claim.diagnosis = c.diagnoses.map((code, i) => ({
      sequence: i + 1,
      diagnosisCodeableConcept: { coding: [claimCoding(CODE_SYSTEM.icd10cm, code)] },
      ...(i === 0 ? { type: [{ coding: [{ system: CODE_SYSTEM.diagnosisType, code: 'principal' }] }] } : {}),
    }));
  }
  if (c.kind === 'I') claim.supportingInfo = institutionalInfo(c);
  claim.item = c.lines.map((l, i) => {
    const item: NonNullable<Claim['item']>[number] = {
      sequence: i + 1,
      productOrService: l.qualifier === 'AD' ? { coding: [{ system: CODE_SYSTEM.cdt, code: l.code }] } : productOrService(l.qualifier === 'HC' ? l.code : ''),
    };
    if (l.tooth) Object.assign(item, toothSite(l.tooth, l.surfaces));
    if (claim.careTeam) item.careTeamSequence = [1];
    const pointers = l.pointers.filter((p) => p <= c.diagnoses.length);
    if (pointers.length > 0) item.diagnosisSequence = pointers;
    if (l.revenue) item.revenue = { coding: [claimCoding(CODE_SYSTEM.revenueCode, l.revenue)] };
    if (l.modifiers.length > 0) item.modifier = l.modifiers.map((m) => ({ coding: [claimCoding(CODE_SYSTEM.procedureModifier, m)] }));
    item.servicedDate = l.date ?? start;
    const pos = l.placeOfService ?? (c.kind !== 'I' ? c.facilityCode : undefined);
    if (pos) item.locationCodeableConcept = { coding: [claimCoding(CODE_SYSTEM.placeOfService, pos)] };
    item.quantity = { value: l.units };
    item.unitPrice = { value: Math.round(l.chargeCents / l.units) / 100, currency: 'USD' };
    item.net = { value: l.chargeCents / 100, currency: 'USD' };
    return item;
  });
  claim.total = { value: c.totalCents / 100, currency: 'USD' };
  return { ok: true, claim, coverage, plan, patient, payer, memberId: c.subscriber.memberId };
}

/**
 * Claim.insurance (not focal, from sequence 2) for the other payers of loops 2320/2330 that are the patient's
 * stored coverages in force on the service date: by the 2330B payer id and the 2330A member id (Coverage.subscriberId
 * or the member id on it), as the 837 writes them (837-other-payer.ts). Others (a payer we do not hold) are not kept.
 */
function otherInsurance(store: Store, c: InboundClaim, coverages: Coverage[], primary: Coverage, date: string): NonNullable<Claim['insurance']> {
  const out: NonNullable<Claim['insurance']> = [];
  for (const o of c.otherPayers) {
    const payer = o.payerId ? payerByPayerId(store, o.payerId) : undefined;
    if (!payer) continue;
    const found = coverages.find((x) => x !== primary && coverageActiveOn(x, date) && x.payor?.some((p) => refId(p, 'Organization') === payer.id)
      && (!o.memberId || x.subscriberId === o.memberId || identifierValue(x.identifier, IDENTIFIER.memberId) === o.memberId));
    if (found && !out.some((i) => i.coverage.reference === `Coverage/${found.id ?? ''}`)) {
      out.push({ sequence: out.length + 2, focal: false, coverage: { reference: `Coverage/${found.id ?? ''}` } });
    }
  }
  return out;
}

/** The stored patient an inbound claim is for: the subscriber by member id (2010BA), or their dependant (2010CA). */
function findPatient(store: Store, c: InboundClaim, cache?: EdiCache): { patient: Patient } | { ok: false; status: ClaimStatus; message: string } {
  let subscriber = patientsByMemberId(store, c.subscriber.memberId, cache)[0];
  let family: Coverage[] = [];
  if (!subscriber) {
    family = coveragesBySubscriberId(store, c.subscriber.memberId, cache);
    const self = family.find((x) => relationshipOf(x) === 'self') ?? family[0];
    subscriber = readOrUndefined<Patient>(store, 'Patient', refId(self?.beneficiary, 'Patient')) as Patient;
  }
  if (!subscriber) return { ok: false, status: ['A3', '33', 'IL'], message: `subscriber ${c.subscriber.memberId} not found` };
  if (c.subscriber.birthDate && !c.patient && c.subscriber.birthDate !== subscriber.birthDate) {
    return { ok: false, status: ['A3', '158', 'IL'], message: 'subscriber birth date does not match' };
  }
  let patient = subscriber;
  if (c.patient) {
    if (family.length === 0) family = coveragesSubscribedBy(store, subscriber.id ?? '', cache);
    const wanted = c.patient;
    const dependent = family
      .map((x) => readOrUndefined<Patient>(store, 'Patient', refId(x.beneficiary, 'Patient')))
      .find((p) => {
        if (!p || p.id === subscriber.id) return false;
        const n = personName(p.name);
        return norm(n.family) === norm(wanted.last) && norm(n.given) === norm(wanted.first) && (!wanted.birthDate || wanted.birthDate === p.birthDate);
      });
    if (!dependent) return { ok: false, status: ['A3', '26', 'QC'], message: `patient ${wanted.first} ${wanted.last} not found under subscriber ${c.subscriber.memberId}` };
    patient = dependent;
  }
  return { patient };
}

/**
 * The type of bill and the CL1 codes of an inbound 837I as Claim.supportingInfo (CARIN BB categories, NUBC
 * code systems, as the population writes them), so the claim is emitted again with the same CL1.
 */
function institutionalInfo(c: InboundClaim): NonNullable<Claim['supportingInfo']> {
  const info: NonNullable<Claim['supportingInfo']> = [{
    sequence: 1,
    category: { coding: [{ system: CODE_SYSTEM.c4bbSupportingInfo, code: 'typeofbill' }] },
    code: { coding: [{ system: CODE_SYSTEM.typeOfBill, code: `0${c.facilityCode}${c.frequency}` }] },
  }];
  const codes: Array<[string, string, string | undefined]> = [
    ['admtype', CODE_SYSTEM.nubcAdmissionType, c.institutional?.admissionType],
    ['pointoforigin', CODE_SYSTEM.nubcPointOfOrigin, c.institutional?.pointOfOrigin],
    ['discharge-status', CODE_SYSTEM.nubcDischargeStatus, c.institutional?.dischargeStatus],
  ];
  for (const [category, system, code] of codes) {
    if (code) info.push({ sequence: info.length + 1, category: { coding: [{ system: CODE_SYSTEM.c4bbSupportingInfo, code: category }] }, code: { coding: [{ system, code }] } });
  }
  return info;
}
