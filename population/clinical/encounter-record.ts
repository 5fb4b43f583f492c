import type { CodeableConcept, Encounter, Immunization, MedicationRequest, Procedure, Reference } from 'fhir/r4';
import { CODE_SYSTEM } from '../conventions.js';
import type { BillingSpec } from '../claims/billing-spec.js';
import {
  ED_EM_LEVELS,
  INPATIENT_DAILY_LINES,
  ICD10_TITLE,
  INPATIENT_EM,
  MODIFIER,
  OFFICE_EM_LEVELS,
  PLACE_OF_SERVICE,
  PREVENTIVE_VISIT_BY_AGE,
  REVENUE_CODE,
  ROUTINE_EXAM_ICD10,
  TYPE_OF_BILL,
} from '../data/claims/billing.js';
import { ADULT_AGE_YEARS } from '../data/clinical/age-bands.js';
import { CLINIC_START_MINUTES, ENCOUNTER_TYPES } from '../data/clinical/encounter-types.js';
import { INFLUENZA_VACCINE } from '../data/clinical/immunizations.js';
import { ACUTE_PRESCRIPTION_RATE, MEDICATION_BY_KEY, type MedicationRow } from '../data/clinical/medications.js';
import { PROCEDURES, type ProcedureRow } from '../data/clinical/procedures.js';
import { PENICILLIN_ALTERNATIVE } from '../data/clinical/care-plans.js';
import { BillingBuilder } from './billing-lines.js';
import { conditionPlan } from './care-coordination.js';
import { proceduralist, referredSpecialist } from './referrals.js';
import type { Clinician, SitedClinician } from './care-sites.js';
import { acuteCondition } from './conditions.js';
import { ageMonthsOn, ageOn, DAYS_PER_YEAR, isoDate, isoDateTime } from './dates.js';
import { memo, ref } from './fhir-parts.js';
import { profileValues } from './lab-profile.js';
import { labPanel, labReport, orderedPanels } from './labs.js';
import { pharmacyFills } from './pharmacy-fills.js';
import { LAB_TURNAROUND_MINUTES } from '../data/clinical/labs.js';
import type { PatientState } from './patient-state.js';
import type { ChronicState } from './prevalence.js';
import type { PlannedEncounter } from './timeline.js';
import { vitalSigns } from './vital-signs.js';

const PROCEDURE_BY_KEY = new Map(PROCEDURES.map((p) => [p.key, p]));
const PPRF = [{ coding: [{ system: CODE_SYSTEM.v3ParticipationType, code: 'PPRF', display: 'primary performer' }] }];
const DISCHARGED_HOME = { coding: [{ system: CODE_SYSTEM.dischargeDisposition, code: 'home', display: 'Home' }] };
const MINUTES_PER_DAY = 1440;

// Codes from the data tables as CodeableConcepts, built once per row or code and shared (see fhir-parts.ts memo).
const encounterTypeConcept = memo((type: { snomed: string; display: string }): CodeableConcept => (
  { coding: [{ system: CODE_SYSTEM.snomed, code: type.snomed, display: type.display }], text: type.display }));
const medicationConcept = memo((med: MedicationRow): CodeableConcept => ({ coding: [{ system: CODE_SYSTEM.rxnorm, code: med.rxnorm, display: med.display }], text: med.display }));
const procedureConcept = memo((row: ProcedureRow): CodeableConcept => ({ coding: [{ system: CODE_SYSTEM.snomed, code: row.snomed, display: row.display }], text: row.display }));
const cptConcept = memo((code: string): CodeableConcept => ({ coding: [{ system: CODE_SYSTEM.cpt, code }] }));
const hcpcsConcept = memo((code: string): CodeableConcept => ({ coding: [{ system: CODE_SYSTEM.hcpcs, code }] }));

function medicationRequest(s: PatientState, med: MedicationRow, encounter: Reference, requester: string, authored: string, reason: Reference, status: MedicationRequest['status']): MedicationRequest {
  return {
    resourceType: 'MedicationRequest',
    id: s.nextId('med'),
    status,
    intent: 'order',
    medicationCodeableConcept: medicationConcept(med),
    subject: s.subject,
    encounter,
    authoredOn: authored,
    requester: ref('Practitioner', requester),
    reasonReference: [reason],
    dosageInstruction: [{ text: med.dosage }],
  };
}

function immunization(s: PatientState, cvx: string, display: string, encounter: Reference | undefined, when: string, performer: string | undefined): Immunization {
  const imm: Immunization = {
    resourceType: 'Immunization',
    id: s.nextId('imm'),
    status: 'completed',
    vaccineCode: { coding: [{ system: CODE_SYSTEM.cvx, code: cvx, display }], text: display },
    patient: s.subject,
    occurrenceDateTime: when,
    primarySource: encounter !== undefined,
  };
  if (encounter) imm.encounter = encounter;
  if (performer) imm.performer = [{ actor: ref('Practitioner', performer) }];
  return imm;
}

/** A seasonal flu shot reported from outside our network (e.g. a pharmacy): no encounter, not primary source. */
export function reportedFluShot(s: PatientState, day: number): Immunization {
  return immunization(s, INFLUENZA_VACCINE.cvx, INFLUENZA_VACCINE.display, undefined, isoDate(day), undefined);
}

function procedure(s: PatientState, row: ProcedureRow, encounter: Reference, when: string, performer: string, reason: Reference | undefined): Procedure {
  const proc: Procedure = {
    resourceType: 'Procedure',
    id: s.nextId('proc'),
    status: 'completed',
    code: procedureConcept(row),
    subject: s.subject,
    encounter,
    performedDateTime: when,
    performer: [{ actor: ref('Practitioner', performer) }],
  };
  if (reason) proc.reasonReference = [reason];
  return proc;
}

/** Who sees the patient and where: hospital staff for hospital encounters, the performing specialty for procedures, sometimes a specialist for office visits. */
function clinicianFor(s: PatientState, e: PlannedEncounter): SitedClinician {
  const hospital = s.sites.hospital;
  const at = (c: Clinician): SitedClinician => ({ practitionerId: c.practitionerId, taxonomy: c.taxonomy, organizationId: hospital.organizationId, locationId: hospital.locationId });
  if (e.kind === 'emergency') return at(hospital.emergency);
  if (e.kind === 'procedure') return at(proceduralist(s, e) ?? hospital.surgeon);
  if (e.kind === 'inpatient') return at(e.acute?.procedures.length ? hospital.surgeon : hospital.hospitalist);
  return referredSpecialist(s, e) ?? s.sites.primary;
}

/**
 * Builds one encounter and what happened in it (conditions, vitals, labs, procedures, immunizations,
 * medications), appends them to the record, and returns what its claim(s) must bill.
 */
export function buildEncounter(s: PatientState, e: PlannedEncounter): BillingSpec {
  const { rng } = s;
  const clinician = clinicianFor(s, e);
  const orgId = clinician.organizationId;
  const locationId = clinician.locationId;
  const age = ageOn(s.birthDate, e.day);
  const typeKey = e.kind === 'wellness' && age < ADULT_AGE_YEARS ? 'wellChild' : e.kind;
  const type = ENCOUNTER_TYPES[typeKey];
  const startMinute = e.kind === 'emergency' || e.kind === 'inpatient' ? rng.int(0, MINUTES_PER_DAY - 1) : rng.int(CLINIC_START_MINUTES.min, CLINIC_START_MINUTES.max);
  const start = isoDateTime(e.day, startMinute);
  const end = e.kind === 'inpatient'
    ? isoDateTime(e.endDay, e.endDay > e.day ? rng.int(CLINIC_START_MINUTES.min, CLINIC_START_MINUTES.max) : MINUTES_PER_DAY - 1)
    : isoDateTime(e.day, Math.min(startMinute + type.minutes, MINUTES_PER_DAY - 1));
  const encounterId = s.nextId('enc');
  const encRef = ref('Encounter', encounterId);
  const encounter: Encounter = {
    resourceType: 'Encounter',
    id: encounterId,
    status: 'finished',
    class: { system: CODE_SYSTEM.v3ActCode, code: type.actCode, display: type.actDisplay },
    type: [encounterTypeConcept(type)],
    subject: s.subject,
    participant: [{ type: PPRF, individual: ref('Practitioner', clinician.practitionerId) }],
    period: { start, end },
  };
  s.out.push(encounter);
  const billing = new BillingBuilder();
  const date = isoDate(e.day);

  const { acuteRef, fever, followed } = recordReasons(s, e, { encounter, billing, start, age });
  encounter.serviceProvider = ref('Organization', orgId);
  encounter.location = [{ location: ref('Location', locationId) }];
  if (e.kind === 'inpatient') encounter.hospitalization = { dischargeDisposition: DISCHARGED_HOME };

  // Vital signs.
  const exactAge = (e.day - s.birthDay) / DAYS_PER_YEAR;
  for (const obs of vitalSigns(rng, s.body, { nextId: () => s.nextId('obs'), subject: s.subject, encounter: encRef, effective: start, age: exactAge, fever }, e.kind)) s.out.push(obs);

  const labCpts = drawLabs(s, e, { encRef, start, startMinute, age, fever, followed });

  // Procedures.
  const procedureRows: ProcedureRow[] = [];
  for (const key of e.acute?.procedures ?? []) {
    const row = PROCEDURE_BY_KEY.get(key);
    if (row) procedureRows.push(row);
  }
  if (e.procedure) procedureRows.push(e.procedure);
  for (const row of procedureRows) s.out.push(procedure(s, row, encRef, start, clinician.practitionerId, acuteRef));

  const vaccineCpts = giveVaccines(s, e, encRef, start, clinician.practitionerId);

  // Medications: the acute course, and chronic prescriptions not yet written.
  if (e.acute && acuteRef && e.acute.medications.length > 0 && rng.chance(ACUTE_PRESCRIPTION_RATE)) {
    const first = MEDICATION_BY_KEY.get(e.acute.medications[0]);
    const med = first?.penicillin && s.penicillinAllergy ? MEDICATION_BY_KEY.get(PENICILLIN_ALTERNATIVE) : first;
    if (med) s.out.push(medicationRequest(s, med, encRef, clinician.practitionerId, start, acuteRef, e.day + e.acute.durationDays < s.asOfDay ? 'completed' : 'active'));
  }
  if (e.kind === 'followup' || e.kind === 'wellness') {
    for (const c of e.reasons) {
      const at = { encounter: encRef, requester: clinician.practitionerId, authored: start, day: e.day };
      planCare(s, c, at, prescribeChronic(s, c, at));
    }
  }

  const { placeOfService, facility } = billServices(s, e, { billing, age, labCpts, vaccineCpts, procedureRows, orgId });
  // Encounter type also carries the principal billed service code (CPT/HCPCS) for search by billing code.
  const principal = billing.professional[0];
  if (principal) {
    encounter.type?.push(principal.system === 'hcpcs' ? hcpcsConcept(principal.code) : cptConcept(principal.code));
  }
  return billing.spec({
    encounterId,
    startDate: date,
    endDate: isoDate(e.endDay),
    placeOfService,
    renderingPractitionerId: clinician.practitionerId,
    renderingTaxonomy: clinician.taxonomy,
    billingOrganizationId: orgId,
    facilityLocationId: locationId,
  }, facility);
}

/** Records the problems the encounter addresses (new chronic diagnoses, the acute problem, follow-ups) and their codes. */
function recordReasons(s: PatientState, e: PlannedEncounter, v: { encounter: Encounter; billing: BillingBuilder; start: string; age: number }) {
  const { rng } = s;
  const { encounter, billing, start, age } = v;
  const encRef = ref('Encounter', encounter.id ?? '');
  // Chronic conditions first seen in the window are recorded at the first visit after onset.
  for (const c of s.chronic) {
    const condition = s.chronicConditions.get(c);
    if (condition && !condition.encounter && c.onsetDay >= s.windowStart && c.onsetDay <= e.day) {
      condition.encounter = encRef;
      condition.recordedDate = start;
    }
  }

  // The problem treated: an acute condition, or the chronic conditions followed up.
  let acuteRef: Reference | undefined;
  const fever = e.acute !== undefined && rng.chance(e.acute.feverRate);
  if (e.acute) {
    const abatementDay = e.day + e.acute.durationDays;
    const condition = acuteCondition(s.nextId('cond'), e.acute, s.subject, encRef, start, abatementDay < s.asOfDay ? isoDate(abatementDay) : undefined);
    s.out.push(condition);
    acuteRef = ref('Condition', condition.id ?? '');
    encounter.reasonReference = [acuteRef];
    billing.diagnosis(e.acute.icd10);
  }
  const followed = e.kind === 'followup' ? [...e.reasons].sort((a, b) => b.row.followUpsPerYear - a.row.followUpsPerYear) : [];
  if (followed.length > 0) {
    encounter.reasonReference = followed.map((c) => ref('Condition', s.chronicConditions.get(c)?.id ?? ''));
    for (const c of followed) billing.diagnosis(c.row.icd10);
  }
  const reasonIcd = e.kind === 'wellness' ? (age < ADULT_AGE_YEARS ? ROUTINE_EXAM_ICD10.child : ROUTINE_EXAM_ICD10.adult)
    : e.kind === 'procedure' ? e.procedure?.screeningIcd10 : undefined;
  if (reasonIcd) {
    billing.diagnosis(reasonIcd);
    encounter.reasonCode = [{ coding: [{ system: CODE_SYSTEM.icd10cm, code: reasonIcd, display: ICD10_TITLE[reasonIcd] }] }];
  }
  if (e.kind === 'emergency' || e.kind === 'inpatient') {
    for (const c of e.reasons.slice(0, 3)) billing.diagnosis(c.row.icd10);
  }
  return { acuteRef, fever, followed };
}

/** Draws the lab panels of the encounter (acute work-up, or by the order table) and returns their billed codes. */
function drawLabs(s: PatientState, e: PlannedEncounter, v: { encRef: Reference; start: string; startMinute: number; age: number; fever: boolean; followed: ChronicState[] }): string[] {
  const { rng } = s;
  const { encRef, start, startMinute, age, fever, followed } = v;
  const conditions = new Set(e.reasons.map((c) => c.row.key));
  if (fever) conditions.add('infection');
  const contexts = e.kind === 'wellness' ? ['wellness'] : followed.map((c) => c.row.key);
  const panels = e.acute ? [...e.acute.labs] : orderedPanels(rng, contexts, age);
  const issued = isoDateTime(e.day, Math.min(startMinute + LAB_TURNAROUND_MINUTES, MINUTES_PER_DAY - 1));
  for (const key of panels) {
    const values = profileValues(rng, key, s.labs, { day: e.day, age, sex: s.sex });
    const { observations, report } = labReport(rng, labPanel(key), {
      nextObservationId: () => s.nextId('obs'), reportId: s.nextId('dr'), subject: s.subject, encounter: encRef,
      effective: start, issued, age, sex: s.sex, conditions, values,
    });
    for (const o of observations) s.out.push(o);
    s.out.push(report);
  }
  return panels.map((k) => labPanel(k).cpt);

}

/** Scheduled doses at well visits and the seasonal flu shot where planned; returns their billed codes. */
function giveVaccines(s: PatientState, e: PlannedEncounter, encRef: Reference, start: string, practitionerId: string): string[] {
  const vaccineCpts: string[] = [];
  if (e.kind === 'wellness') {
    for (const dose of s.tracker.dueAt(ageMonthsOn(s.birthDate, e.day))) {
      s.out.push(immunization(s, dose.row.cvx, dose.row.display, encRef, start, practitionerId));
      vaccineCpts.push(dose.row.cpt);
    }
  }
  if (e.flu) {
    s.out.push(immunization(s, INFLUENZA_VACCINE.cvx, INFLUENZA_VACCINE.display, encRef, start, practitionerId));
    vaccineCpts.push(INFLUENZA_VACCINE.cpt);
  }

  return vaccineCpts;
}

interface BilledServices { billing: BillingBuilder; age: number; labCpts: string[]; vaccineCpts: string[]; procedureRows: ProcedureRow[]; orgId: string }
type Facility = { typeOfBill: string; organizationId: string; admission?: { start: string; end: string } };

/** Adds the professional and facility lines of the encounter by its kind; returns the place of service and facility bill. */
function billServices(s: PatientState, e: PlannedEncounter, v: BilledServices): { placeOfService: string; facility?: Facility } {
  const { rng } = s;
  const { billing, age, labCpts, vaccineCpts, procedureRows, orgId } = v;
  const date = isoDate(e.day);
  const pointers = billing.leading();
  let placeOfService: string = PLACE_OF_SERVICE.office;
  let facility: Facility | undefined;
  switch (e.kind) {
    case 'wellness': {
      const visit = PREVENTIVE_VISIT_BY_AGE.find((v) => age <= v.maxAge) ?? PREVENTIVE_VISIT_BY_AGE[PREVENTIVE_VISIT_BY_AGE.length - 1];
      billing.pro(visit.cpt, [1]);
      billing.officeLabs(labCpts, [1]);
      if (vaccineCpts.length > 0) billing.vaccines(vaccineCpts, billing.diagnosis(ROUTINE_EXAM_ICD10.immunization));
      break;
    }
    case 'followup':
    case 'acute': {
      const level = rng.weighted(OFFICE_EM_LEVELS[e.kind], (l) => l.weight).cpt;
      billing.pro(level, pointers, { modifiers: vaccineCpts.length > 0 ? [MODIFIER.separateEm] : [] });
      billing.officeLabs(labCpts, pointers);
      billing.officeTests(e.acute?.extraLines ?? [], pointers);
      if (vaccineCpts.length > 0) billing.vaccines(vaccineCpts, billing.diagnosis(ROUTINE_EXAM_ICD10.immunization));
      break;
    }
    case 'emergency': {
      placeOfService = PLACE_OF_SERVICE.emergency;
      const level = rng.weighted(ED_EM_LEVELS, (l) => l.weight).cpt;
      billing.pro(level, pointers);
      billing.fac(REVENUE_CODE.emergencyRoom, level, pointers);
      for (const cpt of labCpts) billing.fac(REVENUE_CODE.laboratory, cpt, pointers);
      for (const row of procedureRows) {
        billing.pro(row.professionalCode, pointers);
        billing.fac(row.revenue, row.facilityCode, pointers);
      }
      billing.hospitalAncillaries(e.acute?.extraLines ?? [], pointers);
      facility = { typeOfBill: TYPE_OF_BILL.outpatient, organizationId: orgId };
      break;
    }
    case 'inpatient': {
      placeOfService = PLACE_OF_SERVICE.inpatient;
      const nights = Math.max(1, e.endDay - e.day);
      billing.pro(INPATIENT_EM.initial, pointers);
      for (const row of procedureRows) billing.pro(row.professionalCode, pointers);
      billing.pro(INPATIENT_EM.discharge, pointers, { date: isoDate(e.endDay) });
      for (const revenue of INPATIENT_DAILY_LINES) billing.fac(revenue, undefined, pointers, nights);
      for (const cpt of labCpts) billing.fac(REVENUE_CODE.laboratory, cpt, pointers);
      for (const row of procedureRows) billing.fac(row.revenue, row.facilityCode, pointers);
      facility = { typeOfBill: TYPE_OF_BILL.inpatient, organizationId: orgId, admission: { start: date, end: isoDate(e.endDay) } };
      break;
    }
    case 'procedure': {
      placeOfService = PLACE_OF_SERVICE.outpatientHospital;
      for (const row of procedureRows) {
        billing.pro(row.professionalCode, pointers);
        billing.fac(row.revenue, row.facilityCode, pointers);
      }
      facility = { typeOfBill: TYPE_OF_BILL.outpatient, organizationId: orgId };
      break;
    }
  }
  return { placeOfService, facility };
}

/**
 * Writes the chronic medications of a condition at the first visit that addresses it (once): `stopped` with the
 * validity period ending on the day the patient stopped, else `active`. A condition that began before the history
 * window was already being treated, so its drugs act on every lab in the window; otherwise from the order on.
 * https://hl7.org/fhir/R4/medicationrequest.html
 */
function prescribeChronic(s: PatientState, c: ChronicState, at: VisitMoment): MedicationRequest[] {
  const therapies = s.pendingMeds.get(c);
  const condition = s.chronicConditions.get(c);
  const written: MedicationRequest[] = [];
  if (!therapies || !condition) return written;
  s.pendingMeds.delete(c);
  const fromDay = c.onsetDay < s.windowStart ? s.windowStart - 1 : at.day;
  for (const t of therapies) {
    const stopDay = t.stopAfterDays === undefined ? undefined : at.day + t.stopAfterDays;
    const stopped = stopDay !== undefined && stopDay < s.asOfDay;
    const request = medicationRequest(s, t.med, at.encounter, at.requester, at.authored, ref('Condition', condition.id ?? ''), stopped ? 'stopped' : 'active');
    request.dispenseRequest = { validityPeriod: stopped ? { start: isoDate(at.day), end: isoDate(stopDay) } : { start: isoDate(at.day) } };
    s.out.push(request);
    written.push(request);
    s.out.push(...pharmacyFills(s.pharmacyRng, { request, med: t.med, orderDay: at.day, stopDay, adherent: t.adherent, untilDay: s.asOfDay, nextId: () => s.nextId('mdisp') }));
    const effect = t.med.effect;
    if (!effect) continue;
    const full = effect.target === 'ldl' ? effect.fraction[0] + s.rng.next() * (effect.fraction[1] - effect.fraction[0]) : effect.delta;
    s.labs.effects.push({ target: effect.target, amount: t.adherent ? full : full / 2, fromDay, toDay: stopped ? stopDay : undefined });
  }
  return written;
}

interface VisitMoment { encounter: Reference; requester: string; authored: string; day: number }

/** The Goal and CarePlan of a chronic condition, at the first visit that addresses it (once). */
function planCare(s: PatientState, c: ChronicState, at: VisitMoment, meds: readonly MedicationRequest[]): void {
  const condition = s.chronicConditions.get(c);
  if (!condition || s.plannedCare.has(c)) return;
  s.plannedCare.add(c);
  const made = conditionPlan(c.row.key, condition, meds, {
    ids: { goal: s.nextId('goal'), plan: s.nextId('cp') }, subject: s.subject, encounter: at.encounter, author: at.requester,
    date: isoDate(at.day), created: at.authored,
  });
  if (made) s.out.push(...made);
}
