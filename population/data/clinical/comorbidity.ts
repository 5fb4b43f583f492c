/**
 * Chronic conditions that cluster. A shared latent "cardiometabolic" factor links diabetes, hypertension,
 * hyperlipidemia, obesity and CKD (a one-factor Gaussian copula): each condition's liability is
 * loading x factor + sqrt(1 - loading^2) x own noise, and the patient has the condition when the liability falls in
 * the lower tail given by the prevalence table. Every marginal prevalence stays exactly as in chronic-conditions.ts;
 * only the co-occurrence changes. Loadings are calibrated (test/population/clinical-comorbidity.test.ts) so that
 * the conditional shares below come out, on top of what age alone explains.
 */
// Calibrated on 20,000 generated people against COMORBIDITY_TARGETS (age alone already gives diabetes -> hypertension
// 0.63 and hypertension -> CKD 0.10, so those loadings are small). Hyperlipidemia has no target here: its loading is
// an assumption (diabetic dyslipidaemia, ADA Standards of Care section 10).
export const CARDIOMETABOLIC_LOADINGS: Readonly<Record<string, number>> = {
  'diabetes-type2': 0.7,
  hypertension: 0.15,
  hyperlipidemia: 0.4,
  obesity: 0.55,
  ckd: 0.3,
};

export interface ComorbidityTarget {
  /** Among adults with this condition... */
  given: string;
  /** ...the share who also have this one. */
  has: string;
  share: number;
  source: string;
}

/**
 * Co-occurrence among US adults. CDC National Diabetes Statistics Report (NHANES 2017-2020), adults with diagnosed
 * diabetes: 69.0% high blood pressure (>= 140/90 or on medication); 62.0% obesity (BMI >= 30: 45.8% + 16.2%).
 * CDC Chronic Kidney Disease in the United States, 2023: about 1 in 3 adults with diabetes and 1 in 5 with high blood
 * pressure may have CKD (stages 1-4); our CKD rows are diagnosed stage 3, about half of that (chronic-conditions.ts),
 * so the targets are halved.
 */
export const COMORBIDITY_TARGETS: readonly ComorbidityTarget[] = [
  { given: 'diabetes-type2', has: 'hypertension', share: 0.69, source: 'CDC NDSR (NHANES 2017-2020)' },
  { given: 'diabetes-type2', has: 'obesity', share: 0.62, source: 'CDC NDSR (NHANES 2017-2020)' },
  { given: 'diabetes-type2', has: 'ckd', share: 0.33 / 2, source: 'CDC CKD in the US 2023, stage 3 diagnosed share' },
  { given: 'hypertension', has: 'ckd', share: 0.2 / 2, source: 'CDC CKD in the US 2023, stage 3 diagnosed share' },
];
