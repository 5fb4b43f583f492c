import type { Claim, CodeableConcept, Encounter, Procedure } from 'fhir/r4';
import { CODE_SYSTEM, IDENTIFIER } from '../conventions.js';
import { CLAIM_LAG_DAYS, PLACE_OF_SERVICE } from '../data/claims/billing.js';
import {
  CDT_CODES,
  DENTAL_VISIT_PATTERN as PATTERN,
  DENTAL_VISIT_SHARE_BY_AGE,
  GENERAL_DENTIST_TAXONOMY,
  POSTERIOR_TEETH,
  RESTORATION_SURFACES,
  type CdtRow,
} from '../data/clinical/dental.js';
import { usd } from '../adjudication/money.js';
import { patientControlNumber, type ClaimNumbering } from '../claims/claims-for-encounter.js';
import { claimConcept } from '../claims/code-display.js';
import { coverageForDate } from '../claims/coverage-in-force.js';
import { createRng, type Rng } from '../random.js';
import type { SitedClinician } from './care-sites.js';
import { dentalNote } from './clinical-notes.js';
import { ageOn, isoDate, isoDateTime } from './dates.js';
import { EOB_PLACEHOLDER, type PendingClaim } from './family-adjudication.js';
import { memo, ref } from './fhir-parts.js';
import type { PatientState } from './patient-state.js';

/** One billed dental procedure: its CDT row, and the tooth (ADA Universal) and surfaces when it names them. */
export interface DentalLine {
  row: CdtRow;
  tooth?: string;
  surfaces?: readonly string[];
}

const DENTAL_ENCOUNTER_TYPE: CodeableConcept = {
  coding: [{ system: CODE_SYSTEM.snomed, code: '34043003', display: 'Dental consultation and report' }],
  text: 'Dental visit',
};
/** A CDT procedure's code, built once per row and shared. */
const cdtConcept = memo((row: { code: string; display: string }): CodeableConcept => ({ coding: [{ system: CODE_SYSTEM.cdt, code: row.code, display: row.display }] }));
const AMBULATORY = { system: CODE_SYSTEM.v3ActCode, code: 'AMB', display: 'ambulatory' };
const ORAL = { coding: [{ system: CODE_SYSTEM.claimType, code: 'oral' }] };
const PRIORITY_NORMAL = { coding: [{ system: CODE_SYSTEM.processPriority, code: 'normal' }] };
const ROLE_PRIMARY = { coding: [{ system: CODE_SYSTEM.claimCareTeamRole, code: 'primary' }] };
const DAYS_PER_RECALL_YEAR = 365;
const HALF_YEAR = 182;

function shareAt(age: number): number {
  let share = 0;
  for (const band of DENTAL_VISIT_SHARE_BY_AGE) if (age >= band.minAge) share = band.share;
  return share;
}

/** The procedures of a recall visit: evaluation, yearly bitewings, prophylaxis, fluoride, and what the exam finds. */
export function recallLines(rng: Rng, age: number, firstOfYear: boolean): DentalLine[] {
  const lines: DentalLine[] = [{ row: CDT_CODES.periodicEvaluation }];
  if (firstOfYear && age >= PATTERN.bitewingsFromAge) lines.push({ row: age >= PATTERN.permanentPosteriorAge ? CDT_CODES.bitewingsFour : CDT_CODES.bitewingsTwo });
  lines.push({ row: age >= PATTERN.adultProphylaxisAge ? CDT_CODES.prophylaxisAdult : CDT_CODES.prophylaxisChild });
  if (age < PATTERN.fluorideBelowAge) lines.push({ row: CDT_CODES.fluorideVarnish });
  const teeth = age >= PATTERN.permanentPosteriorAge ? POSTERIOR_TEETH.permanent : POSTERIOR_TEETH.primary;
  if (rng.chance(PATTERN.restorationRate)) {
    const two = rng.chance(PATTERN.twoSurfaceShare);
    lines.push({
      row: two ? CDT_CODES.resinTwoSurfacesPosterior : CDT_CODES.resinOneSurfacePosterior,
      tooth: rng.pick(teeth),
      surfaces: rng.pick(two ? RESTORATION_SURFACES.two : RESTORATION_SURFACES.one),
    });
  }
  if (age >= PATTERN.adultProphylaxisAge && rng.chance(PATTERN.extractionRate)) lines.push({ row: CDT_CODES.extraction, tooth: rng.pick(POSTERIOR_TEETH.permanent) });
  return lines;
}

/** The visit days of the window: per year, a visit with the age band's share, a six-month recall for some. */
function visitDays(rng: Rng, s: PatientState): Array<{ day: number; firstOfYear: boolean }> {
  const days: Array<{ day: number; firstOfYear: boolean }> = [];
  for (let year = s.windowStart; year < s.asOfDay; year += DAYS_PER_RECALL_YEAR) {
    if (!rng.chance(shareAt(ageOn(s.birthDate, year)))) continue;
    const first = year + rng.int(0, HALF_YEAR - 1);
    const recall = rng.chance(PATTERN.twiceYearlyShare);
    const second = first + HALF_YEAR + rng.int(-14, 14);
    if (first < s.asOfDay && ageOn(s.birthDate, first) >= 2) days.push({ day: first, firstOfYear: true });
    if (recall && second < s.asOfDay && ageOn(s.birthDate, second) >= 2) days.push({ day: second, firstOfYear: false });
  }
  return days;
}

/** Tooth (ADA Universal) and surfaces (ADA tooth surface codes) as item.bodySite / item.subSite and Procedure.bodySite. */
export function toothSite(tooth: string | undefined, surfaces: readonly string[] | undefined): { bodySite?: CodeableConcept; subSite?: CodeableConcept[] } {
  if (!tooth) return {};
  const bodySite = { coding: [{ system: CODE_SYSTEM.adaTooth, code: tooth }] };
  const subSite = surfaces?.map((code) => ({ coding: [{ system: CODE_SYSTEM.adaToothSurface, code }] }));
  return subSite && subSite.length > 0 ? { bodySite, subSite } : { bodySite };
}

interface Visit {
  day: number;
  start: string;
  encounterId: string;
  dentist: SitedClinician;
  lines: DentalLine[];
}

function dentalEncounter(s: PatientState, v: Visit, end: string): Encounter {
  return {
    resourceType: 'Encounter',
    id: v.encounterId,
    status: 'finished',
    class: AMBULATORY,
    type: [DENTAL_ENCOUNTER_TYPE],
    subject: s.subject,
    participant: [{ individual: ref('Practitioner', v.dentist.practitionerId) }],
    period: { start: v.start, end },
    location: [{ location: ref('Location', v.dentist.locationId) }],
    serviceProvider: ref('Organization', v.dentist.organizationId),
  };
}

function dentalProcedure(s: PatientState, v: Visit, line: DentalLine): Procedure {
  const { bodySite, subSite } = toothSite(line.tooth, line.surfaces);
  const procedure: Procedure = {
    resourceType: 'Procedure',
    id: s.nextId('proc'),
    status: 'completed',
    code: { coding: [{ system: CODE_SYSTEM.cdt, code: line.row.code, display: line.row.display }], text: line.row.display },
    subject: s.subject,
    encounter: ref('Encounter', v.encounterId),
    performedDateTime: v.start,
    performer: [{ actor: ref('Practitioner', v.dentist.practitionerId) }],
  };
  if (bodySite) procedure.bodySite = [bodySite, ...(subSite ?? [])];
  return procedure;
}

/** The dental claim (837D / ADA claim form) of a visit: CDT lines with tooth and surfaces. https://hl7.org/fhir/R4/claim.html */
export function dentalClaim(s: PatientState, v: Visit, ids: { claimId: string; pcn: string; coverage: NonNullable<ReturnType<typeof coverageForDate>>; created: string }): Claim {
  const date = isoDate(v.day);
  const pos = claimConcept(CODE_SYSTEM.placeOfService, PLACE_OF_SERVICE.office);
  let total = 0;
  const item = v.lines.map((line, i) => {
    const cents = line.row.fee * 100;
    total += cents;
    return Object.assign({
      sequence: i + 1,
      careTeamSequence: [1],
      productOrService: cdtConcept(line.row),
      servicedDate: date,
      locationCodeableConcept: pos,
      quantity: { value: 1 },
      unitPrice: usd(cents),
      net: usd(cents),
    }, toothSite(line.tooth, line.surfaces));
  });
  return {
    resourceType: 'Claim',
    id: ids.claimId,
    identifier: [{ system: IDENTIFIER.patientControlNumber, value: ids.pcn }],
    status: 'active',
    type: ORAL,
    use: 'claim',
    patient: s.subject,
    billablePeriod: { start: date, end: date },
    created: ids.created,
    insurer: ids.coverage.payor[0],
    provider: ref('Organization', v.dentist.organizationId),
    priority: PRIORITY_NORMAL,
    careTeam: [{
      sequence: 1,
      provider: ref('Practitioner', v.dentist.practitionerId),
      role: ROLE_PRIMARY,
      qualification: { coding: [{ system: CODE_SYSTEM.nuccTaxonomy, code: v.dentist.taxonomy }] },
    }],
    insurance: [{ sequence: 1, focal: true, coverage: ref('Coverage', ids.coverage.id ?? '') }],
    facility: ref('Location', v.dentist.locationId),
    item,
    total: usd(total),
  };
}

/**
 * The patient's dental care over the window (recall visits with a general dentist, NHIS visit shares by age), each
 * visit an Encounter, its Procedures, its progress note and a Claim of type oral queued for adjudication. Draws come from the patient's
 * own dental stream and everything is appended after the medical record, so the rest of the record is unchanged.
 */
export function recordDentalCare(s: PatientState, numbering: ClaimNumbering, pending: PendingClaim[]): void {
  const dentist = s.sites.specialist(GENERAL_DENTIST_TAXONOMY);
  if (!dentist) return;
  const rng = createRng(s.ctx.config.seed, 'dental', s.ctx.patientIndex);
  for (const { day, firstOfYear } of visitDays(rng, s)) {
    const minute = rng.int(PATTERN.officeMinutes[0], PATTERN.officeMinutes[1]);
    const v: Visit = { day, start: isoDateTime(day, minute), encounterId: s.nextId('enc'), dentist, lines: recallLines(rng, ageOn(s.birthDate, day), firstOfYear) };
    const encounter = dentalEncounter(s, v, isoDateTime(day, minute + PATTERN.visitMinutes));
    s.out.push(encounter);
    for (const line of v.lines) s.out.push(dentalProcedure(s, v, line));
    const problems = s.chronic.filter((c) => c.onsetDay <= day).map((c) => c.row.display);
    s.out.push(dentalNote(s.nextId('doc'), encounter, v.lines.map((l) => l.row.display), problems));
    const coverage = coverageForDate(s.ctx.coverages, isoDate(day));
    const plan = coverage?.id ? s.ctx.plans.get(coverage.id) : undefined;
    if (!coverage || !plan) continue;
    const lastDay = s.asOfDay - 1;
    const createdDay = Math.min(day + rng.int(CLAIM_LAG_DAYS.submitMin, CLAIM_LAG_DAYS.submitMax), lastDay);
    const processedDay = Math.min(createdDay + rng.int(CLAIM_LAG_DAYS.adjudicateMin, CLAIM_LAG_DAYS.adjudicateMax), lastDay);
    const n = numbering.next();
    const claim = dentalClaim(s, v, { claimId: `clm-${numbering.patientIndex}-${n}`, pcn: patientControlNumber(numbering.patientIndex, n), coverage, created: isoDate(createdDay) });
    s.out.push(claim);
    pending.push({ claim, coverage, plan, serviceDate: isoDate(day), processedDate: isoDate(processedDay), slot: s.out.length, pended: false, secondary: undefined });
    s.out.push(EOB_PLACEHOLDER);
  }
}
