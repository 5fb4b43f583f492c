import type { Condition, Encounter, MedicationRequest, Resource } from 'fhir/r4';
import type { PatientContext } from '../model.js';
import { adjudicateFamily, EOB_PLACEHOLDER, type ClinicalParts, type PendingClaim } from './family-adjudication.js';
import { createRng } from '../random.js';
import { claimsForEncounter } from '../claims/claims-for-encounter.js';
import { coverageForDate, secondaryCoverageForDate } from '../claims/coverage-in-force.js';
import { PENDED_CLAIMS } from '../data/coverage-events.js';
import { CLAIM_LAG_DAYS } from '../data/claims/billing.js';
import { claimsTableProblems } from '../data/claims/check-tables.js';
import { clinicalTableProblems } from '../data/clinical/check-tables.js';
import { PENICILLIN_ALLERGY } from '../data/clinical/care-plans.js';
import { MEDICATIONS } from '../data/clinical/medications.js';
import { appendPharmacyClaims } from './pharmacy-claims.js';
import { penicillinAllergy, primaryCareTeam } from './care-coordination.js';
import { careSitesFor } from './care-sites.js';
import { clinicalNote, homeDevices } from './clinical-notes.js';
import { recordDentalCare } from './dental.js';
import { chronicCondition } from './conditions.js';
import { ageMonthsOn, dayOf, DAYS_PER_YEAR, isoDate } from './dates.js';
import { buildEncounter, reportedFluShot } from './encounter-record.js';
import { ref } from './fhir-parts.js';
import { ImmunizationTracker } from './immunization-schedule.js';
import { drawLabProfile } from './lab-profile.js';
import type { PatientState } from './patient-state.js';
import { drawChronicConditions, type ChronicState } from './prevalence.js';
import { drawRegimen, type PlannedTherapy } from './regimens.js';
import { planTimeline } from './timeline.js';
import { drawBody } from './vital-signs.js';

const DAY_MS = 86_400_000;
const MEDICATION_KEY_BY_RXNORM = new Map(MEDICATIONS.map((m) => [m.rxnorm, m.key]));

/** Keys of the drugs ordered and not stopped in a record. */
function orderedMedications(out: readonly Resource[]): Set<string> {
  const keys = new Set<string>();
  for (const r of out) {
    if (r.resourceType !== 'MedicationRequest' || (r as MedicationRequest).status === 'stopped') continue;
    const key = MEDICATION_KEY_BY_RXNORM.get((r as MedicationRequest).medicationCodeableConcept?.coding?.[0]?.code ?? '');
    if (key) keys.add(key);
  }
  return keys;
}

// The data tables are checked once at load: a typo in a code or a rate fails fast instead of generating nonsense.
const TABLE_PROBLEMS = [...clinicalTableProblems(), ...claimsTableProblems()];
if (TABLE_PROBLEMS.length > 0) throw new Error(`clinical/claims data tables are inconsistent:\n${TABLE_PROBLEMS.join('\n')}`);

/**
 * The clinical and financial history of one patient over the history window: conditions, encounters, vital signs,
 * labs and reports, procedures, immunizations, medications, notes, devices, pharmacy fills and claims, with a slot
 * for each claim's ExplanationOfBenefit (adjudicateFamily fills them).
 * Deterministic from ctx.rng; every date derives from ctx.asOf. https://hl7.org/fhir/R4/resourcelist.html
 */
export function generateClinicalParts(ctx: PatientContext): ClinicalParts {
  const rng = ctx.rng;
  const pi = ctx.patientIndex;
  const patientId = ctx.patient.id ?? `pat-${pi}`;
  const asOfDay = Math.floor(ctx.asOf.getTime() / DAY_MS);
  const birthDate = ctx.patient.birthDate ?? isoDate(asOfDay - Math.floor((ctx.ageYears + 0.5) * DAYS_PER_YEAR));
  const birthDay = dayOf(birthDate);
  const windowStart = Math.max(asOfDay - Math.round(ctx.config.historyYears * DAYS_PER_YEAR), birthDay);
  const counters = new Map<string, number>();
  const nextId = (prefix: string): string => {
    const n = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, n);
    return `${prefix}-${pi}-${n}`;
  };
  const subject = ref('Patient', patientId);
  const chronic = drawChronicConditions(rng, ctx.ageYears, ctx.sex, asOfDay);
  const keys = new Set(chronic.map((c) => c.row.key));
  const state: PatientState = {
    ctx, rng, pharmacyRng: createRng(ctx.config.seed, 'pharmacy', pi), subject, birthDate, birthDay, asOfDay, windowStart, sex: ctx.sex,
    sites: careSitesFor(ctx),
    body: drawBody(rng, ctx.sex, keys.has('obesity'), keys.has('hypertension'), keys.has('copd')),
    chronic,
    chronicConditions: new Map<ChronicState, Condition>(),
    pendingMeds: new Map<ChronicState, PlannedTherapy[]>(),
    labs: drawLabProfile(rng, ctx.ageYears, ctx.sex, keys),
    // A label needs a first antibiotic exposure: none before the first birthday.
    penicillinAllergy: rng.chance(PENICILLIN_ALLERGY.share) && ctx.ageYears >= 1,
    plannedCare: new Set<ChronicState>(),
    tracker: new ImmunizationTracker(ageMonthsOn(birthDate, windowStart)),
    nextId,
    out: [],
  };

  // Allergy label and care team, as first documented in the window.
  if (state.penicillinAllergy) state.out.push(penicillinAllergy(nextId('alg'), subject, isoDate(Math.max(windowStart, birthDay + Math.round(DAYS_PER_YEAR)))));
  const pcp = { practitionerId: ctx.primaryCare.practitioner.id ?? '', organizationId: ctx.primaryCare.organization.id ?? '' };
  state.out.push(primaryCareTeam(nextId('ct'), subject, pcp, isoDate(windowStart)));

  // Problem list and the medications each condition will get.
  for (const c of chronic) {
    const onset = isoDate(c.onsetDay);
    state.out.push(chronicCondition(nextId('cond'), c.row, subject, onset, onset));
    state.chronicConditions.set(c, state.out[state.out.length - 1] as Condition);
    const therapies = drawRegimen(rng, c.row.key);
    if (therapies.length > 0) state.pendingMeds.set(c, therapies);
  }

  const timeline = planTimeline(rng, { birthDate, sex: ctx.sex, ageYears: ctx.ageYears, windowStart, asOfDay, chronic });
  const claimCounter = { n: 0 };
  const numbering = { patientIndex: pi, next: () => ++claimCounter.n };
  const pending: PendingClaim[] = [];
  const lastDay = asOfDay - 1;
  // Pended claims draw from their own stream, so the rest of the record stays the same (data/coverage-events.ts).
  const pendRng = createRng(ctx.config.seed, 'pended-claims', pi);

  for (const planned of timeline.encounters) {
    const at = state.out.length;
    const spec = buildEncounter(state, planned);
    state.out.push(clinicalNote(nextId('doc'), state.out[at] as Encounter, planned));
    const coverage = coverageForDate(ctx.coverages, spec.startDate);
    if (!coverage) continue;
    const createdDay = Math.min(planned.endDay + rng.int(CLAIM_LAG_DAYS.submitMin, CLAIM_LAG_DAYS.submitMax), lastDay);
    const processedDay = Math.min(createdDay + rng.int(CLAIM_LAG_DAYS.adjudicateMin, CLAIM_LAG_DAYS.adjudicateMax), lastDay);
    const claims = claimsForEncounter(spec, coverage, patientId, isoDate(createdDay), numbering);
    const plan = coverage.id ? ctx.plans.get(coverage.id) : undefined;
    const secondary = secondaryCoverageForDate(ctx.coverages, spec.startDate, coverage);
    const secondaryPlan = secondary?.id ? ctx.plans.get(secondary.id) : undefined;
    for (const claim of claims) {
      if (secondary && secondaryPlan) claim.insurance?.push({ sequence: 2, focal: false, coverage: { reference: `Coverage/${secondary.id ?? ''}` } });
      state.out.push(claim);
      if (!plan || !coverage.id) continue;
      const pended = planned.day >= asOfDay - PENDED_CLAIMS.windowDays && pendRng.chance(PENDED_CLAIMS.share);
      // The EOB's place in the record; adjudicateFamily fills it once the family's claims are all known.
      const p: PendingClaim = { claim, coverage, plan, serviceDate: spec.startDate, processedDate: isoDate(processedDay), slot: state.out.length, pended, secondary: undefined };
      state.out.push(EOB_PLACEHOLDER);
      if (secondary && secondaryPlan && !pended) {
        p.secondary = { coverage: secondary, plan: secondaryPlan, slot: state.out.length };
        state.out.push(EOB_PLACEHOLDER);
      }
      pending.push(p);
    }
  }
  for (const day of timeline.reportedFluDays) state.out.push(reportedFluShot(state, day));
  state.out.push(...homeDevices(() => nextId('dev'), subject, orderedMedications(state.out)));
  recordDentalCare(state, numbering, pending);
  appendPharmacyClaims(ctx, state.out, pending, numbering);
  return { resources: state.out, pending };
}

/**
 * The clinical and financial history of one patient adjudicated as a family of one (individual accumulators only);
 * generate-patient.ts adjudicates whole policies with adjudicateFamily.
 */
export function generateClinicalRecord(ctx: PatientContext): Resource[] {
  const parts = generateClinicalParts(ctx);
  adjudicateFamily([parts]);
  return parts.resources;
}
