import type { BandRates } from './age-bands.js';

/**
 * Chronic conditions and their point prevalence by age band (AGE_BANDS: 0-1, 2-17, 18-39, 40-59, 60-79, 80+)
 * as [male, female]. Draws are independent, so each marginal matches its row. Rounded figures; sources beside rows.
 */
export interface ChronicConditionRow {
  key: string;
  icd10: string;
  snomed: string;
  display: string;
  prevalence: BandRates;
  /** Youngest plausible onset age (years). */
  minOnsetAge: number;
  /**
   * Planned follow-up office visits per year (0 = handled at wellness visits). ADA: A1C 2-4x/yr; ACC/AHA 2017: BP
   * re-check every 3-6 months once controlled (we use yearly on top of well visits); KDIGO: CKD 3 at least twice
   * yearly; GOLD: COPD review 1-2x/yr; GINA: asthma review every 1-6 months (we use every other year beyond well visits).
   */
  followUpsPerYear: number;
  source: string;
}

export const CHRONIC_CONDITIONS: readonly ChronicConditionRow[] = [
  {
    key: 'diabetes-type2', icd10: 'E11.9', snomed: '44054006', display: 'Type 2 diabetes mellitus',
    // CDC National Diabetes Statistics Report (2023): total diabetes 18-44 ~4.8%, 45-64 ~18.9%, 65+ ~29.2%;
    // ~11% overall once weighted by the Census 2020 age structure.
    prevalence: [[0, 0], [0.001, 0.001], [0.04, 0.035], [0.16, 0.13], [0.27, 0.23], [0.24, 0.21]],
    minOnsetAge: 12, followUpsPerYear: 3,
    source: 'CDC National Diabetes Statistics Report 2023; ADA Standards of Care (A1C quarterly if not at goal)',
  },
  {
    key: 'diabetes-type1', icd10: 'E10.9', snomed: '46635009', display: 'Type 1 diabetes mellitus',
    // CDC NDSR 2023: ~0.35% of people under 20 have diagnosed diabetes, mostly type 1; ~0.5% of adults type 1.
    prevalence: [[0, 0], [0.0035, 0.0035], [0.005, 0.005], [0.005, 0.005], [0.004, 0.004], [0.003, 0.003]],
    minOnsetAge: 2, followUpsPerYear: 4,
    source: 'CDC National Diabetes Statistics Report 2023',
  },
  {
    key: 'hypertension', icd10: 'I10', snomed: '38341003', display: 'Essential hypertension',
    // CDC Hypertension Cascade (NHANES 2017-2020): ~48% of adults; 18-39 ~22%, 40-59 ~54%, 60+ ~75%; men higher.
    prevalence: [[0, 0], [0.02, 0.02], [0.26, 0.18], [0.58, 0.5], [0.75, 0.74], [0.8, 0.82]],
    minOnsetAge: 15, followUpsPerYear: 1,
    source: 'CDC Million Hearts / NHANES 2017-2020 hypertension prevalence by age and sex',
  },
  {
    key: 'hyperlipidemia', icd10: 'E78.5', snomed: '55822004', display: 'Hyperlipidemia',
    // Diagnosed hyperlipidemia. 36.7% of adults aged 21+ are on or eligible for cholesterol-lowering treatment (NHANES
    // 2005-2012; Mercado C et al. MMWR 2015;64:1305-11); measured high total cholesterol (>= 240 mg/dL) is highest at
    // 40-59 (16.7%; NHANES 2021-2023, NCHS Data Brief). The rise with age and the share below the eligible 36.7%
    // (not everyone eligible carries the diagnosis) are assumptions.
    prevalence: [[0, 0], [0.005, 0.005], [0.08, 0.06], [0.3, 0.26], [0.46, 0.45], [0.4, 0.42]],
    minOnsetAge: 18, followUpsPerYear: 0.5,
    source: 'Mercado 2015 MMWR 64:1305 (36.7% on or eligible); age pattern: assumption',
  },
  {
    key: 'asthma', icd10: 'J45.909', snomed: '195967001', display: 'Asthma',
    // CDC Most Recent National Asthma Data (NHIS 2021): current asthma ~7.7%; boys > girls, women > men.
    prevalence: [[0.01, 0.005], [0.075, 0.055], [0.055, 0.097], [0.055, 0.1], [0.06, 0.1], [0.05, 0.08]],
    minOnsetAge: 1, followUpsPerYear: 0.5,
    source: 'CDC Most Recent National Asthma Data (NHIS 2021)',
  },
  {
    key: 'obesity', icd10: 'E66.9', snomed: '414916001', display: 'Obesity',
    // CDC NHANES 2017-March 2020: adults 41.9% (20-39 39.8%, 40-59 44.3%, 60+ 41.5%); children 2-19 19.7%.
    prevalence: [[0, 0], [0.2, 0.19], [0.39, 0.4], [0.44, 0.45], [0.42, 0.41], [0.28, 0.28]],
    minOnsetAge: 2, followUpsPerYear: 0,
    source: 'CDC Adult and Childhood Obesity Facts (NHANES 2017-March 2020)',
  },
  {
    key: 'copd', icd10: 'J44.9', snomed: '13645005', display: 'Chronic obstructive pulmonary disease',
    // CDC BRFSS: ~4.6% of adults, ~11% at 65+.
    prevalence: [[0, 0], [0, 0], [0.01, 0.01], [0.05, 0.055], [0.1, 0.11], [0.12, 0.12]],
    minOnsetAge: 35, followUpsPerYear: 1.5,
    source: 'CDC COPD prevalence (BRFSS 2021)',
  },
  {
    key: 'depression', icd10: 'F32.9', snomed: '35489007', display: 'Depressive disorder',
    // CDC BRFSS 2020: ever diagnosed depression 18.4% of adults (women ~24%, men ~13%); adolescents ~4% current.
    prevalence: [[0, 0], [0.025, 0.035], [0.14, 0.26], [0.14, 0.25], [0.11, 0.19], [0.09, 0.15]],
    minOnsetAge: 10, followUpsPerYear: 1,
    source: 'CDC MMWR 2023 depression prevalence (BRFSS 2020); NSCH for adolescents',
  },
  {
    key: 'ckd', icd10: 'N18.3', snomed: '433144002', display: 'Chronic kidney disease stage 3',
    // CDC, Chronic Kidney Disease in the United States, 2023 (NHANES 2017-March 2020, CKD stages 1-4): 14% of adults;
    // 18-44 6%, 45-64 12%, 65+ 34%; women 14%, men 12%. We record stage 3 only, at about half of that (assumption:
    // stage 3 is the largest stage; as many as 9 in 10 adults with CKD do not know they have it, same source).
    prevalence: [[0, 0], [0, 0], [0.02, 0.02], [0.05, 0.06], [0.14, 0.15], [0.22, 0.24]],
    minOnsetAge: 25, followUpsPerYear: 2,
    source: 'CDC CKD in the United States 2023 (stages 1-4 by age and sex); stage 3 share: assumption',
  },
];

/** Onset is drawn uniformly over at most this many years before the as-of date (and not before minOnsetAge). */
export const CHRONIC_ONSET_LOOKBACK_YEARS = 20;
