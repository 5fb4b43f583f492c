import type { AllergyIntolerance, CarePlan, CareTeam, Condition, Goal, MedicationRequest } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { GOAL_BY_CONDITION, PENICILLIN_ALLERGY } from '../../population/data/clinical/care-plans.js';
import { MEDICATION_BY_KEY } from '../../population/data/clinical/medications.js';
import { clinicalSample, ofType } from './clinical-fixture.js';

// US Core resources beside the problem list (issue 16): AllergyIntolerance, CareTeam, Goal, CarePlan.
const sample = clinicalSample(1500, { seed: 'coordination' });
const AMOXICILLIN = MEDICATION_BY_KEY.get('amoxicillin')?.rxnorm;
const drugOf = (m: MedicationRequest): string => m.medicationCodeableConcept?.coding?.[0]?.code ?? '';

describe('allergy labels', () => {
  it('about 10% carry an unconfirmed penicillin label (CDC), and none of them is prescribed amoxicillin', () => {
    let labelled = 0;
    let amoxicillinOthers = 0;
    for (const { resources } of sample) {
      const allergies = ofType<AllergyIntolerance>(resources, 'AllergyIntolerance');
      const amoxicillin = ofType<MedicationRequest>(resources, 'MedicationRequest').filter((m) => drugOf(m) === AMOXICILLIN).length;
      if (allergies.length === 0) {
        amoxicillinOthers += amoxicillin;
        continue;
      }
      labelled++;
      expect(allergies).toHaveLength(1);
      expect(allergies[0].code?.coding?.[0]?.code).toBe(PENICILLIN_ALLERGY.rxnorm);
      expect(allergies[0].verificationStatus?.coding?.[0]?.code).toBe('unconfirmed');
      expect(allergies[0].clinicalStatus?.coding?.[0]?.code).toBe('active');
      expect(amoxicillin).toBe(0);
    }
    expect(labelled / sample.length).toBeGreaterThan(PENICILLIN_ALLERGY.share - 0.03);
    expect(labelled / sample.length).toBeLessThan(PENICILLIN_ALLERGY.share + 0.03);
    expect(amoxicillinOthers).toBeGreaterThan(20);
  });
});

describe('care team', () => {
  it('every patient has one active care team led by their primary care practitioner (Patient.generalPractitioner)', () => {
    for (const { ctx, resources } of sample) {
      const teams = ofType<CareTeam>(resources, 'CareTeam');
      expect(teams).toHaveLength(1);
      expect(teams[0].status).toBe('active');
      expect(teams[0].participant?.[0]?.member?.reference).toBe(ctx.patient.generalPractitioner?.[0]?.reference);
      expect(teams[0].participant?.[0]?.role?.[0]?.coding?.[0]?.code).toBe('446050000');
    }
  });
});

describe('goals and care plans', () => {
  it('each care plan addresses a chronic problem, has its guideline goal, and lists the drugs ordered for it', () => {
    let plans = 0;
    let withDrugs = 0;
    for (const { resources } of sample) {
      const conditions = new Map(ofType<Condition>(resources, 'Condition').map((c) => [`Condition/${c.id ?? ''}`, c]));
      const goals = new Map(ofType<Goal>(resources, 'Goal').map((g) => [`Goal/${g.id ?? ''}`, g]));
      const meds = new Map(ofType<MedicationRequest>(resources, 'MedicationRequest').map((m) => [`MedicationRequest/${m.id ?? ''}`, m]));
      const addressed = new Set<string>();
      for (const plan of ofType<CarePlan>(resources, 'CarePlan')) {
        plans++;
        const problem = plan.addresses?.[0]?.reference ?? '';
        expect(conditions.get(problem)?.category?.[0]?.coding?.[0]?.code, plan.id).toBe('problem-list-item');
        expect(addressed.has(problem), `${problem} planned twice`).toBe(false);
        addressed.add(problem);
        expect(plan).toMatchObject({ status: 'active', intent: 'plan', text: { status: 'generated' } });
        const goal = goals.get(plan.goal?.[0]?.reference ?? '');
        expect(goal?.addresses?.[0]?.reference).toBe(problem);
        expect(Object.values(GOAL_BY_CONDITION).map((g) => g.description)).toContain(goal?.description.text);
        for (const activity of plan.activity ?? []) {
          expect(meds.get(activity.reference?.reference ?? '')?.reasonReference?.[0]?.reference).toBe(problem);
        }
        if ((plan.activity ?? []).length > 0) withDrugs++;
      }
      // Every chronic order belongs to a plan of its condition (both are made at the same visit).
      for (const m of meds.values()) {
        const reason = conditions.get(m.reasonReference?.[0]?.reference ?? '');
        if (reason?.category?.[0]?.coding?.[0]?.code === 'problem-list-item') expect(addressed.has(m.reasonReference?.[0]?.reference ?? ''), m.id).toBe(true);
      }
    }
    expect(plans).toBeGreaterThan(300);
    expect(withDrugs).toBeGreaterThan(100);
  });
});
