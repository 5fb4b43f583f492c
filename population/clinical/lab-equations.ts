import { CKD_EPI_2021, ESTIMATED_AVERAGE_GLUCOSE, FRIEDEWALD } from '../data/clinical/lab-models.js';

/** Friedewald LDL (mg/dL) = TC - HDL - TG/5, or undefined when TG >= 400 mg/dL. https://doi.org/10.1093/clinchem/18.6.499 */
export function friedewaldLdl(total: number, hdl: number, triglycerides: number): number | undefined {
  if (triglycerides >= FRIEDEWALD.maxTriglycerides) return undefined;
  return total - hdl - triglycerides / FRIEDEWALD.triglycerideDivisor;
}

/** The part of CKD-EPI 2021 that does not depend on creatinine: 142 x 0.9938^age x 1.012 [female]. */
function ckdEpiFactor(ageYears: number, sex: 'male' | 'female'): number {
  return CKD_EPI_2021.scale * CKD_EPI_2021.agePerYear ** ageYears * (sex === 'female' ? CKD_EPI_2021.femaleFactor : 1);
}

/** eGFR (mL/min/1.73 m2) from serum creatinine (mg/dL) by CKD-EPI 2021. https://doi.org/10.1056/NEJMoa2102953 */
export function ckdEpi2021(creatinine: number, ageYears: number, sex: 'male' | 'female'): number {
  const ratio = creatinine / CKD_EPI_2021.kappa[sex];
  return ckdEpiFactor(ageYears, sex) * Math.min(ratio, 1) ** CKD_EPI_2021.alpha[sex] * Math.max(ratio, 1) ** CKD_EPI_2021.highExponent;
}

/** The creatinine (mg/dL) that gives this eGFR by CKD-EPI 2021; exact for eGFR below the kink (creatinine above kappa). */
export function creatinineForEgfr(egfr: number, ageYears: number, sex: 'male' | 'female'): number {
  return CKD_EPI_2021.kappa[sex] * (egfr / ckdEpiFactor(ageYears, sex)) ** (1 / CKD_EPI_2021.highExponent);
}

/** Estimated average glucose (mg/dL) for an HbA1c (%), ADAG. https://doi.org/10.2337/dc08-0545 */
export function estimatedAverageGlucose(hba1c: number): number {
  return ESTIMATED_AVERAGE_GLUCOSE.slope * hba1c + ESTIMATED_AVERAGE_GLUCOSE.intercept;
}
