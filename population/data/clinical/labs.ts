/**
 * Lab tests, panels and value models. Reference intervals: typical adult intervals from Mayo Clinic Laboratories
 * and MedlinePlus; HbA1c thresholds from ADA Standards of Care 2025 (normal < 5.7 %, diabetes >= 6.5 %); lipid
 * cut-points from NCEP ATP III; value distributions rounded from NHANES 2017-2020 lab files.
 */
export interface LabVariant {
  /** Inclusive ages in years this variant applies to. */
  minAge: number;
  maxAge: number;
  sex?: 'male' | 'female';
  /** Reference interval; undefined side = open. */
  low?: number;
  high?: number;
  mean: number;
  sd: number;
}

export interface LabEffect {
  /** A chronic condition key, or `infection` for febrile acute problems. */
  when: string;
  mean: number;
  sd: number;
}

export interface LabTestRow {
  key: string;
  loinc: string;
  display: string;
  /** UCUM unit code. */
  unit: string;
  decimals: number;
  /** Values are kept within [min, max]. */
  min: number;
  max: number;
  variants: readonly LabVariant[];
  /** First matching effect replaces the mean/SD (reference interval unchanged). */
  effects: readonly LabEffect[];
}

const ALL = { minAge: 0, maxAge: 120 } as const;

export const LAB_TESTS: readonly LabTestRow[] = [
  { key: 'wbc', loinc: '6690-2', display: 'Leukocytes [#/volume] in Blood by Automated count', unit: '10*3/uL', decimals: 1, min: 1.5, max: 30,
    variants: [{ ...ALL, low: 4.5, high: 11, mean: 7, sd: 1.6 }], effects: [{ when: 'infection', mean: 12.5, sd: 3 }] },
  { key: 'hgb', loinc: '718-7', display: 'Hemoglobin [Mass/volume] in Blood', unit: 'g/dL', decimals: 1, min: 7, max: 19,
    variants: [
      { minAge: 0, maxAge: 11, low: 11, high: 14.5, mean: 12.5, sd: 0.8 },
      { minAge: 12, maxAge: 120, sex: 'male', low: 13.5, high: 17.5, mean: 15, sd: 1 },
      { minAge: 12, maxAge: 120, sex: 'female', low: 12, high: 15.5, mean: 13.5, sd: 0.9 },
    ], effects: [{ when: 'ckd', mean: 11.8, sd: 1.1 }] },
  { key: 'hct', loinc: '4544-3', display: 'Hematocrit [Volume Fraction] of Blood by Automated count', unit: '%', decimals: 1, min: 22, max: 57,
    variants: [
      { minAge: 0, maxAge: 11, low: 33, high: 43, mean: 37.5, sd: 2.4 },
      { minAge: 12, maxAge: 120, sex: 'male', low: 41, high: 53, mean: 45, sd: 2.8 },
      { minAge: 12, maxAge: 120, sex: 'female', low: 36, high: 46, mean: 40.5, sd: 2.6 },
    ], effects: [{ when: 'ckd', mean: 35.5, sd: 3 }] },
  { key: 'plt', loinc: '777-3', display: 'Platelets [#/volume] in Blood by Automated count', unit: '10*3/uL', decimals: 0, min: 60, max: 700,
    variants: [{ ...ALL, low: 150, high: 400, mean: 255, sd: 50 }], effects: [] },
  { key: 'glucose', loinc: '2345-7', display: 'Glucose [Mass/volume] in Serum or Plasma', unit: 'mg/dL', decimals: 0, min: 55, max: 450,
    // In diabetes the value follows the patient's HbA1c (lab-models.ts, ADAG).
    variants: [{ ...ALL, low: 70, high: 99, mean: 89, sd: 7 }], effects: [] },
  { key: 'bun', loinc: '3094-0', display: 'Urea nitrogen [Mass/volume] in Serum or Plasma', unit: 'mg/dL', decimals: 0, min: 3, max: 90,
    variants: [{ minAge: 0, maxAge: 17, low: 5, high: 18, mean: 11, sd: 2.5 }, { minAge: 18, maxAge: 120, low: 7, high: 20, mean: 14, sd: 3 }],
    effects: [{ when: 'ckd', mean: 30, sd: 7 }] },
  { key: 'creatinine', loinc: '2160-0', display: 'Creatinine [Mass/volume] in Serum or Plasma', unit: 'mg/dL', decimals: 2, min: 0.15, max: 6,
    variants: [
      { minAge: 0, maxAge: 12, low: 0.3, high: 0.7, mean: 0.45, sd: 0.08 },
      { minAge: 13, maxAge: 120, sex: 'male', low: 0.74, high: 1.35, mean: 1, sd: 0.13 },
      { minAge: 13, maxAge: 120, sex: 'female', low: 0.59, high: 1.04, mean: 0.8, sd: 0.1 },
    ], effects: [] }, // values come from the patient's kidney profile (lab-models.ts)
  { key: 'sodium', loinc: '2951-2', display: 'Sodium [Moles/volume] in Serum or Plasma', unit: 'mmol/L', decimals: 0, min: 122, max: 155,
    variants: [{ ...ALL, low: 135, high: 145, mean: 140, sd: 2 }], effects: [] },
  { key: 'potassium', loinc: '2823-3', display: 'Potassium [Moles/volume] in Serum or Plasma', unit: 'mmol/L', decimals: 1, min: 2.8, max: 6.5,
    variants: [{ ...ALL, low: 3.5, high: 5.1, mean: 4.2, sd: 0.3 }], effects: [{ when: 'ckd', mean: 4.8, sd: 0.4 }] },
  { key: 'chloride', loinc: '2075-0', display: 'Chloride [Moles/volume] in Serum or Plasma', unit: 'mmol/L', decimals: 0, min: 85, max: 120,
    variants: [{ ...ALL, low: 98, high: 107, mean: 102, sd: 2 }], effects: [] },
  // Bicarbonate falls as kidney function falls (KDIGO 2012 CKD guideline 3.3.3: treat when serum bicarbonate < 22 mmol/L).
  { key: 'co2', loinc: '2028-9', display: 'Carbon dioxide, total [Moles/volume] in Serum or Plasma', unit: 'mmol/L', decimals: 0, min: 12, max: 38,
    variants: [{ ...ALL, low: 22, high: 29, mean: 25.5, sd: 1.8 }], effects: [{ when: 'ckd', mean: 23.5, sd: 2.3 }] },
  { key: 'calcium', loinc: '17861-6', display: 'Calcium [Mass/volume] in Serum or Plasma', unit: 'mg/dL', decimals: 1, min: 7, max: 12,
    variants: [{ minAge: 0, maxAge: 17, low: 8.8, high: 10.8, mean: 9.7, sd: 0.35 }, { minAge: 18, maxAge: 120, low: 8.6, high: 10.3, mean: 9.4, sd: 0.35 }], effects: [] },
  // Computed from creatinine, age and sex by CKD-EPI 2021 (lab-models.ts); adults only. KDIGO 2012: < 60 is reduced.
  { key: 'egfr', loinc: '98979-8', display: 'Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum, Plasma or Blood by Creatinine-based formula (CKD-EPI 2021)',
    unit: 'mL/min/{1.73_m2}', decimals: 0, min: 5, max: 160, variants: [{ minAge: 18, maxAge: 120, low: 60, mean: 95, sd: 15 }], effects: [] },
  // Lipids: the values come from the patient's lipid profile (lab-models.ts); rows give codes, units and intervals.
  // NCEP ATP III cut-points: total < 200 desirable, TG < 150 normal, HDL < 40 (men) / < 50 (women) low, LDL < 130.
  { key: 'cholesterol', loinc: '2093-3', display: 'Cholesterol [Mass/volume] in Serum or Plasma', unit: 'mg/dL', decimals: 0, min: 60, max: 500,
    variants: [{ ...ALL, high: 199, mean: 180, sd: 28 }], effects: [] },
  { key: 'triglycerides', loinc: '2571-8', display: 'Triglyceride [Mass/volume] in Serum or Plasma', unit: 'mg/dL', decimals: 0, min: 30, max: 1500,
    variants: [{ ...ALL, high: 149, mean: 105, sd: 38 }], effects: [] },
  { key: 'hdl', loinc: '2085-9', display: 'Cholesterol in HDL [Mass/volume] in Serum or Plasma', unit: 'mg/dL', decimals: 0, min: 20, max: 110,
    variants: [{ ...ALL, sex: 'male', low: 40, mean: 48, sd: 10 }, { ...ALL, sex: 'female', low: 50, mean: 60, sd: 12 }], effects: [] },
  { key: 'ldl-calc', loinc: '13457-7', display: 'Cholesterol in LDL [Mass/volume] in Serum or Plasma by calculation', unit: 'mg/dL', decimals: 0, min: 5, max: 400,
    variants: [{ ...ALL, high: 129, mean: 108, sd: 24 }], effects: [] },
  { key: 'hba1c', loinc: '4548-4', display: 'Hemoglobin A1c/Hemoglobin.total in Blood', unit: '%', decimals: 1, min: 4, max: 14,
    // Values come from the patient's HbA1c profile and treatment (lab-models.ts).
    variants: [{ ...ALL, low: 4, high: 5.6, mean: 5.3, sd: 0.3 }], effects: [] },
];

/** Panels reported as one DiagnosticReport each; `cpt` is the billed lab code (CMS Clinical Lab Fee Schedule). */
export interface LabPanelRow {
  key: string;
  loinc: string;
  display: string;
  cpt: string;
  tests: readonly string[];
}

export const LAB_PANELS: readonly LabPanelRow[] = [
  { key: 'cbc', loinc: '58410-2', display: 'CBC panel - Blood by Automated count', cpt: '85025', tests: ['wbc', 'hgb', 'hct', 'plt'] },
  // BMP (CPT 80048): the eight analytes of the CPT code, plus the eGFR laboratories report with creatinine (KDIGO 2012, 1.4.3).
  { key: 'bmp', loinc: '51990-0', display: 'Basic metabolic panel - Blood', cpt: '80048',
    tests: ['glucose', 'bun', 'creatinine', 'sodium', 'potassium', 'chloride', 'co2', 'calcium', 'egfr'] },
  // Lipid panel (CPT 80061: total cholesterol, HDL, triglycerides); LDL is calculated by Friedewald (not billed separately).
  { key: 'lipid', loinc: '24331-1', display: 'Lipid 1996 panel - Serum or Plasma', cpt: '80061', tests: ['cholesterol', 'triglycerides', 'hdl', 'ldl-calc'] },
  { key: 'hba1c', loinc: '4548-4', display: 'Hemoglobin A1c/Hemoglobin.total in Blood', cpt: '83036', tests: ['hba1c'] },
];

/** Specimen collection billed with office labs (CMS CLFS: 36415 venipuncture). */
export const VENIPUNCTURE_CODE = '36415';

/**
 * Which panels are drawn, with probability, by AGE_BANDS (0-1, 2-17, 18-39, 40-59, 60-79, 80+).
 * Wellness: USPSTF lipid screening (statin use 40-75) and prediabetes screening (35-70, overweight);
 * follow-ups: ADA (A1C 2-4x/yr, yearly kidney function), ACC/AHA (lipids 4-12 weeks after statin start, then yearly),
 * KDIGO (CKD: kidney function at least yearly, more often in stage 3).
 */
export interface LabOrderRow {
  /** `wellness` or a chronic condition key (at its follow-up visits). */
  context: string;
  panel: string;
  probability: readonly number[];
}

export const LAB_ORDERS: readonly LabOrderRow[] = [
  { context: 'wellness', panel: 'lipid', probability: [0, 0.02, 0.2, 0.5, 0.55, 0.4] },
  { context: 'wellness', panel: 'cbc', probability: [0, 0.02, 0.1, 0.15, 0.2, 0.2] },
  { context: 'wellness', panel: 'bmp', probability: [0, 0.02, 0.1, 0.15, 0.25, 0.25] },
  { context: 'wellness', panel: 'hba1c', probability: [0, 0.02, 0.1, 0.3, 0.35, 0.3] },
  { context: 'diabetes-type2', panel: 'hba1c', probability: [0.9, 0.9, 0.9, 0.9, 0.9, 0.9] },
  { context: 'diabetes-type2', panel: 'bmp', probability: [0.3, 0.3, 0.3, 0.3, 0.3, 0.3] },
  { context: 'diabetes-type1', panel: 'hba1c', probability: [0.9, 0.9, 0.9, 0.9, 0.9, 0.9] },
  { context: 'hypertension', panel: 'bmp', probability: [0.2, 0.2, 0.2, 0.2, 0.2, 0.2] },
  { context: 'hyperlipidemia', panel: 'lipid', probability: [0.6, 0.6, 0.6, 0.6, 0.6, 0.6] },
  { context: 'ckd', panel: 'bmp', probability: [0.7, 0.7, 0.7, 0.7, 0.7, 0.7] },
  { context: 'ckd', panel: 'cbc', probability: [0.3, 0.3, 0.3, 0.3, 0.3, 0.3] },
];

/** Minutes from collection to the report being issued (routine chemistry/hematology: same day, ~4 h; assumption). */
export const LAB_TURNAROUND_MINUTES = 240;
