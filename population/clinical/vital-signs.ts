import type { CodeableConcept, Observation, Reference } from 'fhir/r4';
import { CODE_SYSTEM } from '../conventions.js';
import type { Rng } from '../random.js';
import {
  ADULT_BMI,
  BMI_CUTPOINT_MARGIN,
  BODY_TEMPERATURE,
  CHILD_BMI_SD_FRACTION,
  GROWTH,
  HEIGHT_SD_FRACTION,
  HYPERTENSIVE_BP,
  MIN_AGE,
  OXYGEN_SATURATION,
  VITAL_CODES,
  VITAL_LIMITS,
  VITAL_NORMS,
  VITALS_BY_ENCOUNTER,
  type VitalKey,
} from '../data/clinical/vital-signs.js';
import { ADULT_AGE_YEARS } from '../data/clinical/age-bands.js';
import { CATEGORY_VITAL_SIGNS, clamp, loinc, round } from './fhir-parts.js';

/** The patient's fixed body build: z-scores drawn once so height and BMI track consistently across visits. */
export interface Body {
  sexIndex: 0 | 1;
  heightZ: number;
  bmiZ: number;
  obese: boolean;
  hypertensive: boolean;
  copd: boolean;
}

export function drawBody(rng: Rng, sex: 'male' | 'female', obese: boolean, hypertensive: boolean, copd: boolean): Body {
  return { sexIndex: sex === 'male' ? 0 : 1, heightZ: clamp(rng.normal(0, 1), -2.5, 2.5), bmiZ: rng.normal(0, 1), obese, hypertensive, copd };
}

const lerp = (x: number, y: number, t: number): number => x + (y - x) * t;

function growthAt(age: number): { height: [number, number]; median: number; p95: number } {
  let i = 0;
  while (i < GROWTH.length - 1 && GROWTH[i + 1].ageYears <= age) i++;
  const a = GROWTH[i];
  const b = GROWTH[Math.min(i + 1, GROWTH.length - 1)];
  const t = b.ageYears > a.ageYears ? clamp((age - a.ageYears) / (b.ageYears - a.ageYears), 0, 1) : 0;
  return { height: [lerp(a.heightCm[0], b.heightCm[0], t), lerp(a.heightCm[1], b.heightCm[1], t)], median: lerp(a.bmiMedian, b.bmiMedian, t), p95: lerp(a.bmiP95, b.bmiP95, t) };
}

/** Height (cm) and BMI target for the body at an age (years, fractional). */
export function bodySize(body: Body, age: number): { heightCm: number; bmi: number } {
  const g = growthAt(age);
  const heightCm = clamp(g.height[body.sexIndex] * (1 + HEIGHT_SD_FRACTION * body.heightZ), VITAL_LIMITS.heightCm[0], VITAL_LIMITS.heightCm[1]);
  let bmi: number;
  if (age >= ADULT_AGE_YEARS) {
    bmi = body.obese
      ? Math.min(ADULT_BMI.obeseMin + BMI_CUTPOINT_MARGIN + Math.abs(body.bmiZ) * ADULT_BMI.obeseSd, ADULT_BMI.max)
      : clamp(ADULT_BMI.mean + body.bmiZ * ADULT_BMI.sd, ADULT_BMI.min, ADULT_BMI.obeseMin - BMI_CUTPOINT_MARGIN);
  } else {
    const spread = Math.abs(body.bmiZ) * CHILD_BMI_SD_FRACTION;
    bmi = body.obese ? g.p95 * (1 + spread) + BMI_CUTPOINT_MARGIN : Math.min(g.median * (1 + body.bmiZ * CHILD_BMI_SD_FRACTION), g.p95 - BMI_CUTPOINT_MARGIN);
  }
  return { heightCm, bmi };
}

function normRow(age: number): (typeof VITAL_NORMS)[number] {
  let row = VITAL_NORMS[0];
  for (const r of VITAL_NORMS) if (age >= r.fromAge) row = r;
  return row;
}

export interface VitalContext {
  nextId: () => string;
  subject: Reference;
  encounter: Reference;
  effective: string;
  age: number;
  fever: boolean;
}

/** Shared code concepts per vital sign (SpO2 carries both LOINC codes, as the vital signs profile asks). */
const VITAL_CODE: Record<string, CodeableConcept> = Object.fromEntries(Object.entries(VITAL_CODES).map(([key, code]) => [key, loinc(code.loinc, code.display)]));
VITAL_CODE.spo2.coding?.push({ system: CODE_SYSTEM.loinc, code: VITAL_CODES.spo2.alsoLoinc, display: 'Oxygen saturation in Arterial blood' });

function quantityObservation(v: VitalContext, key: Exclude<VitalKey, 'bp'>, value: number): Observation {
  const code = VITAL_CODES[key];
  const coded = VITAL_CODE[key];
  return {
    resourceType: 'Observation',
    id: v.nextId(),
    status: 'final',
    category: CATEGORY_VITAL_SIGNS,
    code: coded,
    subject: v.subject,
    encounter: v.encounter,
    effectiveDateTime: v.effective,
    valueQuantity: { value: round(value, code.decimals), unit: code.unit, system: CODE_SYSTEM.ucum, code: code.unit },
  };
}

/**
 * Vital sign Observations for one encounter (FHIR R4 Vital Signs profile:
 * http://hl7.org/fhir/R4/observation-vitalsigns.html), plausible for age and consistent with the patient's
 * obesity and hypertension status.
 */
export function vitalSigns(rng: Rng, body: Body, v: VitalContext, kind: string): Observation[] {
  const out: Observation[] = [];
  const norms = normRow(v.age);
  const size = bodySize(body, v.age);
  const heightM = size.heightCm / 100;
  const weightKg = round(clamp(size.bmi * heightM * heightM, VITAL_LIMITS.weightKg[0], VITAL_LIMITS.weightKg[1]), 1);
  const heightCm = round(size.heightCm, 1);
  for (const key of VITALS_BY_ENCOUNTER[kind] ?? []) {
    switch (key) {
      case 'height': out.push(quantityObservation(v, 'height', heightCm)); break;
      case 'weight': out.push(quantityObservation(v, 'weight', weightKg)); break;
      case 'bmi':
        if (v.age >= MIN_AGE.bmi) out.push(quantityObservation(v, 'bmi', weightKg / ((heightCm / 100) * (heightCm / 100))));
        break;
      case 'bp': {
        if (v.age < MIN_AGE.bloodPressure) break;
        const adultHtn = body.hypertensive && v.age >= ADULT_AGE_YEARS;
        const [sm, ss] = adultHtn ? HYPERTENSIVE_BP.systolic : norms.systolic;
        const [dm, ds] = adultHtn ? HYPERTENSIVE_BP.diastolic : norms.diastolic;
        const systolic = Math.round(clamp(rng.normal(sm, ss), VITAL_LIMITS.systolic[0], VITAL_LIMITS.systolic[1]));
        const diastolic = Math.round(clamp(rng.normal(dm, ds), VITAL_LIMITS.diastolic[0], Math.min(VITAL_LIMITS.diastolic[1], systolic - VITAL_LIMITS.minPulsePressure)));
        out.push({
          resourceType: 'Observation',
          id: v.nextId(),
          status: 'final',
          category: CATEGORY_VITAL_SIGNS,
          code: VITAL_CODE.bp,
          subject: v.subject,
          encounter: v.encounter,
          effectiveDateTime: v.effective,
          component: [
            { code: VITAL_CODE.systolic, valueQuantity: { value: systolic, unit: 'mm[Hg]', system: CODE_SYSTEM.ucum, code: 'mm[Hg]' } },
            { code: VITAL_CODE.diastolic, valueQuantity: { value: diastolic, unit: 'mm[Hg]', system: CODE_SYSTEM.ucum, code: 'mm[Hg]' } },
          ],
        });
        break;
      }
      case 'heartRate': {
        const feverBump = v.fever ? norms.heartRate[1] : 0;
        out.push(quantityObservation(v, 'heartRate', clamp(rng.normal(norms.heartRate[0] + feverBump, norms.heartRate[1]), VITAL_LIMITS.heartRate[0], VITAL_LIMITS.heartRate[1])));
        break;
      }
      case 'respiratoryRate':
        out.push(quantityObservation(v, 'respiratoryRate', clamp(rng.normal(norms.respiratoryRate[0], norms.respiratoryRate[1]), VITAL_LIMITS.respiratoryRate[0], VITAL_LIMITS.respiratoryRate[1])));
        break;
      case 'temperature': {
        const [mean, sd] = v.fever ? BODY_TEMPERATURE.fever : BODY_TEMPERATURE.normal;
        out.push(quantityObservation(v, 'temperature', clamp(rng.normal(mean, sd), VITAL_LIMITS.temperature[0], VITAL_LIMITS.temperature[1])));
        break;
      }
      case 'spo2': {
        const [mean, sd, min, max] = body.copd ? OXYGEN_SATURATION.copd : OXYGEN_SATURATION.normal;
        out.push(quantityObservation(v, 'spo2', clamp(rng.normal(mean, sd), min, max)));
        break;
      }
    }
  }
  return out;
}
