/**
 * Vital sign norms. Children: CDC 2000 growth charts (50th percentile stature, BMI 50th and 95th percentiles) and
 * WHO growth standards under 2; heart and respiratory rate: AHA PALS normal ranges; blood pressure: AAP 2017
 * Clinical Practice Guideline (50th percentile at median height); adults: NHANES 2015-2018 anthropometry.
 * Values between table ages are interpolated linearly.
 */
export interface GrowthPoint {
  ageYears: number;
  heightCm: readonly [number, number]; // [male, female]
  bmiMedian: number;
  /** BMI 95th percentile: the childhood obesity threshold (CDC). */
  bmiP95: number;
}

export const GROWTH: readonly GrowthPoint[] = [
  { ageYears: 0, heightCm: [49.9, 49.1], bmiMedian: 13.4, bmiP95: 16.0 },
  { ageYears: 0.5, heightCm: [67.6, 65.7], bmiMedian: 17.2, bmiP95: 19.6 },
  { ageYears: 1, heightCm: [75.7, 74.0], bmiMedian: 16.8, bmiP95: 19.2 },
  { ageYears: 2, heightCm: [86.5, 85.0], bmiMedian: 16.5, bmiP95: 19.3 },
  { ageYears: 3, heightCm: [95.3, 94.1], bmiMedian: 16.0, bmiP95: 18.4 },
  { ageYears: 4, heightCm: [102.5, 101.5], bmiMedian: 15.7, bmiP95: 17.8 },
  { ageYears: 6, heightCm: [115.5, 115.0], bmiMedian: 15.4, bmiP95: 18.4 },
  { ageYears: 8, heightCm: [127.0, 127.0], bmiMedian: 15.8, bmiP95: 20.0 },
  { ageYears: 10, heightCm: [138.0, 138.0], bmiMedian: 16.6, bmiP95: 22.0 },
  { ageYears: 12, heightCm: [149.0, 151.0], bmiMedian: 18.0, bmiP95: 24.2 },
  { ageYears: 14, heightCm: [163.0, 160.0], bmiMedian: 19.4, bmiP95: 26.0 },
  { ageYears: 16, heightCm: [173.0, 163.0], bmiMedian: 20.5, bmiP95: 27.5 },
  { ageYears: 18, heightCm: [176.0, 163.5], bmiMedian: 21.5, bmiP95: 29.5 },
  { ageYears: 20, heightCm: [175.4, 161.7], bmiMedian: 25.5, bmiP95: 30.0 },
];

/** Height spread as a fraction of the median (growth-chart 5th-95th spans about +/- 8%). */
export const HEIGHT_SD_FRACTION = 0.04;
/** Adult BMI: not obese drawn from N(25.5, 2.8) kept within [18.5, 29.9]; obese 30 + |N(0, 5.5)| up to 55 (NHANES). */
export const ADULT_BMI = { mean: 25.5, sd: 2.8, min: 18.5, obeseMin: 30, obeseSd: 5.5, max: 55 } as const;
/** Child BMI spread as a fraction of the median (relative SD). */
export const CHILD_BMI_SD_FRACTION = 0.08;

/** Vital sign means and SDs by age (years, lower bound of the row). */
export interface VitalNormRow {
  fromAge: number;
  heartRate: readonly [number, number];
  respiratoryRate: readonly [number, number];
  systolic: readonly [number, number];
  diastolic: readonly [number, number];
}

export const VITAL_NORMS: readonly VitalNormRow[] = [
  { fromAge: 0, heartRate: [130, 12], respiratoryRate: [35, 5], systolic: [85, 6], diastolic: [48, 5] },
  { fromAge: 1, heartRate: [115, 10], respiratoryRate: [28, 4], systolic: [90, 6], diastolic: [52, 5] },
  { fromAge: 3, heartRate: [100, 10], respiratoryRate: [24, 3], systolic: [96, 6], diastolic: [57, 5] },
  { fromAge: 6, heartRate: [88, 9], respiratoryRate: [20, 3], systolic: [101, 7], diastolic: [61, 5] },
  { fromAge: 12, heartRate: [78, 9], respiratoryRate: [16, 2], systolic: [110, 8], diastolic: [66, 6] },
  { fromAge: 18, heartRate: [74, 9], respiratoryRate: [15, 2], systolic: [117, 9], diastolic: [75, 7] },
];

/** Treated or untreated hypertension shifts adult BP to this mean/SD (NHANES: ~half of hypertensives controlled). */
export const HYPERTENSIVE_BP = { systolic: [138, 12], diastolic: [86, 8] } as const;
/** Body temperature in Cel: afebrile N(36.8, 0.25); febrile N(38.6, 0.5). */
export const BODY_TEMPERATURE = { normal: [36.8, 0.25], fever: [38.6, 0.5] } as const;
/** Oxygen saturation %: healthy N(98, 1) within 94..100; COPD N(94, 1.5) within 88..99. */
export const OXYGEN_SATURATION = { normal: [98, 1, 94, 100], copd: [94, 1.5, 88, 99] } as const;

/** Minimum ages (years) at which a measurement is routine: BMI from 2 (CDC), blood pressure from 3 (AAP 2017). */
export const MIN_AGE = { bmi: 2, bloodPressure: 3 } as const;

/** Which vital signs are taken at each kind of encounter. */
export type VitalKey = 'height' | 'weight' | 'bmi' | 'bp' | 'heartRate' | 'respiratoryRate' | 'temperature' | 'spo2';
export const VITALS_BY_ENCOUNTER: Readonly<Record<string, readonly VitalKey[]>> = {
  wellness: ['height', 'weight', 'bmi', 'bp', 'heartRate', 'temperature'],
  followup: ['weight', 'bp'],
  acute: ['temperature', 'heartRate', 'respiratoryRate', 'spo2'],
  emergency: ['bp', 'temperature', 'heartRate', 'respiratoryRate', 'spo2'],
  inpatient: ['bp', 'temperature', 'heartRate', 'respiratoryRate', 'spo2'],
  procedure: ['bp', 'heartRate'],
};

/** LOINC codes and UCUM units of the vital signs (FHIR R4 Vital Signs profile, http://hl7.org/fhir/R4/observation-vitalsigns.html). */
export const VITAL_CODES = {
  height: { loinc: '8302-2', display: 'Body height', unit: 'cm', decimals: 1 },
  weight: { loinc: '29463-7', display: 'Body weight', unit: 'kg', decimals: 1 },
  bmi: { loinc: '39156-5', display: 'Body mass index (BMI) [Ratio]', unit: 'kg/m2', decimals: 1 },
  bp: { loinc: '85354-9', display: 'Blood pressure panel with all children optional', unit: 'mm[Hg]', decimals: 0 },
  systolic: { loinc: '8480-6', display: 'Systolic blood pressure', unit: 'mm[Hg]', decimals: 0 },
  diastolic: { loinc: '8462-4', display: 'Diastolic blood pressure', unit: 'mm[Hg]', decimals: 0 },
  heartRate: { loinc: '8867-4', display: 'Heart rate', unit: '/min', decimals: 0 },
  respiratoryRate: { loinc: '9279-1', display: 'Respiratory rate', unit: '/min', decimals: 0 },
  temperature: { loinc: '8310-5', display: 'Body temperature', unit: 'Cel', decimals: 1 },
  spo2: { loinc: '59408-5', display: 'Oxygen saturation in Arterial blood by Pulse oximetry', unit: '%', decimals: 0, alsoLoinc: '2708-6' },
} as const;

/** Physiological limits every generated vital sign stays within (values are clamped; tests check them). */
export const VITAL_LIMITS = {
  heightCm: [40, 210], weightKg: [2, 250], bmi: [10, 60], systolic: [70, 200], diastolic: [35, 125],
  heartRate: [40, 200], respiratoryRate: [8, 70], temperature: [35, 41.5], spo2: [85, 100],
  /** Systolic minus diastolic is at least this (mm[Hg]). */
  minPulsePressure: 20,
} as const;
/** Generated BMI stays this far from the adult obesity cut-point (30) so rounding never crosses it. */
export const BMI_CUTPOINT_MARGIN = 0.4;
