import type { ClaimType } from '../fhir/claim-view.js';
import { fhirDiagnosis } from '../fhir/read.js';
import type { Delimiters } from '../x12/delimiters.js';
import type { Segment } from '../x12/parse.js';
import { isoDate } from '../x12/format.js';

export interface InboundLine {
  code: string;
  /** 'HC' CPT/HCPCS, 'AD' CDT (837D). */
  qualifier: string;
  modifiers: string[];
  revenue?: string;
  chargeCents: number;
  units: number;
  date?: string;
  placeOfService?: string;
  pointers: number[];
  /** 837D TOO: ADA Universal tooth number (TOO02) and surfaces (TOO03). */
  tooth?: string;
  surfaces?: string[];
}

/** Loops 2320/2330A/2330B of a claim: another payer that may pay on it (coordination of benefits). */
export interface InboundOtherPayer {
  /** SBR01 (payer responsibility: P, S, T...) and SBR02 (the patient's relationship to the other subscriber). */
  responsibility: string;
  relationship: string;
  /** 2330A NM109: the other subscriber's member id with that payer. */
  memberId: string;
  /** 2330B NM109 and NM103: the other payer's id and name. */
  payerId: string;
  payerName: string;
}

/** One claim read from an inbound 837 (2300 loop with its 2000A/B/C context). */
export interface InboundClaim {
  kind: ClaimType;
  /** Position of the CLM segment in its transaction set (for messages). */
  position: number;
  patientControlNumber: string;
  totalCents: number;
  /** CLM05-1: place of service (837P) or facility type (837I); CLM05-3 frequency. */
  facilityCode: string;
  frequency: string;
  billingNpi?: string;
  billingName: string;
  submitterName: string;
  subscriber: { memberId: string; last: string; first: string; birthDate?: string };
  patient?: { last: string; first: string; birthDate?: string; gender?: string };
  payerId: string;
  payerName: string;
  diagnoses: string[];
  renderingNpi?: string;
  /** 2310A/B PRV03 (PRV*AT or PRV*PE, PXC): the NUCC taxonomy the rendering or attending provider acted under. */
  renderingTaxonomy?: string;
  statementStart?: string;
  statementEnd?: string;
  /** 837I CL1: admission type (CL101), point of origin (CL102), patient status (CL103), as sent. */
  institutional?: { admissionType?: string; pointOfOrigin?: string; dischargeStatus?: string };
  /** 2320/2330: other payers, in the order sent. */
  otherPayers: InboundOtherPayer[];
  lines: InboundLine[];
}

const iso = (d: string | undefined): string | undefined => (d && /^\d{8}$/.test(d) ? isoDate(d) : undefined);
const money = (v: string | undefined): number => Math.round(Number(v ?? '0') * 100) || 0;

/**
 * Reads a validated 837 transaction set (005010X222A1 / X223A2 / X224A2) into claims: HL 20 billing provider,
 * 22 subscriber (+ payer), 23 patient, then CLM / HI / NM1*82|71 / SBR, NM1*IL, NM1*PR of other payers (2320,
 * 2330A/B) / LX / SV1|SV2|SV3 (+ TOO) / DTP*472 per claim.
 */
export function read837(segments: readonly Segment[], d: Delimiters, kind: ClaimType): InboundClaim[] {
  const claims: InboundClaim[] = [];
  let level = '';
  let submitterName = '';
  let billing: { npi?: string; name: string } = { name: '' };
  let subscriber: InboundClaim['subscriber'] = { memberId: '', last: '', first: '' };
  let patient: InboundClaim['patient'];
  let payer = { id: '', name: '' };
  let claim: InboundClaim | undefined;
  let line: InboundLine | undefined;
  for (const seg of segments) {
    const e = seg.elements;
    switch (seg.id) {
      case 'HL':
        level = e[3] ?? '';
        claim = undefined;
        line = undefined;
        if (level === '22') patient = undefined;
        break;
      case 'SBR':
        // In a claim, SBR opens loop 2320: another payer (2000B's SBR comes before any claim).
        if (claim && !line) claim.otherPayers.push({ responsibility: e[1] ?? '', relationship: e[2] ?? '', memberId: '', payerId: '', payerName: '' });
        break;
      case 'NM1': {
        const q = e[1];
        const other = claim && !line ? claim.otherPayers[claim.otherPayers.length - 1] : undefined;
        // After a 2320 SBR every NM1 is the other payer's (2330A-I): not this subscriber's, payer's or providers'.
        if (other) readOtherPayerName(other, e);
        else if (q === '41') submitterName = e[3] ?? '';
        else if (q === '85') billing = { npi: e[8] === 'XX' ? e[9] : undefined, name: e[3] ?? '' };
        else if (q === 'IL') subscriber = { memberId: e[9] ?? '', last: e[3] ?? '', first: e[4] ?? '' };
        else if (q === 'PR') payer = { id: e[9] ?? '', name: e[3] ?? '' };
        else if (q === 'QC') patient = { last: e[3] ?? '', first: e[4] ?? '' };
        else if ((q === '82' || q === '71') && claim) claim.renderingNpi = e[8] === 'XX' ? e[9] : undefined;
        break;
      }
      case 'DMG':
        if (!claim && level === '22') subscriber.birthDate = iso(e[2]);
        else if (!claim && level === '23' && patient) readDemographics(patient, e);
        break;
      case 'CLM':
        claim = newClaim(seg, d, kind, { submitterName, billing, subscriber, patient, payer });
        line = undefined;
        claims.push(claim);
        break;
      case 'HI':
        if (claim) readDiagnoses(claim, e, d);
        break;
      case 'DTP':
        if (claim && !line && e[1] === '434' && e[3]) {
          const [from, to] = e[3].split('-');
          claim.statementStart = iso(from);
          claim.statementEnd = iso(to ?? from);
        } else if (line && e[1] === '472' && e[3]) line.date = iso(e[3].slice(0, 8));
        break;
      case 'PRV':
        if (claim && !line && claim.otherPayers.length === 0 && (e[1] === 'PE' || e[1] === 'AT') && e[2] === 'PXC') claim.renderingTaxonomy = e[3];
        break;
      case 'CL1':
        if (claim) claim.institutional = { admissionType: e[1] || undefined, pointOfOrigin: e[2] || undefined, dischargeStatus: e[3] || undefined };
        break;
      case 'LX':
        line = undefined;
        break;
      case 'SV1':
      case 'SV2':
      case 'SV3':
        if (!claim) break;
        line = seg.id === 'SV3' ? dentalLine(seg, claim, d) : serviceLine(seg, claim, d);
        claim.lines.push(line);
        break;
      case 'TOO':
        if (line) readTooth(line, e, d);
        break;
      default:
        break;
    }
  }
  return claims;
}

/** DMG of 2010CA: the patient's birth date and gender. */
function readDemographics(patient: NonNullable<InboundClaim['patient']>, e: readonly string[]): void {
  patient.birthDate = iso(e[2]);
  patient.gender = e[3];
}

/** HI: the ICD-10-CM diagnoses (ABK principal, ABF other; BK/BF as ICD-9 qualifiers are read the same). */
function readDiagnoses(claim: InboundClaim, e: readonly string[], d: Delimiters): void {
  for (const el of e.slice(1)) {
    const [q, code] = el.split(d.component);
    if (code && ['ABK', 'ABF', 'BK', 'BF'].includes(q ?? '')) claim.diagnoses.push(fhirDiagnosis(code));
  }
}

/** 2330A NM1*IL (other subscriber's member id) and 2330B NM1*PR (other payer); the other 2330 loops are not kept. */
function readOtherPayerName(other: InboundOtherPayer, e: readonly string[]): void {
  if (e[1] === 'IL') other.memberId = e[9] ?? '';
  else if (e[1] === 'PR') {
    other.payerId = e[9] ?? '';
    other.payerName = e[3] ?? '';
  }
}

/** 2400 SV1 (professional) or SV2 (institutional): procedure, modifiers, revenue code, charge, units, pointers. */
function serviceLine(seg: Segment, claim: InboundClaim, d: Delimiters): InboundLine {
  const e = seg.elements;
  const professional = seg.id === 'SV1';
  const proc = (professional ? e[1] : e[2]) ?? '';
  const [qualifier, code, ...mods] = proc.split(d.component);
  return {
    code: code ?? '',
    qualifier: qualifier ?? '',
    modifiers: mods.slice(0, 4).filter(Boolean),
    revenue: professional ? undefined : e[1],
    chargeCents: money(professional ? e[2] : e[3]),
    units: Number((professional ? e[4] : e[5]) ?? '1') || 1,
    placeOfService: professional ? e[5] || claim.facilityCode : undefined,
    pointers: professional ? (e[7] ?? '1').split(d.component).map(Number).filter((n) => n > 0) : [1],
  };
}

/** 2400 TOO (837D): one tooth per line is what Claim.item.bodySite carries; a line naming several keeps the first. */
function readTooth(line: InboundLine, e: readonly string[], d: Delimiters): void {
  if (line.tooth || e[1] !== 'JP' || !e[2]) return;
  line.tooth = e[2];
  line.surfaces = (e[3] ?? '').split(d.component).filter(Boolean);
}

/** 2400 SV3 (837D): AD:CDT code and modifiers, charge, facility code when the line's differs, count, pointers. */
function dentalLine(seg: Segment, claim: InboundClaim, d: Delimiters): InboundLine {
  const e = seg.elements;
  const [qualifier, code, ...mods] = (e[1] ?? '').split(d.component);
  return {
    code: code ?? '',
    qualifier: qualifier ?? '',
    modifiers: mods.slice(0, 4).filter(Boolean),
    chargeCents: money(e[2]),
    units: Number(e[6] || '1') || 1,
    placeOfService: e[3] || claim.facilityCode,
    pointers: (e[11] ?? '').split(d.component).map(Number).filter((n) => n > 0),
  };
}

/** A claim from its CLM segment and the 2000A/B/C loops it is under. */
function newClaim(
  seg: Segment,
  d: Delimiters,
  kind: ClaimType,
  ctx: { submitterName: string; billing: { npi?: string; name: string }; subscriber: InboundClaim['subscriber']; patient: InboundClaim['patient']; payer: { id: string; name: string } },
): InboundClaim {
  const e = seg.elements;
  const c05 = (e[5] ?? '').split(d.component);
  return {
    kind,
    position: seg.position,
    patientControlNumber: e[1] ?? '',
    totalCents: money(e[2]),
    facilityCode: c05[0] ?? '',
    frequency: c05[2] ?? '1',
    billingNpi: ctx.billing.npi,
    billingName: ctx.billing.name,
    submitterName: ctx.submitterName,
    subscriber: { ...ctx.subscriber },
    patient: ctx.patient ? { ...ctx.patient } : undefined,
    payerId: ctx.payer.id,
    payerName: ctx.payer.name,
    diagnoses: [],
    otherPayers: [],
    lines: [],
  };
}
