/**
 * Medications (RxNorm SCD concepts, NLM RxNav) and which conditions they treat. Prescribing probabilities are rounded
 * first-line shares from guidelines and MEPS 2021 prescribed-medicine files: ADA Standards of Care (metformin first
 * line; insulin for type 1), ACC/AHA 2017 hypertension (ACE inhibitor, CCB, thiazide), ACC/AHA 2018 cholesterol
 * (statins), GINA 2024 (SABA / inhaled corticosteroid), GOLD 2024 (bronchodilator), APA (SSRIs).
 */
export interface MedicationRow {
  key: string;
  rxnorm: string;
  display: string;
  dosage: string;
  /** chronic: stays active; acute: a completed short course. */
  course: 'chronic' | 'acute';
}

export const MEDICATIONS: readonly MedicationRow[] = [
  { key: 'metformin', rxnorm: '861007', display: 'metformin hydrochloride 500 MG Oral Tablet', dosage: 'Take 1 tablet by mouth twice daily with meals', course: 'chronic' },
  { key: 'insulin-glargine', rxnorm: '274783', display: 'insulin glargine 100 UNT/ML Injectable Solution', dosage: 'Inject 20 units under the skin once daily at bedtime', course: 'chronic' },
  { key: 'lisinopril', rxnorm: '314076', display: 'lisinopril 10 MG Oral Tablet', dosage: 'Take 1 tablet by mouth once daily', course: 'chronic' },
  { key: 'amlodipine', rxnorm: '197361', display: 'amlodipine 5 MG Oral Tablet', dosage: 'Take 1 tablet by mouth once daily', course: 'chronic' },
  { key: 'hydrochlorothiazide', rxnorm: '310798', display: 'hydrochlorothiazide 25 MG Oral Tablet', dosage: 'Take 1 tablet by mouth once daily in the morning', course: 'chronic' },
  { key: 'atorvastatin', rxnorm: '617310', display: 'atorvastatin 20 MG Oral Tablet', dosage: 'Take 1 tablet by mouth once daily', course: 'chronic' },
  { key: 'albuterol', rxnorm: '745679', display: '200 ACTUAT albuterol 0.09 MG/ACTUAT Metered Dose Inhaler', dosage: 'Inhale 2 puffs every 4 to 6 hours as needed for wheezing', course: 'chronic' },
  { key: 'fluticasone', rxnorm: '895994', display: '120 ACTUAT fluticasone propionate 0.044 MG/ACTUAT Metered Dose Inhaler', dosage: 'Inhale 2 puffs twice daily', course: 'chronic' },
  { key: 'sertraline', rxnorm: '312940', display: 'sertraline 50 MG Oral Tablet', dosage: 'Take 1 tablet by mouth once daily', course: 'chronic' },
  { key: 'fluoxetine', rxnorm: '310385', display: 'fluoxetine 20 MG Oral Capsule', dosage: 'Take 1 capsule by mouth once daily in the morning', course: 'chronic' },
  { key: 'amoxicillin', rxnorm: '308191', display: 'amoxicillin 500 MG Oral Capsule', dosage: 'Take 1 capsule by mouth three times daily for 10 days', course: 'acute' },
  { key: 'azithromycin', rxnorm: '308460', display: 'azithromycin 250 MG Oral Tablet', dosage: 'Take 2 tablets on day 1, then 1 tablet daily for 4 days', course: 'acute' },
  { key: 'nitrofurantoin', rxnorm: '1648755', display: 'nitrofurantoin, macrocrystals 25 MG / nitrofurantoin, monohydrate 75 MG Oral Capsule', dosage: 'Take 1 capsule by mouth twice daily for 5 days', course: 'acute' },
  { key: 'cephalexin', rxnorm: '309114', display: 'cephalexin 500 MG Oral Capsule', dosage: 'Take 1 capsule by mouth four times daily for 7 days', course: 'acute' },
  { key: 'ibuprofen', rxnorm: '197805', display: 'ibuprofen 400 MG Oral Tablet', dosage: 'Take 1 tablet by mouth every 6 hours as needed for pain', course: 'acute' },
  { key: 'acetaminophen', rxnorm: '313782', display: 'acetaminophen 325 MG Oral Tablet', dosage: 'Take 2 tablets by mouth every 6 hours as needed for pain or fever', course: 'acute' },
];

/** Chronic condition -> medications, each prescribed independently with its probability. */
export const CONDITION_MEDICATIONS: Readonly<Record<string, readonly { med: string; probability: number }[]>> = {
  'diabetes-type2': [{ med: 'metformin', probability: 0.75 }],
  'diabetes-type1': [{ med: 'insulin-glargine', probability: 1 }],
  hypertension: [{ med: 'lisinopril', probability: 0.45 }, { med: 'amlodipine', probability: 0.3 }, { med: 'hydrochlorothiazide', probability: 0.2 }],
  hyperlipidemia: [{ med: 'atorvastatin', probability: 0.65 }],
  asthma: [{ med: 'albuterol', probability: 0.85 }, { med: 'fluticasone', probability: 0.35 }],
  copd: [{ med: 'albuterol', probability: 0.8 }],
  depression: [{ med: 'sertraline', probability: 0.4 }, { med: 'fluoxetine', probability: 0.2 }],
};

/** Probability an acute problem with listed medications gets a prescription (NAMCS 2019: drugs at ~70% of visits). */
export const ACUTE_PRESCRIPTION_RATE = 0.7;

/** MEDICATIONS by key. */
export const MEDICATION_BY_KEY: ReadonlyMap<string, MedicationRow> = new Map(MEDICATIONS.map((m) => [m.key, m]));
