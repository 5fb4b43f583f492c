/**
 * Medications (RxNorm SCD concepts, NLM RxNav) and how chronic conditions are treated: who is treated, the guideline
 * first line, a second drug, adherence and discontinuation (CONDITION_REGIMENS below, sources beside each number).
 */
export interface MedicationRow {
  key: string;
  rxnorm: string;
  display: string;
  dosage: string;
  /** chronic: stays active; acute: a completed short course. */
  course: 'chronic' | 'acute';
  /** What taking it does to a lab value (LDL: fraction removed; HbA1c: percentage points added). */
  effect?: MedicationEffect;
  /** A penicillin (not given to patients with a penicillin allergy label). */
  penicillin?: boolean;
}

export type MedicationEffect =
  | { target: 'ldl'; fraction: readonly [number, number]; source: string }
  | { target: 'hba1c'; delta: number; source: string };

/** ACC/AHA 2018 cholesterol guideline (Grundy SM et al., Circulation 2019;139:e1082), Table 3: moderate intensity 30-49%. */
const MODERATE_STATIN: MedicationEffect = { target: 'ldl', fraction: [0.3, 0.49], source: 'ACC/AHA 2018 cholesterol guideline, Table 3' };
/** Metformin monotherapy lowers HbA1c by 1.12 points vs placebo (Hirst JA et al. Diabetes Care 2012;35:446-54, doi:10.2337/dc11-1351). */
const METFORMIN_A1C: MedicationEffect = { target: 'hba1c', delta: -1.12, source: 'Hirst 2012 meta-analysis' };

export const MEDICATIONS: readonly MedicationRow[] = [
  { key: 'metformin', rxnorm: '861007', display: 'metformin hydrochloride 500 MG Oral Tablet', dosage: 'Take 1 tablet by mouth twice daily with meals', course: 'chronic', effect: METFORMIN_A1C },
  { key: 'insulin-glargine', rxnorm: '274783', display: 'insulin glargine 100 UNT/ML Injectable Solution', dosage: 'Inject 20 units under the skin once daily at bedtime', course: 'chronic' },
  { key: 'lisinopril', rxnorm: '314076', display: 'lisinopril 10 MG Oral Tablet', dosage: 'Take 1 tablet by mouth once daily', course: 'chronic' },
  { key: 'losartan', rxnorm: '979492', display: 'losartan potassium 50 MG Oral Tablet', dosage: 'Take 1 tablet by mouth once daily', course: 'chronic' },
  { key: 'amlodipine', rxnorm: '197361', display: 'amlodipine 5 MG Oral Tablet', dosage: 'Take 1 tablet by mouth once daily', course: 'chronic' },
  { key: 'hydrochlorothiazide', rxnorm: '310798', display: 'hydrochlorothiazide 25 MG Oral Tablet', dosage: 'Take 1 tablet by mouth once daily in the morning', course: 'chronic' },
  { key: 'atorvastatin', rxnorm: '617310', display: 'atorvastatin 20 MG Oral Tablet', dosage: 'Take 1 tablet by mouth once daily', course: 'chronic', effect: MODERATE_STATIN },
  { key: 'albuterol', rxnorm: '745679', display: '200 ACTUAT albuterol 0.09 MG/ACTUAT Metered Dose Inhaler', dosage: 'Inhale 2 puffs every 4 to 6 hours as needed for wheezing', course: 'chronic' },
  { key: 'fluticasone', rxnorm: '895994', display: '120 ACTUAT fluticasone propionate 0.044 MG/ACTUAT Metered Dose Inhaler', dosage: 'Inhale 2 puffs twice daily', course: 'chronic' },
  { key: 'sertraline', rxnorm: '312940', display: 'sertraline 50 MG Oral Tablet', dosage: 'Take 1 tablet by mouth once daily', course: 'chronic' },
  { key: 'fluoxetine', rxnorm: '310385', display: 'fluoxetine 20 MG Oral Capsule', dosage: 'Take 1 capsule by mouth once daily in the morning', course: 'chronic' },
  { key: 'amoxicillin', rxnorm: '308191', display: 'amoxicillin 500 MG Oral Capsule', dosage: 'Take 1 capsule by mouth three times daily for 10 days', course: 'acute', penicillin: true },
  { key: 'azithromycin', rxnorm: '308460', display: 'azithromycin 250 MG Oral Tablet', dosage: 'Take 2 tablets on day 1, then 1 tablet daily for 4 days', course: 'acute' },
  { key: 'nitrofurantoin', rxnorm: '1648755', display: 'nitrofurantoin, macrocrystals 25 MG / nitrofurantoin, monohydrate 75 MG Oral Capsule', dosage: 'Take 1 capsule by mouth twice daily for 5 days', course: 'acute' },
  { key: 'cephalexin', rxnorm: '309114', display: 'cephalexin 500 MG Oral Capsule', dosage: 'Take 1 capsule by mouth four times daily for 7 days', course: 'acute' },
  { key: 'ibuprofen', rxnorm: '197805', display: 'ibuprofen 400 MG Oral Tablet', dosage: 'Take 1 tablet by mouth every 6 hours as needed for pain', course: 'acute' },
  { key: 'acetaminophen', rxnorm: '313782', display: 'acetaminophen 325 MG Oral Tablet', dosage: 'Take 2 tablets by mouth every 6 hours as needed for pain or fever', course: 'acute' },
];

/**
 * How a chronic condition is treated. `treatedShare` of patients get drug treatment; of those, one first-line drug is
 * drawn by weight, a second (different) first-line drug is added with `secondDrugShare`, and each adjunct independently.
 * A treated patient stops within `discontinuation.withinYears` of the order with `discontinuation.share`
 * (MedicationRequest status `stopped`); those who continue are adherent (proportion of days covered >= 80%) with
 * `adherentShare` and get the drug's full lab effect, the others half of it (assumption).
 */
export interface RegimenRow {
  treatedShare: number;
  firstLine: readonly { med: string; weight: number }[];
  secondDrugShare: number;
  adjuncts: readonly { med: string; probability: number }[];
  discontinuation: { share: number; withinYears: number };
  adherentShare: number;
  source: string;
}

/**
 * Adherence to cardiovascular drugs: 60% of users have good adherence (>= 80%); Chowdhury R et al. Eur Heart J
 * 2013;34:2940-8, doi:10.1093/eurheartj/eht295. Antihypertensives: about half (48.5%) of patients stop within one year;
 * Vrijens B et al. BMJ 2008;336:1114-7, doi:10.1136/bmj.39553.670231.25. Statins: 47% of primary-prevention starters
 * discontinue (median follow-up ~3 years); Vinogradova Y et al. BMJ 2016;353:i3305.
 */
const CARDIOVASCULAR_ADHERENCE = 0.6;

export const CONDITION_REGIMENS: Readonly<Record<string, RegimenRow>> = {
  // ADA Standards of Care 2025, 9.4: metformin first line for type 2. Treated share: ~85% of adults with diagnosed
  // diabetes take glucose-lowering drugs (NHANES; Fang 2021) of which most take metformin: assumption 0.8 on metformin.
  // Adherence: DiMatteo MR. Med Care 2004;42:200-9 (diabetes: ~67.5% adherent); discontinuation: assumption.
  'diabetes-type2': {
    treatedShare: 0.8, firstLine: [{ med: 'metformin', weight: 1 }], secondDrugShare: 0, adjuncts: [],
    discontinuation: { share: 0.2, withinYears: 2 }, adherentShare: 0.675,
    source: 'ADA Standards of Care 2025 section 9; Fang 2021 NEJM; DiMatteo 2004',
  },
  // Type 1 diabetes needs insulin (ADA Standards of Care 2025, 9.1); nobody stops it.
  'diabetes-type1': {
    treatedShare: 1, firstLine: [{ med: 'insulin-glargine', weight: 1 }], secondDrugShare: 0, adjuncts: [],
    discontinuation: { share: 0, withinYears: 1 }, adherentShare: 1,
    source: 'ADA Standards of Care 2025 section 9',
  },
  // ACC/AHA 2017 hypertension guideline (Whelton PK et al., Hypertension 2018;71:e13), 8.1.6: first line is a thiazide,
  // an ACE inhibitor or ARB, or a CCB; two first-line drugs of different classes for stage 2. Treated share: 77% of
  // adults with diagnosed hypertension were prescribed an antihypertensive (NHANES 2009-2010; Gu Q et al. Circulation
  // 2012;126:2105-14); BRFSS 2017: 75% (Samanic CM et al. MMWR 2020;69:393-8). Class weights and the combination share
  // are assumptions (ACE inhibitors most used, then CCBs, ARBs and thiazides; ~1/3 of treated adults on two classes).
  hypertension: {
    treatedShare: 0.77,
    firstLine: [{ med: 'lisinopril', weight: 0.35 }, { med: 'amlodipine', weight: 0.25 }, { med: 'losartan', weight: 0.2 }, { med: 'hydrochlorothiazide', weight: 0.2 }],
    secondDrugShare: 0.33, adjuncts: [],
    discontinuation: { share: 0.485, withinYears: 1 }, adherentShare: CARDIOVASCULAR_ADHERENCE,
    source: 'ACC/AHA 2017 hypertension guideline; Gu 2012; Vrijens 2008; Chowdhury 2013',
  },
  // ACC/AHA 2018 cholesterol guideline: statins first line. 55.5% of adults eligible for cholesterol-lowering
  // treatment take it (NHANES 2005-2012; Mercado C et al. MMWR 2015;64:1305-11), nearly all a statin.
  hyperlipidemia: {
    treatedShare: 0.555, firstLine: [{ med: 'atorvastatin', weight: 1 }], secondDrugShare: 0, adjuncts: [],
    discontinuation: { share: 0.47, withinYears: 3 }, adherentShare: CARDIOVASCULAR_ADHERENCE,
    source: 'ACC/AHA 2018 cholesterol guideline; Mercado 2015; Vinogradova 2016; Chowdhury 2013',
  },
  // GINA 2024: every patient has a reliever (SABA here) and most a controller ICS. Shares are assumptions.
  asthma: {
    treatedShare: 0.85, firstLine: [{ med: 'albuterol', weight: 1 }], secondDrugShare: 0, adjuncts: [{ med: 'fluticasone', probability: 0.4 }],
    discontinuation: { share: 0, withinYears: 1 }, adherentShare: 1,
    source: 'GINA 2024 (shares: assumption)',
  },
  // GOLD 2024: a bronchodilator for every patient with symptoms (share: assumption).
  copd: {
    treatedShare: 0.8, firstLine: [{ med: 'albuterol', weight: 1 }], secondDrugShare: 0, adjuncts: [],
    discontinuation: { share: 0, withinYears: 1 }, adherentShare: 1,
    source: 'GOLD 2024 (share: assumption)',
  },
  // APA practice guideline: SSRIs first line; about 60% of adults with depression get an antidepressant (assumption).
  depression: {
    treatedShare: 0.6, firstLine: [{ med: 'sertraline', weight: 2 }, { med: 'fluoxetine', weight: 1 }], secondDrugShare: 0, adjuncts: [],
    discontinuation: { share: 0, withinYears: 1 }, adherentShare: 1,
    source: 'APA practice guideline for major depressive disorder (share: assumption)',
  },
};

/** Probability an acute problem with listed medications gets a prescription (NAMCS 2019: drugs at ~70% of visits). */
export const ACUTE_PRESCRIPTION_RATE = 0.7;

/** MEDICATIONS by key. */
export const MEDICATION_BY_KEY: ReadonlyMap<string, MedicationRow> = new Map(MEDICATIONS.map((m) => [m.key, m]));
