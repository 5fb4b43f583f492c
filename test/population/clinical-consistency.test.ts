import type { Condition, DiagnosticReport, MedicationRequest, Observation } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { CODE_SYSTEM } from '../../population/conventions.js';
import { VITAL_CODES, VITAL_LIMITS } from '../../population/data/clinical/vital-signs.js';
import { clinicalSample, ofType } from './clinical-fixture.js';

const sample = clinicalSample(1000);
const codeOf = (o: { code?: { coding?: { code?: string }[] } }): string => o.code?.coding?.[0]?.code ?? '';
const problems = (resources: Parameters<typeof ofType>[0]): Set<string> =>
  new Set(ofType<Condition>(resources, 'Condition').filter((c) => c.category?.[0]?.coding?.[0]?.code === 'problem-list-item').map(codeOf));
const DIABETES = ['E11.9', 'E10.9'];

describe('clinical consistency', () => {
  it('diabetics mostly have HbA1c >= 6.5 and non-diabetics mostly below', () => {
    const diabetic: number[] = [];
    const other: number[] = [];
    for (const { resources } of sample) {
      const isDiabetic = DIABETES.some((c) => problems(resources).has(c));
      for (const o of ofType<Observation>(resources, 'Observation')) {
        if (codeOf(o) === '4548-4') (isDiabetic ? diabetic : other).push(o.valueQuantity?.value ?? 0);
      }
    }
    expect(diabetic.length).toBeGreaterThan(50);
    expect(other.length).toBeGreaterThan(50);
    expect(diabetic.filter((v) => v >= 6.5).length / diabetic.length).toBeGreaterThan(0.75);
    expect(other.filter((v) => v < 6.5).length / other.length).toBeGreaterThan(0.97);
    expect(other.filter((v) => v < 5.7).length / other.length).toBeGreaterThan(0.8);
  });

  it('every lab value has a reference range and an interpretation consistent with it', () => {
    let checked = 0;
    for (const { resources } of sample) {
      for (const o of ofType<Observation>(resources, 'Observation')) {
        if (o.category?.[0]?.coding?.[0]?.code !== 'laboratory') continue;
        const value = o.valueQuantity?.value as number;
        const range = o.referenceRange?.[0];
        expect(range, o.id).toBeDefined();
        const expected = range?.high?.value !== undefined && value > range.high.value ? 'H'
          : range?.low?.value !== undefined && value < range.low.value ? 'L' : 'N';
        const interpretation = o.interpretation?.[0]?.coding?.[0];
        expect(interpretation?.system).toBe(CODE_SYSTEM.observationInterpretation);
        expect(interpretation?.code, `${o.id} ${value}`).toBe(expected);
        expect(o.valueQuantity?.system).toBe(CODE_SYSTEM.ucum);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('diagnostic reports are final LAB reports whose results are lab observations of the same encounter', () => {
    for (const { resources } of sample.slice(0, 400)) {
      const byId = new Map(ofType<Observation>(resources, 'Observation').map((o) => [o.id, o]));
      for (const report of ofType<DiagnosticReport>(resources, 'DiagnosticReport')) {
        expect(report.status).toBe('final');
        expect(report.category?.[0]?.coding?.[0]).toMatchObject({ system: CODE_SYSTEM.diagnosticServiceSection, code: 'LAB' });
        expect(['58410-2', '51990-0', '24331-1', '4548-4']).toContain(codeOf(report));
        expect(report.result?.length).toBeGreaterThan(0);
        for (const r of report.result ?? []) {
          const o = byId.get(r.reference?.split('/')[1]);
          expect(o?.encounter?.reference).toBe(report.encounter?.reference);
        }
      }
    }
  });

  it('vital signs are plausible for age and BMI agrees with the obesity diagnosis in adults', () => {
    const limits: Record<string, readonly [number, number]> = {
      [VITAL_CODES.height.loinc]: VITAL_LIMITS.heightCm, [VITAL_CODES.weight.loinc]: VITAL_LIMITS.weightKg,
      [VITAL_CODES.bmi.loinc]: VITAL_LIMITS.bmi, [VITAL_CODES.heartRate.loinc]: VITAL_LIMITS.heartRate,
      [VITAL_CODES.respiratoryRate.loinc]: VITAL_LIMITS.respiratoryRate, [VITAL_CODES.temperature.loinc]: VITAL_LIMITS.temperature,
      [VITAL_CODES.spo2.loinc]: VITAL_LIMITS.spo2,
    };
    let adultBmis = 0;
    for (const { ctx, resources } of sample) {
      const obese = problems(resources).has('E66.9');
      for (const o of ofType<Observation>(resources, 'Observation')) {
        if (o.category?.[0]?.coding?.[0]?.code !== 'vital-signs') continue;
        const code = codeOf(o);
        if (code === VITAL_CODES.bp.loinc) {
          const [sys, dia] = (o.component ?? []).map((c) => c.valueQuantity?.value as number);
          expect(sys).toBeGreaterThan(dia);
          expect(sys).toBeGreaterThanOrEqual(VITAL_LIMITS.systolic[0]);
          expect(sys).toBeLessThanOrEqual(VITAL_LIMITS.systolic[1]);
          if (ctx.ageYears < 12) expect(sys).toBeLessThan(140);
          continue;
        }
        const value = o.valueQuantity?.value as number;
        const [min, max] = limits[code] ?? [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
        expect(value, `${code} ${o.id}`).toBeGreaterThanOrEqual(min);
        expect(value, `${code} ${o.id}`).toBeLessThanOrEqual(max);
        if (code === VITAL_CODES.heartRate.loinc && ctx.ageYears >= 18) expect(value).toBeLessThan(140);
        if (code === VITAL_CODES.height.loinc && ctx.ageYears >= 20) expect(value).toBeGreaterThan(130);
        if (code === VITAL_CODES.bmi.loinc && ctx.ageYears >= 21) {
          adultBmis++;
          if (obese) expect(value, o.id).toBeGreaterThanOrEqual(30);
          else expect(value, o.id).toBeLessThan(30);
        }
      }
    }
    expect(adultBmis).toBeGreaterThan(500);
  });

  it('chronic medications are tied to their conditions (e.g. metformin to diabetes)', () => {
    let metformin = 0;
    for (const { resources } of sample) {
      const conditions = new Map(ofType<Condition>(resources, 'Condition').map((c) => [`Condition/${c.id ?? ''}`, codeOf(c)]));
      for (const m of ofType<MedicationRequest>(resources, 'MedicationRequest')) {
        const reason = conditions.get(m.reasonReference?.[0]?.reference ?? '');
        expect(reason, m.id).toBeDefined();
        if (m.medicationCodeableConcept?.coding?.[0]?.code === '861007') {
          metformin++;
          expect(reason).toBe('E11.9');
        }
      }
    }
    expect(metformin).toBeGreaterThan(10);
  });
});
