import type { Rng } from '../random.js';
import { ADULT_AGE_YEARS } from '../data/clinical/age-bands.js';
import {
  CKD_EPI_2021,
  CKD_STAGE3_EGFR,
  CKD_STAGE3A_SHARE,
  CREATININE_BASELINE,
  CREATININE_WITHIN_PERSON_CV,
  ESTIMATED_AVERAGE_GLUCOSE,
  FRIEDEWALD,
  HBA1C_BASELINE,
  LIPID_BASELINE,
  LIPID_WITHIN_PERSON_CV,
} from '../data/clinical/lab-models.js';
import { ckdEpi2021, creatinineForEgfr, estimatedAverageGlucose, friedewaldLdl } from './lab-equations.js';
import { clamp, round } from './fhir-parts.js';

/** A drug's effect on a lab value while it is taken: LDL scaled by (1 - amount), HbA1c shifted by amount. */
export interface DrugEffect {
  target: 'ldl' | 'hba1c';
  amount: number;
  /** Labs drawn after this epoch day see the effect (same-day labs are drawn before the order). */
  fromDay: number;
  /** Labs drawn on or after this day no longer do (discontinued). */
  toDay?: number;
}

/** A patient's own untreated lab levels, which every draw scatters around, and the drugs acting on them. */
export interface LabProfile {
  ldl: number;
  hdl: number;
  triglycerides: number;
  hba1c: number;
  creatinine: number;
  /** Stage 3 CKD: the eGFR a draw may not leave (creatinine is kept within it). */
  ckd: boolean;
  diabetic: boolean;
  effects: DrugEffect[];
}

const positive = (rng: Rng, m: { mean: number; sd: number }, min: number): number => Math.max(min, rng.normal(m.mean, m.sd));
const logNormal = (rng: Rng, m: { median: number; gsd: number }): number => m.median * Math.exp(rng.normal(0, Math.log(m.gsd)));

/** Draws the person-level levels from the lab models for age, sex and chronic conditions. */
export function drawLabProfile(rng: Rng, ageYears: number, sex: 'male' | 'female', keys: ReadonlySet<string>): LabProfile {
  const adult = ageYears >= ADULT_AGE_YEARS;
  const ldl = positive(rng, !adult ? LIPID_BASELINE.ldl.child : keys.has('hyperlipidemia') ? LIPID_BASELINE.ldl.hyperlipidemia : LIPID_BASELINE.ldl.usual, 40);
  const hdl = positive(rng, LIPID_BASELINE.hdl[sex], 22);
  const tgModel = !adult ? LIPID_BASELINE.childTriglycerides : keys.has('hyperlipidemia') ? LIPID_BASELINE.triglycerides.hyperlipidemia
    : keys.has('diabetes-type2') ? LIPID_BASELINE.triglycerides.diabetes : LIPID_BASELINE.triglycerides.usual;
  const triglycerides = logNormal(rng, tgModel);
  const a1cModel = keys.has('diabetes-type1') ? HBA1C_BASELINE['diabetes-type1'] : keys.has('diabetes-type2') ? HBA1C_BASELINE['diabetes-type2'] : HBA1C_BASELINE.usual;
  const hba1c = rng.normal(a1cModel.mean, a1cModel.sd);
  const ckd = keys.has('ckd');
  let creatinine: number;
  if (ckd) {
    const stage3a = rng.chance(CKD_STAGE3A_SHARE);
    const mid = (CKD_STAGE3_EGFR.min + CKD_STAGE3_EGFR.max + 1) / 2;
    const egfr = stage3a ? mid + rng.next() * (CKD_STAGE3_EGFR.max - mid) : CKD_STAGE3_EGFR.min + rng.next() * (mid - CKD_STAGE3_EGFR.min);
    creatinine = creatinineForEgfr(egfr, ageYears, sex);
  } else {
    creatinine = positive(rng, ageYears < 13 ? CREATININE_BASELINE.child : CREATININE_BASELINE[sex], 0.2);
  }
  return { ldl, hdl, triglycerides, hba1c, creatinine, ckd, diabetic: keys.has('diabetes-type1') || keys.has('diabetes-type2'), effects: [] };
}

function effectOn(profile: LabProfile, target: DrugEffect['target'], day: number): number {
  let total = 0;
  for (const e of profile.effects) if (e.target === target && e.fromDay < day && (e.toDay === undefined || day < e.toDay)) total += e.amount;
  return total;
}

export interface DrawContext {
  day: number;
  /** Whole years at the draw. */
  age: number;
  sex: 'male' | 'female';
}

/** Lipid panel values: TC is the sum the Friedewald equation inverts, so calculated LDL adds up within rounding. */
function lipidValues(rng: Rng, p: LabProfile, c: DrawContext, out: Map<string, number | null>): void {
  const statin = Math.min(effectOn(p, 'ldl', c.day), 0.9);
  const ldl = Math.round(clamp(p.ldl * (1 - statin) * (1 + rng.normal(0, LIPID_WITHIN_PERSON_CV.ldl)), 15, 400));
  const hdl = Math.round(clamp(p.hdl * (1 + rng.normal(0, LIPID_WITHIN_PERSON_CV.hdl)), 20, 110));
  const tg = Math.round(clamp(p.triglycerides * Math.exp(rng.normal(0, LIPID_WITHIN_PERSON_CV.triglycerides)), 30, 1500));
  const total = Math.round(ldl + hdl + tg / FRIEDEWALD.triglycerideDivisor);
  const calculated = friedewaldLdl(total, hdl, tg);
  out.set('cholesterol', total).set('hdl', hdl).set('triglycerides', tg).set('ldl-calc', calculated === undefined ? null : Math.round(calculated));
}

function currentA1c(p: LabProfile, day: number): number {
  return p.hba1c + effectOn(p, 'hba1c', day);
}

/** BMP values that depend on the person: creatinine (kept in stage 3 for CKD), the eGFR from it, glucose in diabetes. */
function bmpValues(rng: Rng, p: LabProfile, c: DrawContext, out: Map<string, number | null>): void {
  let creatinine = p.creatinine * (1 + rng.normal(0, CREATININE_WITHIN_PERSON_CV));
  if (p.ckd) {
    const low = creatinineForEgfr(CKD_STAGE3_EGFR.max + 0.4, c.age, c.sex);
    const high = creatinineForEgfr(CKD_STAGE3_EGFR.min, c.age, c.sex);
    creatinine = clamp(creatinine, Math.ceil(low * 100) / 100, Math.floor(high * 100) / 100);
  }
  creatinine = round(clamp(creatinine, 0.15, 6), 2);
  out.set('creatinine', creatinine);
  out.set('egfr', c.age >= CKD_EPI_2021.minAge ? Math.round(ckdEpi2021(creatinine, c.age, c.sex)) : null);
  if (p.diabetic) {
    const glucose = estimatedAverageGlucose(currentA1c(p, c.day)) * (1 + rng.normal(0, ESTIMATED_AVERAGE_GLUCOSE.drawCv));
    out.set('glucose', Math.round(clamp(glucose, 55, 450)));
  }
}

/**
 * The values of a panel that follow from the patient's profile (key -> value; null = not reported). Tests not in
 * the map are drawn from the population tables in labs.ts.
 */
export function profileValues(rng: Rng, panel: string, p: LabProfile, c: DrawContext): Map<string, number | null> {
  const out = new Map<string, number | null>();
  if (panel === 'lipid') lipidValues(rng, p, c, out);
  else if (panel === 'bmp') bmpValues(rng, p, c, out);
  else if (panel === 'hba1c') {
    const sd = p.diabetic ? HBA1C_BASELINE.withinPersonSd.diabetes : HBA1C_BASELINE.withinPersonSd.usual;
    out.set('hba1c', round(clamp(currentA1c(p, c.day) + rng.normal(0, sd), 4, 14), 1));
  }
  return out;
}
