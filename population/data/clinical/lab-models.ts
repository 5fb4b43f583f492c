/**
 * Models that make a patient's lab values add up: a per-patient lipid, glycaemic and kidney profile that persists across
 * visits, within-person variation between draws, the equations laboratories use to derive values, and the effect of
 * treatment. Every number has its source beside it; "assumption" marks a modelling choice without a single source.
 */

/**
 * Friedewald WT, Levy RI, Fredrickson DS. Estimation of the concentration of low-density lipoprotein cholesterol in
 * plasma, without use of the preparative ultracentrifuge. Clin Chem 1972;18(6):499-502. doi:10.1093/clinchem/18.6.499.
 * LDL = TC - HDL - TG/5 (mg/dL); not valid when TG >= 400 mg/dL (laboratories then omit the calculated LDL).
 */
export const FRIEDEWALD = { triglycerideDivisor: 5, maxTriglycerides: 400 } as const;

/**
 * CKD-EPI 2021 creatinine equation without race: eGFR = 142 x min(Scr/k, 1)^a x max(Scr/k, 1)^-1.200 x 0.9938^age
 * x 1.012 [female]; k = 0.7 (F) / 0.9 (M), a = -0.241 (F) / -0.302 (M). Inker LA et al. N Engl J Med 2021;385:1737-49.
 * doi:10.1056/NEJMoa2102953. For adults (18+); children use the bedside Schwartz equation, so no eGFR is reported.
 */
export const CKD_EPI_2021 = {
  scale: 142,
  kappa: { female: 0.7, male: 0.9 },
  alpha: { female: -0.241, male: -0.302 },
  highExponent: -1.2,
  agePerYear: 0.9938,
  femaleFactor: 1.012,
  minAge: 18,
} as const;

/** KDIGO 2012 CKD guideline, GFR categories: G3a 45-59, G3b 30-44 mL/min/1.73 m2 (our CKD rows are stage 3). */
export const CKD_STAGE3_EGFR = { min: 30, max: 59 } as const;
/** Share of stage 3 that is 3a (assumption: 3a is the larger group in US surveys; USRDS ADR reports about 2:1). */
export const CKD_STAGE3A_SHARE = 0.67;

/**
 * Person-level lipid means (mg/dL) before treatment. Adults, NHANES 2007-2010 (Carroll MD et al. JAMA 2012;308:1545-54,
 * doi:10.1001/jama.2012.13260): mean LDL 116, HDL 52.5 (men ~47, women ~58), geometric mean TG 110. For people with
 * diagnosed hyperlipidemia the untreated LDL is higher (assumption: 160 +/- 30, i.e. above the ATP III 130 cut-point
 * for most); diabetes raises TG (ADA Standards of Care, section 10: atherogenic dyslipidaemia; assumption 150).
 * Triglycerides are log-normal (geometric SD, assumption 1.6-1.7 so that ~1-2% of hyperlipidaemic draws reach 400).
 */
export const LIPID_BASELINE = {
  ldl: { usual: { mean: 110, sd: 25 }, hyperlipidemia: { mean: 160, sd: 30 }, child: { mean: 90, sd: 20 } },
  hdl: { male: { mean: 47, sd: 12 }, female: { mean: 58, sd: 14 } },
  triglycerides: { usual: { median: 100, gsd: 1.6 }, diabetes: { median: 150, gsd: 1.65 }, hyperlipidemia: { median: 160, gsd: 1.7 } },
  /** Children under 18 (NHANES 2011-2014 youth: mean LDL ~90, TG ~ 75; Perak AM et al. JAMA 2016;316:2092). */
  childTriglycerides: { median: 75, gsd: 1.5 },
} as const;

/**
 * Within-person (visit-to-visit) coefficient of variation of lipids: Smith SJ, Cooper GR, Myers GL, Sampson EJ.
 * Biological variability in concentrations of serum lipids. Clin Chem 1993;39(6):1012-22 (random-effects estimates:
 * TC 6.1%, HDL 7.4%, LDL 9.5%, TG 22.6%). TC is derived here, so its variation follows from the others.
 */
export const LIPID_WITHIN_PERSON_CV = { hdl: 0.074, ldl: 0.095, triglycerides: 0.226 } as const;

/** Within-person CV of serum creatinine (EFLM Biological Variation Database, creatinine CVI ~4.5%). */
export const CREATININE_WITHIN_PERSON_CV = 0.045;

/** Person-level creatinine (mg/dL) without CKD, by sex (same means as the BMP table in labs.ts). */
export const CREATININE_BASELINE = { male: { mean: 1, sd: 0.13 }, female: { mean: 0.8, sd: 0.1 }, child: { mean: 0.45, sd: 0.08 } } as const;

/**
 * HbA1c (%) person level. Without diabetes: NHANES mean ~5.3-5.4 (labs.ts). Type 2 before treatment: assumption 8.3
 * +/- 1.2 so that on metformin the mean is ~7.2 (NHANES 2015-2018: about half of adults with diagnosed diabetes have
 * HbA1c < 7%; Fang M et al. N Engl J Med 2021;384:2219-28, doi:10.1056/NEJMsa2032271). Type 1 on insulin: 7.9 +/- 1.1
 * (T1D Exchange adults ~7.8-8.4; Foster NC et al. Diabetes Technol Ther 2019;21:66-72). Visit-to-visit SD: 0.1
 * without diabetes (within-person CV ~2% in healthy people, EFLM Biological Variation Database), 0.3 with diabetes
 * (assumption: HbA1c variability is larger in diabetes).
 */
export const HBA1C_BASELINE = {
  usual: { mean: 5.3, sd: 0.3 },
  'diabetes-type2': { mean: 8.3, sd: 1.2 },
  'diabetes-type1': { mean: 7.9, sd: 1.1 },
  withinPersonSd: { usual: 0.1, diabetes: 0.3 },
} as const;

/**
 * Glucose in diabetes follows HbA1c: estimated average glucose eAG (mg/dL) = 28.7 x A1C - 46.7 (ADAG study; Nathan DM
 * et al. Diabetes Care 2008;31:1473-8, doi:10.2337/dc08-0545). A single draw scatters around it (assumption: CV 15%).
 */
export const ESTIMATED_AVERAGE_GLUCOSE = { slope: 28.7, intercept: -46.7, drawCv: 0.15 } as const;
