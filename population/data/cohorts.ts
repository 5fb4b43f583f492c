/**
 * The cohorts published as Group resources (population/cohorts.ts): who belongs, and the codes that describe it
 * in Group.characteristic (https://hl7.org/fhir/R4/group-definitions.html#Group.characteristic).
 */

export interface Coding {
  system: string;
  code: string;
  display: string;
}

/** Members with an active Condition whose ICD-10-CM code starts with one of the prefixes. */
export interface ConditionCohort {
  key: string;
  name: string;
  icd10Prefixes: readonly string[];
  /** The value of the `diagnosis` characteristic. */
  concept: readonly Coding[];
  source: string;
}

/** Members whose age in whole years on the as-of date lies in [minYears, maxYears]. */
export interface AgeCohort {
  key: string;
  name: string;
  minYears?: number;
  maxYears?: number;
  source: string;
}

/** Characteristic codes (Group.characteristic.code). */
export const CHARACTERISTIC = {
  /** SNOMED CT 439401001 |Diagnosis (observable entity)|, as used for condition-based Group characteristics. */
  diagnosis: { system: 'http://snomed.info/sct', code: '439401001', display: 'Diagnosis (observable entity)' },
  /** SNOMED CT 424144002 |Current chronological age (observable entity)|, the code FHIR's Group examples use for age. */
  age: { system: 'http://snomed.info/sct', code: '424144002', display: 'Current chronological age (observable entity)' },
  /** LOINC 48768-6 Payment sources Document (the payers section of C-CDA); the value names the payer Organization. */
  payer: { system: 'http://loinc.org', code: '48768-6', display: 'Payment sources Document' },
} as const;

export const CONDITION_COHORTS: readonly ConditionCohort[] = [
  {
    key: 'diabetes',
    name: 'Members with diabetes mellitus',
    // ICD-10-CM 2024 E08-E13 "Diabetes mellitus" (CMS ICD-10-CM tabular list, chapter 4).
    icd10Prefixes: ['E08', 'E09', 'E10', 'E11', 'E13'],
    concept: [
      { system: 'http://snomed.info/sct', code: '73211009', display: 'Diabetes mellitus' },
      { system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'E11', display: 'Type 2 diabetes mellitus' },
    ],
    source: 'ICD-10-CM 2024 tabular list, E08-E13; SNOMED CT International 73211009',
  },
  {
    key: 'hypertension',
    name: 'Members with hypertension',
    // ICD-10-CM 2024 I10-I16 "Hypertensive diseases" (CMS ICD-10-CM tabular list, chapter 9).
    icd10Prefixes: ['I10', 'I11', 'I12', 'I13', 'I15', 'I16'],
    concept: [
      { system: 'http://snomed.info/sct', code: '38341003', display: 'Hypertensive disorder, systemic arterial' },
      { system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'I10', display: 'Essential (primary) hypertension' },
    ],
    source: 'ICD-10-CM 2024 tabular list, I10-I16; SNOMED CT International 38341003',
  },
];

export const AGE_COHORTS: readonly AgeCohort[] = [
  // Under 18: minors by the age of majority in most US states.
  { key: 'children', name: 'Members under 18', maxYears: 17, source: 'Age of majority, 18 in 47 US states' },
  // 65 and over: Medicare age (42 U.S.C. 1395c).
  { key: 'seniors', name: 'Members 65 and over', minYears: 65, source: 'Medicare entitlement age, 42 U.S.C. 1395c' },
];
