import type { Condition, DiagnosticReport, MedicationRequest, Observation, Resource } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { CODE_SYSTEM } from '../../population/conventions.js';
import { ckdEpi2021 } from '../../population/clinical/lab-equations.js';
import { FRIEDEWALD } from '../../population/data/clinical/lab-models.js';
import { clinicalSample, ofType } from './clinical-fixture.js';

// Labs that add up (issue 16): Friedewald lipid panels, complete BMPs with eGFR, values that follow conditions and drugs.
const sample = clinicalSample(1500, { seed: 'labs' });
const LOINC = {
  total: '2093-3', hdl: '2085-9', tg: '2571-8', ldlCalc: '13457-7', lipidPanel: '24331-1', bmpPanel: '51990-0',
  glucose: '2345-7', creatinine: '2160-0', egfr: '98979-8',
};
/** The eight analytes of a basic metabolic panel (CPT 80048) by LOINC, with their UCUM units. */
const BMP_ANALYTES: Record<string, string> = {
  '2345-7': 'mg/dL', '3094-0': 'mg/dL', '2160-0': 'mg/dL', '2951-2': 'mmol/L', '2823-3': 'mmol/L', '2075-0': 'mmol/L', '2028-9': 'mmol/L', '17861-6': 'mg/dL',
};
const ATORVASTATIN = '617310';
const DAY_MS = 86_400_000;

const codeOf = (o: { code?: { coding?: { code?: string }[] } }): string => o.code?.coding?.[0]?.code ?? '';
const problems = (resources: readonly Resource[]): Set<string> =>
  new Set(ofType<Condition>(resources, 'Condition').filter((c) => c.category?.[0]?.coding?.[0]?.code === 'problem-list-item').map(codeOf));
const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

interface Panel { report: DiagnosticReport; values: Map<string, Observation> }
function panels(resources: readonly Resource[], code: string): Panel[] {
  const byRef = new Map(ofType<Observation>(resources, 'Observation').map((o) => [`Observation/${o.id ?? ''}`, o]));
  return ofType<DiagnosticReport>(resources, 'DiagnosticReport').filter((r) => codeOf(r) === code).map((report) => ({
    report,
    values: new Map((report.result ?? []).map((r) => byRef.get(r.reference ?? '')).filter((o): o is Observation => o !== undefined).map((o) => [codeOf(o), o])),
  }));
}
const value = (p: Panel, code: string): number => p.values.get(code)?.valueQuantity?.value as number;

describe('lipid panels add up (Friedewald)', () => {
  it('calculated LDL = TC - HDL - TG/5 within lab rounding, and is left out (with a note) when TG >= 400', () => {
    const all = sample.flatMap((s) => panels(s.resources, LOINC.lipidPanel));
    expect(all.length).toBeGreaterThan(500);
    let calculated = 0;
    let omitted = 0;
    for (const p of all) {
      const tg = value(p, LOINC.tg);
      expect([value(p, LOINC.total), value(p, LOINC.hdl), tg].every(Number.isFinite)).toBe(true);
      if (tg >= FRIEDEWALD.maxTriglycerides) {
        omitted++;
        expect(p.values.has(LOINC.ldlCalc)).toBe(false);
        expect(p.report.conclusion).toMatch(/not calculated/);
        continue;
      }
      calculated++;
      const friedewald = value(p, LOINC.total) - value(p, LOINC.hdl) - tg / 5;
      expect(Math.abs(value(p, LOINC.ldlCalc) - friedewald), p.report.id).toBeLessThanOrEqual(1);
    }
    expect(calculated).toBeGreaterThan(omitted * 10);
  });
});

describe('basic metabolic panel', () => {
  const bmps = sample.flatMap((s) => panels(s.resources, LOINC.bmpPanel).map((p) => ({ ...p, s })));

  it('has all eight analytes with UCUM units, and an eGFR (CKD-EPI 2021 from the reported creatinine) for adults', () => {
    expect(bmps.length).toBeGreaterThan(300);
    let adults = 0;
    for (const p of bmps) {
      for (const [code, unit] of Object.entries(BMP_ANALYTES)) {
        const o = p.values.get(code);
        expect(o?.valueQuantity, `${p.report.id} ${code}`).toMatchObject({ unit, code: unit, system: CODE_SYSTEM.ucum });
      }
      const drawn = new Date(p.report.effectiveDateTime ?? '');
      const birth = new Date(p.s.ctx.patient.birthDate ?? '');
      const age = drawn.getUTCFullYear() - birth.getUTCFullYear() - (drawn.getUTCMonth() * 100 + drawn.getUTCDate() < birth.getUTCMonth() * 100 + birth.getUTCDate() ? 1 : 0);
      const egfr = p.values.get(LOINC.egfr);
      if (age < 18) {
        expect(egfr).toBeUndefined();
        continue;
      }
      adults++;
      expect(egfr?.valueQuantity?.code).toBe('mL/min/{1.73_m2}');
      const expected = ckdEpi2021(value(p, LOINC.creatinine), age, p.s.ctx.sex);
      expect(Math.abs((egfr?.valueQuantity?.value as number) - expected), p.report.id).toBeLessThanOrEqual(0.5);
    }
    expect(adults).toBeGreaterThan(200);
  });

  it('kidney values follow CKD: stage 3 eGFR (30-59) with CKD, rarely below 60 without', () => {
    const ckd: number[] = [];
    const other: number[] = [];
    for (const p of bmps) {
      const egfr = p.values.get(LOINC.egfr)?.valueQuantity?.value;
      if (egfr !== undefined) (problems(p.s.resources).has('N18.3') ? ckd : other).push(egfr);
    }
    expect(ckd.length).toBeGreaterThan(50);
    expect(other.length).toBeGreaterThan(100);
    expect(ckd.every((v) => v >= 30 && v <= 59)).toBe(true);
    expect(other.filter((v) => v < 60).length / other.length).toBeLessThan(0.1);
  });

  it('glucose follows diabetes', () => {
    const diabetic: number[] = [];
    const other: number[] = [];
    for (const p of bmps) (problems(p.s.resources).has('E11.9') ? diabetic : other).push(value(p, LOINC.glucose));
    expect(diabetic.length).toBeGreaterThan(30);
    expect(mean(diabetic)).toBeGreaterThan(mean(other) + 40);
  });
});

describe('LDL follows hyperlipidemia and statin treatment', () => {
  it('untreated hyperlipidemia has high LDL; a statin (ACC/AHA 2018: moderate intensity -30 to -49%) lowers it', () => {
    const none: number[] = [];
    const untreatedHl: number[] = [];
    const onStatin: number[] = [];
    for (const { resources } of sample) {
      const hl = problems(resources).has('E78.5');
      const statins = ofType<MedicationRequest>(resources, 'MedicationRequest').filter((m) => m.medicationCodeableConcept?.coding?.[0]?.code === ATORVASTATIN);
      for (const p of panels(resources, LOINC.lipidPanel)) {
        const ldl = p.values.get(LOINC.ldlCalc)?.valueQuantity?.value;
        if (ldl === undefined) continue;
        if (!hl) none.push(ldl);
        else if (statins.length === 0) untreatedHl.push(ldl);
        else {
          // Drawn on a later day than the order and before the patient stopped.
          const day = Math.floor(Date.parse(p.report.effectiveDateTime ?? '') / DAY_MS);
          const period = statins[0].dispenseRequest?.validityPeriod;
          const from = Math.floor(Date.parse(period?.start ?? '') / DAY_MS);
          const to = period?.end ? Math.floor(Date.parse(period.end) / DAY_MS) : Number.POSITIVE_INFINITY;
          if (day > from && day < to) onStatin.push(ldl);
        }
      }
    }
    expect(untreatedHl.length).toBeGreaterThan(30);
    expect(onStatin.length).toBeGreaterThan(30);
    expect(mean(untreatedHl)).toBeGreaterThan(mean(none) + 30);
    const ratio = mean(onStatin) / mean(untreatedHl);
    // Adherent patients get 30-49%, the others half of it: the average lowering is about a third.
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(0.8);
  });
});
