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
    variants: [{ ...ALL, low: 70, high: 99, mean: 89, sd: 7 }],
    effects: [{ when: 'diabetes-type1', mean: 175, sd: 50 }, { when: 'diabetes-type2', mean: 160, sd: 40 }] },
  { key: 'bun', loinc: '3094-0', display: 'Urea nitrogen [Mass/volume] in Serum or Plasma', unit: 'mg/dL', decimals: 0, min: 3, max: 90,
    variants: [{ minAge: 0, maxAge: 17, low: 5, high: 18, mean: 11, sd: 2.5 }, { minAge: 18, maxAge: 120, low: 7, high: 20, mean: 14, sd: 3 }],
    effects: [{ when: 'ckd', mean: 30, sd: 7 }] },
  { key: 'creatinine', loinc: '2160-0', display: 'Creatinine [Mass/volume] in Serum or Plasma', unit: 'mg/dL', decimals: 2, min: 0.15, max: 6,
    variants: [
      { minAge: 0, maxAge: 12, low: 0.3, high: 0.7, mean: 0.45, sd: 0.08 },
      { minAge: 13, maxAge: 120, sex: 'male', low: 0.74, high: 1.35, mean: 1, sd: 0.13 },
      { minAge: 13, maxAge: 120, sex: 'female', low: 0.59, high: 1.04, mean: 0.8, sd: 0.1 },
    ], effects: [{ when: 'ckd', mean: 1.8, sd: 0.35 }] },
  { key: 'sodium', loinc: '2951-2', display: 'Sodium [Moles/volume] in Serum or Plasma', unit: 'mmol/L', decimals: 0, min: 122, max: 155,
    variants: [{ ...ALL, low: 135, high: 145, mean: 140, sd: 2 }], effects: [] },
  { key: 'potassium', loinc: '2823-3', display: 'Potassium [Moles/volume] in Serum or Plasma', unit: 'mmol/L', decimals: 1, min: 2.8, max: 6.5,
    variants: [{ ...ALL, low: 3.5, high: 5.1, mean: 4.2, sd: 0.3 }], effects: [{ when: 'ckd', mean: 4.8, sd: 0.4 }] },
  { key: 'cholesterol', loinc: '2093-3', display: 'Cholesterol [Mass/volume] in Serum or Plasma', unit: 'mg/dL', decimals: 0, min: 100, max: 400,
    variants: [{ ...ALL, high: 199, mean: 180, sd: 28 }], effects: [{ when: 'hyperlipidemia', mean: 232, sd: 32 }] },
  { key: 'triglycerides', loinc: '2571-8', display: 'Triglyceride [Mass/volume] in Serum or Plasma', unit: 'mg/dL', decimals: 0, min: 35, max: 800,
    variants: [{ ...ALL, high: 149, mean: 105, sd: 38 }],
    effects: [{ when: 'hyperlipidemia', mean: 190, sd: 60 }, { when: 'diabetes-type2', mean: 170, sd: 55 }] },
  { key: 'hdl', loinc: '2085-9', display: 'Cholesterol in HDL [Mass/volume] in Serum or Plasma', unit: 'mg/dL', decimals: 0, min: 20, max: 110,
    variants: [{ ...ALL, sex: 'male', low: 40, mean: 48, sd: 10 }, { ...ALL, sex: 'female', low: 50, mean: 60, sd: 12 }], effects: [] },
  { key: 'ldl', loinc: '18262-6', display: 'Cholesterol in LDL [Mass/volume] in Serum or Plasma by Direct assay', unit: 'mg/dL', decimals: 0, min: 40, max: 260,
    variants: [{ ...ALL, high: 129, mean: 108, sd: 24 }], effects: [{ when: 'hyperlipidemia', mean: 152, sd: 30 }] },
  { key: 'hba1c', loinc: '4548-4', display: 'Hemoglobin A1c/Hemoglobin.total in Blood', unit: '%', decimals: 1, min: 4, max: 14,
    variants: [{ ...ALL, low: 4, high: 5.6, mean: 5.25, sd: 0.28 }],
    effects: [{ when: 'diabetes-type1', mean: 7.9, sd: 1.1 }, { when: 'diabetes-type2', mean: 7.5, sd: 0.9 }] },
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
  { key: 'bmp', loinc: '51990-0', display: 'Basic metabolic panel - Blood', cpt: '80048', tests: ['glucose', 'bun', 'creatinine', 'sodium', 'potassium'] },
  { key: 'lipid', loinc: '57698-3', display: 'Lipid panel with direct LDL - Serum or Plasma', cpt: '80061', tests: ['cholesterol', 'triglycerides', 'hdl', 'ldl'] },
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
