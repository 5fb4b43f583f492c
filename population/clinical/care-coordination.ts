import type { AllergyIntolerance, CarePlan, CareTeam, Condition, Goal, MedicationRequest, Reference } from 'fhir/r4';
import { CODE_SYSTEM } from '../conventions.js';
import { CARE_SYSTEMS, CARE_TEAM_CATEGORY, GOAL_BY_CONDITION, PCP_ROLE, PENICILLIN_ALLERGY } from '../data/clinical/care-plans.js';
import { ref } from './fhir-parts.js';

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const narrative = (text: string): CarePlan['text'] => ({ status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml">${escapeXml(text)}</div>` });

/** A reported (unconfirmed) penicillin allergy label. https://hl7.org/fhir/us/core/STU6.1/StructureDefinition-us-core-allergyintolerance.html */
export function penicillinAllergy(id: string, patient: Reference, recorded: string): AllergyIntolerance {
  return {
    resourceType: 'AllergyIntolerance',
    id,
    clinicalStatus: { coding: [{ system: CARE_SYSTEMS.allergyClinical, code: 'active', display: 'Active' }] },
    verificationStatus: { coding: [{ system: CARE_SYSTEMS.allergyVerification, code: 'unconfirmed', display: 'Unconfirmed' }] },
    type: 'allergy',
    category: ['medication'],
    criticality: 'low',
    code: { coding: [{ system: CODE_SYSTEM.rxnorm, code: PENICILLIN_ALLERGY.rxnorm, display: PENICILLIN_ALLERGY.display }], text: PENICILLIN_ALLERGY.display },
    patient,
    recordedDate: recorded,
    reaction: [{ manifestation: [{ coding: [{ system: CODE_SYSTEM.snomed, code: PENICILLIN_ALLERGY.reaction.snomed, display: PENICILLIN_ALLERGY.reaction.display }] }] }],
  };
}

/** The patient's care team: their primary care practitioner at the practice. https://hl7.org/fhir/us/core/STU6.1/StructureDefinition-us-core-careteam.html */
export function primaryCareTeam(id: string, subject: Reference, pcp: { practitionerId: string; organizationId: string }, start: string): CareTeam {
  return {
    resourceType: 'CareTeam',
    id,
    status: 'active',
    category: [{ coding: [{ system: CODE_SYSTEM.loinc, code: CARE_TEAM_CATEGORY.loinc, display: CARE_TEAM_CATEGORY.display }] }],
    name: 'Primary care team',
    subject,
    period: { start },
    participant: [{
      role: [{ coding: [{ system: CODE_SYSTEM.snomed, code: PCP_ROLE.snomed, display: PCP_ROLE.display }] }],
      member: ref('Practitioner', pcp.practitionerId),
      onBehalfOf: ref('Organization', pcp.organizationId),
    }],
    managingOrganization: [ref('Organization', pcp.organizationId)],
  };
}

export interface PlanContext {
  ids: { goal: string; plan: string };
  subject: Reference;
  encounter: Reference;
  author: string;
  /** Date the plan is made (YYYY-MM-DD) and its timestamp. */
  date: string;
  created: string;
}

/**
 * The Goal and CarePlan for a chronic condition, made at the visit that first addresses it: the guideline goal
 * (GOAL_BY_CONDITION) and the drugs ordered for it as plan activities. https://hl7.org/fhir/R4/careplan.html
 */
export function conditionPlan(conditionKey: string, condition: Condition, meds: readonly MedicationRequest[], c: PlanContext): [Goal, CarePlan] | undefined {
  const row = GOAL_BY_CONDITION[conditionKey];
  if (!row) return undefined;
  const conditionRef = ref('Condition', condition.id ?? '');
  const goal: Goal = {
    resourceType: 'Goal',
    id: c.ids.goal,
    lifecycleStatus: 'active',
    achievementStatus: { coding: [{ system: CARE_SYSTEMS.goalAchievement, code: 'in-progress', display: 'In Progress' }] },
    description: { text: row.description },
    subject: c.subject,
    startDate: c.date,
    addresses: [conditionRef],
    expressedBy: ref('Practitioner', c.author),
  };
  if (row.target) {
    const t = row.target;
    goal.target = [{
      measure: { coding: [{ system: CODE_SYSTEM.loinc, code: t.loinc, display: t.display }] },
      detailRange: { high: { value: t.high, unit: t.unit, system: CODE_SYSTEM.ucum, code: t.unit } },
    }];
  }
  const name = condition.code?.text ?? conditionKey;
  const plan: CarePlan = {
    resourceType: 'CarePlan',
    id: c.ids.plan,
    text: narrative(`Care plan for ${name}. Goal: ${row.description}.${meds.length > 0 ? ` Medications: ${meds.map((m) => m.medicationCodeableConcept?.text ?? '').join('; ')}.` : ''}`),
    status: 'active',
    intent: 'plan',
    category: [{ coding: [{ system: CARE_SYSTEMS.usCoreCarePlanCategory, code: 'assess-plan', display: 'Assessment and Plan of Treatment' }] }],
    title: `${name} care plan`,
    subject: c.subject,
    encounter: c.encounter,
    period: { start: c.date },
    created: c.created,
    author: ref('Practitioner', c.author),
    addresses: [conditionRef],
    goal: [ref('Goal', goal.id ?? '')],
  };
  if (meds.length > 0) plan.activity = meds.map((m) => ({ reference: ref('MedicationRequest', m.id ?? '') }));
  return [goal, plan];
}
