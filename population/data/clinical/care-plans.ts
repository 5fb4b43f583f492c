/**
 * Care coordination data for the US Core resources testers expect beside the problem list: the allergy label most
 * records carry (penicillin), a Goal and CarePlan per chronic condition, and the patient's CareTeam.
 * US Core 6.1: https://hl7.org/fhir/us/core/STU6.1/
 */

/** Code systems used only by these resources. */
export const CARE_SYSTEMS = {
  allergyClinical: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical',
  allergyVerification: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification',
  usCoreCarePlanCategory: 'http://hl7.org/fhir/us/core/CodeSystem/careplan-category',
  goalAchievement: 'http://terminology.hl7.org/CodeSystem/goal-achievement',
} as const;

/**
 * About 10% of US patients carry a penicillin allergy label, fewer than 1% are truly allergic (CDC, Evaluation and
 * Diagnosis of Penicillin Allergy for Healthcare Professionals, 2017; Blumenthal KG et al. Lancet 2019;393:183-98).
 * Recorded as unconfirmed (a reported label, not a tested allergy); urticaria is the most reported reaction.
 */
export const PENICILLIN_ALLERGY = {
  share: 0.1,
  rxnorm: '70618',
  display: 'Penicillin',
  reaction: { snomed: '247472004', display: 'Hives' },
  source: 'CDC penicillin allergy evaluation (2017); Blumenthal 2019',
} as const;

/**
 * What a patient with a penicillin label gets instead of a penicillin: a macrolide (IDSA 2012 group A streptococcal
 * pharyngitis guideline, Shulman ST et al. Clin Infect Dis 2012;55:e86: azithromycin for penicillin-allergic patients).
 */
export const PENICILLIN_ALTERNATIVE = 'azithromycin';

/** A treatment goal for a chronic condition; `target` when the guideline gives a measurable threshold. */
export interface GoalRow {
  description: string;
  target?: { loinc: string; display: string; high: number; unit: string };
  source: string;
}

export const GOAL_BY_CONDITION: Readonly<Record<string, GoalRow>> = {
  hypertension: {
    description: 'Blood pressure below 130/80 mm Hg',
    target: { loinc: '8480-6', display: 'Systolic blood pressure', high: 129, unit: 'mm[Hg]' },
    source: 'ACC/AHA 2017 hypertension guideline, 8.1.5 (target < 130/80)',
  },
  'diabetes-type2': {
    description: 'Hemoglobin A1c below 7%',
    target: { loinc: '4548-4', display: 'Hemoglobin A1c/Hemoglobin.total in Blood', high: 6.9, unit: '%' },
    source: 'ADA Standards of Care 2025, 6.5 (A1C < 7% for many nonpregnant adults)',
  },
  'diabetes-type1': {
    description: 'Hemoglobin A1c below 7%',
    target: { loinc: '4548-4', display: 'Hemoglobin A1c/Hemoglobin.total in Blood', high: 6.9, unit: '%' },
    source: 'ADA Standards of Care 2025, 6.5',
  },
  hyperlipidemia: {
    description: 'Lower LDL cholesterol by 30% or more on statin therapy',
    source: 'ACC/AHA 2018 cholesterol guideline (primary prevention: reduce LDL-C by >= 30%)',
  },
  ckd: {
    description: 'Systolic blood pressure below 120 mm Hg to slow kidney function decline',
    target: { loinc: '8480-6', display: 'Systolic blood pressure', high: 119, unit: 'mm[Hg]' },
    source: 'KDIGO 2021 blood pressure in CKD guideline (SBP < 120 when tolerated)',
  },
  obesity: {
    description: 'Lose 5% to 10% of body weight within 6 months',
    source: 'AHA/ACC/TOS 2013 guideline for the management of overweight and obesity in adults',
  },
  asthma: { description: 'Asthma well controlled with no more than 2 reliever uses a week', source: 'GINA 2024 (symptom control)' },
  copd: { description: 'Fewer exacerbations and better exercise tolerance', source: 'GOLD 2024 (treatment goals)' },
  depression: {
    description: 'Remission of depressive symptoms (PHQ-9 below 5)',
    target: { loinc: '44261-6', display: 'Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]', high: 4, unit: '{score}' },
    source: 'APA practice guideline for major depressive disorder; Kroenke K et al. J Gen Intern Med 2001;16:606 (PHQ-9 < 5 minimal)',
  },
};

/** CareTeam role of the primary care practitioner (SNOMED CT 446050000 Primary care physician). */
export const PCP_ROLE = { snomed: '446050000', display: 'Primary care physician' } as const;
/** CareTeam category: LOINC LA27976-2 Longitudinal care-coordination focused care team (US Core CareTeam example). */
export const CARE_TEAM_CATEGORY = { loinc: 'LA27976-2', display: 'Longitudinal care-coordination focused care team' } as const;
