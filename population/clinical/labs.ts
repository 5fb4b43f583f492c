import type { DiagnosticReport, Observation, ObservationReferenceRange, Reference } from 'fhir/r4';
import { CODE_SYSTEM } from '../conventions.js';
import type { Rng } from '../random.js';
import { LAB_ORDERS, LAB_PANELS, LAB_TESTS, type LabPanelRow, type LabTestRow, type LabVariant } from '../data/clinical/labs.js';
import { ageBandIndex } from '../data/clinical/age-bands.js';
import { CATEGORY_LAB_REPORT, CATEGORY_LABORATORY, INTERPRETATION, clamp, loinc, memo, ref, round } from './fhir-parts.js';

const TEST_BY_KEY = new Map(LAB_TESTS.map((t) => [t.key, t]));
const PANEL_BY_KEY = new Map(LAB_PANELS.map((p) => [p.key, p]));
const TEST_CODE = new Map(LAB_TESTS.map((t) => [t.key, loinc(t.loinc, t.display)]));
const PANEL_CODE = new Map(LAB_PANELS.map((p) => [p.key, loinc(p.loinc, p.display)]));
/** Shared reference range per (test, variant). */
const rangeOf = memo((variant: LabVariant & { unit: string }): ObservationReferenceRange[] => {
  const unit = { unit: variant.unit, system: CODE_SYSTEM.ucum, code: variant.unit };
  const range: ObservationReferenceRange = {};
  if (variant.low !== undefined) range.low = { value: variant.low, ...unit };
  if (variant.high !== undefined) range.high = { value: variant.high, ...unit };
  return [range];
});
const variantsWithUnit = new Map(LAB_TESTS.map((t) => [t.key, t.variants.map((v) => ({ ...v, unit: t.unit }))]));

export function labPanel(key: string): LabPanelRow {
  const panel = PANEL_BY_KEY.get(key);
  if (!panel) throw new Error(`unknown lab panel ${key}`);
  return panel;
}

/** Panels drawn in a context (`wellness` or each chronic condition key), by the LAB_ORDERS probabilities. */
export function orderedPanels(rng: Rng, contexts: readonly string[], ageYears: number): string[] {
  const band = ageBandIndex(ageYears);
  const panels: string[] = [];
  for (const order of LAB_ORDERS) {
    if (!contexts.includes(order.context)) continue;
    if (rng.chance(order.probability[band]) && !panels.includes(order.panel)) panels.push(order.panel);
  }
  return panels;
}

/** Interpretation code for a value against its reference range. */
export function interpret(value: number, low: number | undefined, high: number | undefined): 'H' | 'L' | 'N' {
  if (high !== undefined && value > high) return 'H';
  if (low !== undefined && value < low) return 'L';
  return 'N';
}

function variantOf(test: LabTestRow, age: number, sex: 'male' | 'female'): LabVariant & { unit: string } {
  const variants = variantsWithUnit.get(test.key) ?? [];
  return variants.find((v) => age >= v.minAge && age <= v.maxAge && (!v.sex || v.sex === sex)) ?? variants[0];
}

/** A value drawn from the population table: the first matching condition effect, else the age/sex variant. */
function tableValue(rng: Rng, test: LabTestRow, variant: LabVariant, conditions: ReadonlySet<string>): number {
  const effect = test.effects.find((e) => conditions.has(e.when));
  return round(clamp(rng.normal(effect?.mean ?? variant.mean, effect?.sd ?? variant.sd), test.min, test.max), test.decimals);
}

export interface LabContext {
  nextObservationId: () => string;
  reportId: string;
  subject: Reference;
  encounter: Reference;
  effective: string;
  issued: string;
  age: number;
  sex: 'male' | 'female';
  /** Active chronic condition keys, plus `infection` when febrile. */
  conditions: ReadonlySet<string>;
  /** Values that follow from the patient's lab profile (null: not reported); other tests come from the tables. */
  values: ReadonlyMap<string, number | null>;
}

/** Why a calculated LDL is missing from a lipid panel (Friedewald is not valid at TG >= 400 mg/dL). */
const LDL_NOT_CALCULATED = 'LDL cholesterol not calculated: triglycerides >= 400 mg/dL (Friedewald equation not valid).';

/**
 * One lab panel: its Observations (LOINC, UCUM, referenceRange, interpretation consistent with the value) and the
 * DiagnosticReport grouping them. https://hl7.org/fhir/R4/diagnosticreport.html
 */
export function labReport(rng: Rng, panel: LabPanelRow, c: LabContext): { observations: Observation[]; report: DiagnosticReport } {
  const observations: Observation[] = [];
  let omitted = false;
  for (const key of panel.tests) {
    const test = TEST_BY_KEY.get(key);
    if (!test) throw new Error(`unknown lab test ${key}`);
    const given = c.values.get(key);
    if (given === null || (given === undefined && c.age < test.variants[0].minAge)) {
      omitted ||= given === null && key === 'ldl-calc';
      continue;
    }
    const variant = variantOf(test, c.age, c.sex);
    const value = given ?? tableValue(rng, test, variant, c.conditions);
    observations.push({
      resourceType: 'Observation',
      id: c.nextObservationId(),
      status: 'final',
      category: CATEGORY_LABORATORY,
      code: TEST_CODE.get(test.key) ?? loinc(test.loinc, test.display),
      subject: c.subject,
      encounter: c.encounter,
      effectiveDateTime: c.effective,
      issued: c.issued,
      valueQuantity: { value, unit: test.unit, system: CODE_SYSTEM.ucum, code: test.unit },
      interpretation: INTERPRETATION[interpret(value, variant.low, variant.high)],
      referenceRange: rangeOf(variant),
    });
  }
  const report: DiagnosticReport = {
    resourceType: 'DiagnosticReport',
    id: c.reportId,
    status: 'final',
    category: CATEGORY_LAB_REPORT,
    code: PANEL_CODE.get(panel.key) ?? loinc(panel.loinc, panel.display),
    subject: c.subject,
    encounter: c.encounter,
    effectiveDateTime: c.effective,
    issued: c.issued,
    result: observations.map((o) => ref('Observation', o.id ?? '')),
  };
  if (omitted) report.conclusion = LDL_NOT_CALCULATED;
  return { observations, report };
}
