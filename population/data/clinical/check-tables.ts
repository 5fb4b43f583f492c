import { AGE_BANDS } from './age-bands.js';
import { ACUTE_CONDITIONS } from './acute-conditions.js';
import { CHRONIC_CONDITIONS } from './chronic-conditions.js';
import { IMMUNIZATION_SCHEDULE, INFLUENZA_VACCINE } from './immunizations.js';
import { LAB_ORDERS, LAB_PANELS, LAB_TESTS } from './labs.js';
import { CONDITION_REGIMENS, MEDICATIONS } from './medications.js';
import { PROCEDURES } from './procedures.js';
import { ACUTE_OFFICE_VISITS_PER_YEAR, ED_VISITS_PER_YEAR, FLU_VACCINE_UPTAKE, INPATIENT_STAYS_PER_YEAR } from './utilization.js';

const ICD10CM = /^[A-TV-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/;
const SNOMED = /^\d{6,18}$/;
const CVX = /^\d{2,3}$/;
const RXNORM = /^\d{4,8}$/;
const CPT_OR_HCPCS = /^(\d{4}[0-9FTU]|[A-V]\d{4})$/;

/** LOINC codes end in a mod-10 (Luhn) check digit (LOINC Users' Guide, appendix on check digits). */
export function loincCheckDigitValid(code: string): boolean {
  const m = /^(\d{1,7})-(\d)$/.exec(code);
  if (!m) return false;
  let sum = 0;
  const digits = m[1];
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10 === Number(m[2]);
}

/** Problems in the clinical data tables (code formats, LOINC check digits, rates in range, cross-references); empty when sound. */
export function clinicalTableProblems(): string[] {
  const problems: string[] = [];
  const rate = (name: string, v: number): void => {
    if (!(v >= 0 && v <= 1)) problems.push(`${name}: probability ${v} outside [0, 1]`);
  };
  const bands = (name: string, table: readonly (readonly number[])[], probability: boolean): void => {
    if (table.length !== AGE_BANDS.length) problems.push(`${name}: ${table.length} age bands, expected ${AGE_BANDS.length}`);
    table.forEach((pair) => pair.forEach((v) => (probability ? rate(name, v) : v < 0 && problems.push(`${name}: negative rate`))));
  };
  for (const c of CHRONIC_CONDITIONS) {
    if (!ICD10CM.test(c.icd10)) problems.push(`${c.key}: bad ICD-10-CM ${c.icd10}`);
    if (!SNOMED.test(c.snomed)) problems.push(`${c.key}: bad SNOMED ${c.snomed}`);
    bands(c.key, c.prevalence, true);
  }
  const meds = new Set(MEDICATIONS.map((m) => m.key));
  const panels = new Set(LAB_PANELS.map((p) => p.key));
  const procedures = new Set(PROCEDURES.map((p) => p.key));
  for (const a of ACUTE_CONDITIONS) {
    if (!ICD10CM.test(a.icd10)) problems.push(`${a.key}: bad ICD-10-CM ${a.icd10}`);
    if (!SNOMED.test(a.snomed)) problems.push(`${a.key}: bad SNOMED ${a.snomed}`);
    rate(a.key, a.feverRate);
    for (const m of a.medications) if (!meds.has(m)) problems.push(`${a.key}: unknown medication ${m}`);
    for (const l of a.labs) if (!panels.has(l)) problems.push(`${a.key}: unknown lab panel ${l}`);
    for (const p of a.procedures) if (!procedures.has(p)) problems.push(`${a.key}: unknown procedure ${p}`);
    for (const code of a.extraLines) if (!CPT_OR_HCPCS.test(code)) problems.push(`${a.key}: bad CPT ${code}`);
    if (a.requires && !CHRONIC_CONDITIONS.some((c) => c.key === a.requires)) problems.push(`${a.key}: unknown chronic condition ${a.requires}`);
  }
  bands('acute office visits', ACUTE_OFFICE_VISITS_PER_YEAR, false);
  bands('ED visits', ED_VISITS_PER_YEAR, false);
  bands('inpatient stays', INPATIENT_STAYS_PER_YEAR, false);
  bands('flu uptake', FLU_VACCINE_UPTAKE, true);
  const tests = new Set(LAB_TESTS.map((t) => t.key));
  for (const t of LAB_TESTS) {
    if (!loincCheckDigitValid(t.loinc)) problems.push(`${t.key}: bad LOINC ${t.loinc}`);
    for (const v of t.variants) {
      if (v.low !== undefined && v.high !== undefined && v.low >= v.high) problems.push(`${t.key}: reference low >= high`);
      if (v.mean < t.min || v.mean > t.max) problems.push(`${t.key}: mean outside clamp range`);
    }
  }
  for (const p of LAB_PANELS) {
    if (!loincCheckDigitValid(p.loinc)) problems.push(`${p.key}: bad LOINC ${p.loinc}`);
    if (!CPT_OR_HCPCS.test(p.cpt)) problems.push(`${p.key}: bad CPT ${p.cpt}`);
    for (const t of p.tests) if (!tests.has(t)) problems.push(`${p.key}: unknown test ${t}`);
  }
  for (const o of LAB_ORDERS) {
    if (!panels.has(o.panel)) problems.push(`lab order: unknown panel ${o.panel}`);
    if (o.probability.length !== AGE_BANDS.length) problems.push(`lab order ${o.context}/${o.panel}: wrong band count`);
    o.probability.forEach((p) => rate(`lab order ${o.context}/${o.panel}`, p));
  }
  for (const row of [...IMMUNIZATION_SCHEDULE, INFLUENZA_VACCINE]) {
    if (!CVX.test(row.cvx)) problems.push(`vaccine ${row.display}: bad CVX ${row.cvx}`);
    if (!CPT_OR_HCPCS.test(row.cpt)) problems.push(`vaccine ${row.display}: bad CPT ${row.cpt}`);
  }
  for (const row of IMMUNIZATION_SCHEDULE) {
    if (row.dueAgesMonths.some((a, i) => i > 0 && a <= row.dueAgesMonths[i - 1])) problems.push(`vaccine ${row.cvx}: due ages not ascending`);
  }
  for (const m of MEDICATIONS) if (!RXNORM.test(m.rxnorm)) problems.push(`${m.key}: bad RxNorm ${m.rxnorm}`);
  for (const [condition, r] of Object.entries(CONDITION_REGIMENS)) {
    if (!CHRONIC_CONDITIONS.some((c) => c.key === condition)) problems.push(`medications for unknown condition ${condition}`);
    for (const o of [...r.firstLine, ...r.adjuncts]) if (!meds.has(o.med)) problems.push(`${condition}: unknown medication ${o.med}`);
    if (r.firstLine.length === 0 || r.firstLine.some((o) => !(o.weight > 0))) problems.push(`${condition}: first line needs positive weights`);
    for (const [name, v] of [['treated', r.treatedShare], ['second drug', r.secondDrugShare], ['discontinuation', r.discontinuation.share], ['adherent', r.adherentShare]] as const) rate(`${condition}/${name}`, v);
    for (const a of r.adjuncts) rate(`${condition}/${a.med}`, a.probability);
  }
  for (const m of MEDICATIONS) {
    const e = m.effect;
    if (e?.target === 'ldl' && !(e.fraction[0] >= 0 && e.fraction[0] <= e.fraction[1] && e.fraction[1] < 1)) problems.push(`${m.key}: bad LDL effect range`);
  }
  for (const p of PROCEDURES) {
    if (!SNOMED.test(p.snomed)) problems.push(`${p.key}: bad SNOMED ${p.snomed}`);
    for (const code of [p.professionalCode, p.facilityCode]) if (code !== undefined && !CPT_OR_HCPCS.test(code)) problems.push(`${p.key}: bad code ${code}`);
  }
  return problems;
}
