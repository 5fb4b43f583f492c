import type { Claim, CodeableConcept, Coverage, Organization, Patient, Practitioner } from 'fhir/r4';
import { CODE_SYSTEM, IDENTIFIER } from '../../population/conventions.js';
import { cents } from '../x12/format.js';
import { payerOf, relationshipOf, type Projection } from './projection.js';
import { codeIn, hasCoding, identifierValue, refId } from './read.js';

/** One service line as the 837 and 835 need it. */
export interface ClaimLine {
  sequence: number;
  /** HC (CPT/HCPCS) code. */
  code: string;
  modifiers: string[];
  revenue?: string;
  chargeCents: number;
  units: number;
  date: string;
  placeOfService?: string;
  /** Claim.item.diagnosisSequence: the claim diagnoses the line is for (see diagnosisPointer). */
  diagnosisSequences?: number[];
}

/** The resources a Claim's 837 loops are grouped under (https://hl7.org/fhir/R4/claim.html). */
export interface ClaimParties {
  claim: Claim;
  kind: 'P' | 'I';
  patient?: Patient;
  coverage?: Coverage;
  subscriber?: Patient;
  payer?: Organization;
  billing?: Organization | Practitioner;
}

/**
 * What a Claim bills, as the 837 claim and service line loops report it. Worked out only when the claim is
 * written, so a document's claims are not all held in this form at once.
 */
export interface ClaimDetail {
  patientControlNumber: string;
  rendering?: Practitioner;
  /** At most 12, principal first; `sequence` is Claim.diagnosis.sequence, which service lines point to. */
  diagnoses: Array<{ code: string; principal: boolean; sequence: number }>;
  lines: ClaimLine[];
  totalCents: number;
  start: string;
  end: string;
  typeOfBill?: string;
}

/** Claim.type professional -> 'P'; institutional -> 'I' (other types are not 837 claims). */
export function claimKind(claim: Claim): 'P' | 'I' | undefined {
  const code = codeIn(claim.type, CODE_SYSTEM.claimType) ?? claim.type?.coding?.[0]?.code;
  return code === 'professional' ? 'P' : code === 'institutional' ? 'I' : undefined;
}

/** The patient control number (CLM01 / CLP01): the Claim identifier of that system, else its id. */
export function patientControlNumberOf(claim: Claim | undefined): string {
  return identifierValue(claim?.identifier, IDENTIFIER.patientControlNumber) ?? claim?.id ?? '';
}

/** Joins a Claim with its patient, coverage, subscriber, payer and billing provider. */
export function claimParties(claim: Claim, p: Projection): ClaimParties | undefined {
  const kind = claimKind(claim);
  if (!kind) return undefined;
  const patient = p.patients.get(refId(claim.patient, 'Patient') ?? '');
  const coverage = p.coverages.get(refId(claim.insurance?.[0]?.coverage, 'Coverage') ?? '');
  let subscriber = patient;
  if (coverage && relationshipOf(coverage) !== 'self') {
    subscriber = p.patients.get(refId(coverage.subscriber, 'Patient') ?? '') ?? subscriber;
  }
  const payer = payerOf(coverage, p) ?? p.organizations.get(refId(claim.insurer, 'Organization') ?? '');
  const billing = p.organizations.get(refId(claim.provider, 'Organization') ?? '') ?? p.practitioners.get(refId(claim.provider, 'Practitioner') ?? '');
  return { claim, kind, patient, coverage, subscriber, payer, billing };
}

/** A Claim's rendering provider, diagnoses (principal first), service lines, total and dates. */
export function claimDetail(claim: Claim, p: Pick<Projection, 'practitioners'>): ClaimDetail {
  let rendering: Practitioner | undefined;
  for (const member of claim.careTeam ?? []) {
    const pr = p.practitioners.get(refId(member.provider, 'Practitioner') ?? '');
    if (pr) {
      rendering = pr;
      break;
    }
  }
  // Principal diagnosis first (HI ABK/BK), then the others in sequence order (usually already sorted).
  const dx = claim.diagnosis ?? [];
  let principalAt = 0;
  for (let i = 0; i < dx.length; i++) {
    if (isPrincipal(dx[i].type)) {
      principalAt = i;
      break;
    }
  }
  const ordered = dx.length <= 1 || principalAt === 0 ? dx : [dx[principalAt], ...dx.filter((_, i) => i !== principalAt)];
  const diagnoses: ClaimDetail['diagnoses'] = [];
  for (const d of ordered) {
    const code = codeIn(d.diagnosisCodeableConcept, CODE_SYSTEM.icd10cm) ?? d.diagnosisCodeableConcept?.coding?.[0]?.code;
    if (!code || diagnoses.length >= 12) continue;
    diagnoses.push({ code, principal: diagnoses.length === 0, sequence: d.sequence });
  }
  const start = claim.billablePeriod?.start?.slice(0, 10) ?? claim.created?.slice(0, 10) ?? '';
  const end = claim.billablePeriod?.end?.slice(0, 10) ?? start;
  const items = claim.item ?? [];
  const lines: ClaimLine[] = [];
  let totalCents = 0;
  for (const item of items) {
    const units = item.quantity?.value ?? 1;
    const charge = item.net?.value ?? (item.unitPrice?.value ?? 0) * units;
    const line: ClaimLine = {
      sequence: item.sequence,
      code: codeIn(item.productOrService, CODE_SYSTEM.cpt) ?? codeIn(item.productOrService, CODE_SYSTEM.hcpcs) ?? '',
      modifiers: modifierCodes(item.modifier),
      revenue: codeIn(item.revenue, CODE_SYSTEM.revenueCode) ?? item.revenue?.coding?.[0]?.code,
      chargeCents: cents(charge),
      units,
      date: (item.servicedDate ?? item.servicedPeriod?.start ?? start).slice(0, 10),
      placeOfService: codeIn(item.locationCodeableConcept, CODE_SYSTEM.placeOfService),
      diagnosisSequences: item.diagnosisSequence,
    };
    lines.push(line);
    totalCents += line.chargeCents;
  }
  return {
    patientControlNumber: patientControlNumberOf(claim),
    rendering,
    diagnoses,
    lines,
    totalCents,
    start,
    end,
    typeOfBill: typeOfBillOf(claim),
  };
}

const NO_MODIFIERS: string[] = [];

/** Up to four procedure modifiers (SV101-3..6 / SVC01-3..6): the first code of each. */
export function modifierCodes(modifiers: CodeableConcept[] | undefined): string[] {
  if (!modifiers?.length) return NO_MODIFIERS;
  const out: string[] = [];
  for (const m of modifiers) {
    const code = m.coding?.[0]?.code;
    if (code && out.length < 4) out.push(code);
  }
  return out;
}

/**
 * The 1-based HI position of a diagnosis sequence (a service line's diagnosis pointer, SV107), 0 when it is
 * not there (the last one listed wins, as a repeated sequence would).
 */
export function diagnosisPointer(diagnoses: ClaimDetail['diagnoses'], sequence: number): number {
  for (let i = diagnoses.length - 1; i >= 0; i--) if (diagnoses[i].sequence === sequence) return i + 1;
  return 0;
}

/** Whether a Claim.diagnosis is typed principal. */
function isPrincipal(types: CodeableConcept[] | undefined): boolean {
  if (types) for (let i = 0; i < types.length; i++) if (hasCoding(types[i], undefined, 'principal')) return true;
  return false;
}

/** The type of bill (institutional claims): Claim.supportingInfo with category `typeofbill`. */
export function typeOfBillOf(claim: Claim | undefined): string | undefined {
  for (const s of claim?.supportingInfo ?? []) if (hasCoding(s.category, undefined, 'typeofbill')) return s.code?.coding?.[0]?.code;
  return undefined;
}
