import { ACUTE_CONDITIONS } from '../clinical/acute-conditions.js';
import { IMMUNIZATION_SCHEDULE, INFLUENZA_VACCINE, VACCINE_ADMIN_CODES } from '../clinical/immunizations.js';
import { LAB_PANELS, VENIPUNCTURE_CODE } from '../clinical/labs.js';
import { PROCEDURES } from '../clinical/procedures.js';
import {
  ANCILLARY_REVENUE,
  ED_EM_LEVELS,
  INPATIENT_DAILY_LINES,
  INPATIENT_EM,
  OFFICE_EM_LEVELS,
  PLACE_OF_SERVICE,
  PREVENTIVE_VISIT_BY_AGE,
  ICD10_TITLE,
  REVENUE_CODE,
  ROUTINE_EXAM_ICD10,
} from './billing.js';
import { DENIAL_RULES } from './denials.js';
import { DRUG_PRICE_BY_NDC11 } from './drug-benefit.js';
import { NDC_PACKAGES } from '../clinical/ndc.js';
import { ndc11 } from '../../clinical/ndc-code.js';
import { FEE_SCHEDULE, PAYER_ALLOWED_MULTIPLIER } from './fee-schedule.js';
import { CHRONIC_CONDITIONS } from '../clinical/chronic-conditions.js';
import { CARC_DISPLAY, CARC_GROUP_DISPLAY, CPT_DISPLAY, HCPCS_DISPLAY, PLACE_OF_SERVICE_DISPLAY, REVENUE_CODE_DISPLAY } from './code-displays.js';

/** Every code a claim can carry has a display (code-displays.ts); empty when so. */
function displayProblems(): string[] {
  const problems: string[] = [];
  const shown = (table: Readonly<Record<string, string>>, code: string, what: string): void => {
    if (!table[code]) problems.push(`no display for ${what} ${code}`);
  };
  for (const key of Object.keys(FEE_SCHEDULE)) {
    const [, revenue, code] = /^rev:(\d{4})(?::(\w+))?$/.exec(key) ?? [undefined, undefined, key];
    if (revenue) shown(REVENUE_CODE_DISPLAY, revenue, 'revenue code');
    if (code) shown(/^\d/.test(code) ? CPT_DISPLAY : HCPCS_DISPLAY, code, 'procedure code');
  }
  for (const revenue of Object.values(REVENUE_CODE)) shown(REVENUE_CODE_DISPLAY, revenue, 'revenue code');
  for (const pos of Object.values(PLACE_OF_SERVICE)) shown(PLACE_OF_SERVICE_DISPLAY, pos, 'place of service');
  for (const code of [...CHRONIC_CONDITIONS, ...ACUTE_CONDITIONS].map((c) => c.icd10)) shown(ICD10_TITLE, code, 'ICD-10-CM');
  const denial = DENIAL_RULES;
  for (const carc of [denial.coverageTerminated.carc, denial.missingInformation.carc, ...denial.nonCoveredLine.carcs]) shown(CARC_DISPLAY, carc, 'CARC');
  for (const group of [denial.coverageTerminated.group, denial.missingInformation.group, denial.nonCoveredLine.group]) shown(CARC_GROUP_DISPLAY, group, 'CAS group');
  return problems;
}

/** Problems in the claims tables: every code the generator bills is priced, rates are in range; empty when sound. */
export function claimsTableProblems(): string[] {
  const problems: string[] = [];
  const priced = (key: string, why: string): void => {
    if (!(FEE_SCHEDULE[key] > 0)) problems.push(`fee schedule has no amount for ${key} (${why})`);
  };
  for (const row of NDC_PACKAGES) if (!DRUG_PRICE_BY_NDC11.has(ndc11(row.ndc))) problems.push(`drug-benefit.ts has no price for NDC ${row.ndc}`);
  for (const v of PREVENTIVE_VISIT_BY_AGE) priced(v.cpt, 'preventive visit');
  for (const l of [...OFFICE_EM_LEVELS.acute, ...OFFICE_EM_LEVELS.followup]) priced(l.cpt, 'office E/M');
  for (const l of ED_EM_LEVELS) {
    priced(l.cpt, 'ED E/M');
    priced(`rev:${REVENUE_CODE.emergencyRoom}:${l.cpt}`, 'ED facility');
  }
  priced(INPATIENT_EM.initial, 'inpatient E/M');
  priced(INPATIENT_EM.discharge, 'discharge');
  for (const revenue of INPATIENT_DAILY_LINES) priced(`rev:${revenue}`, 'inpatient daily line');
  for (const p of LAB_PANELS) {
    priced(p.cpt, 'office lab');
    priced(`rev:${REVENUE_CODE.laboratory}:${p.cpt}`, 'hospital lab');
  }
  priced(VENIPUNCTURE_CODE, 'venipuncture');
  for (const row of [...IMMUNIZATION_SCHEDULE, INFLUENZA_VACCINE]) priced(row.cpt, `vaccine ${row.cvx}`);
  priced(VACCINE_ADMIN_CODES.first, 'vaccine admin');
  priced(VACCINE_ADMIN_CODES.additional, 'vaccine admin');
  for (const p of PROCEDURES) {
    priced(p.professionalCode, p.key);
    if (p.facilityCode) priced(`rev:${p.revenue}:${p.facilityCode}`, `${p.key} facility`);
  }
  for (const a of ACUTE_CONDITIONS) {
    for (const code of a.extraLines) {
      priced(code, `${a.key} test`);
      if (a.setting !== 'office') priced(`rev:${ANCILLARY_REVENUE[code] ?? REVENUE_CODE.laboratory}:${code}`, `${a.key} facility test`);
    }
  }
  for (const code of [ROUTINE_EXAM_ICD10.adult, ROUTINE_EXAM_ICD10.child, ...PROCEDURES.map((p) => p.screeningIcd10)]) {
    if (code !== undefined && !ICD10_TITLE[code]) problems.push(`no ICD-10-CM title for encounter reason ${code}`);
  }
  for (const [type, m] of Object.entries(PAYER_ALLOWED_MULTIPLIER)) {
    if (!(m.professional > 0 && m.institutional > 0)) problems.push(`allowed multiplier for ${type} must be positive`);
  }
  for (const r of [DENIAL_RULES.missingInformation.claimRate, DENIAL_RULES.nonCoveredLine.lineRate]) {
    if (!(r >= 0 && r <= 1)) problems.push(`denial rate ${r} outside [0, 1]`);
  }
  problems.push(...displayProblems());
  return problems;
}
