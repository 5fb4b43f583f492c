import type { Immunization, Patient } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { ageMonthsOn, dayOf } from '../../population/clinical/dates.js';
import { SCHEDULED_DOSES } from '../../population/clinical/immunization-schedule.js';
import { CODE_SYSTEM } from '../../population/conventions.js';
import { INFLUENZA_VACCINE } from '../../population/data/clinical/immunizations.js';
import { clinicalSample, ofType } from './clinical-fixture.js';

const sample = clinicalSample(1000, { seed: 'immunizations' });

describe('immunizations follow the CDC schedule table', () => {
  it('every dose is a scheduled CVX, given at or after its due age, no more doses than scheduled', () => {
    let checked = 0;
    for (const { ctx, resources } of sample) {
      const birth = (ctx.patient as Patient).birthDate as string;
      const countByCvx = new Map<string, number>();
      for (const imm of ofType<Immunization>(resources, 'Immunization')) {
        expect(imm.status).toBe('completed');
        const coding = imm.vaccineCode.coding?.[0];
        expect(coding?.system).toBe(CODE_SYSTEM.cvx);
        const cvx = coding?.code as string;
        const age = ageMonthsOn(birth, dayOf(imm.occurrenceDateTime as string));
        if (cvx === INFLUENZA_VACCINE.cvx) {
          expect(age).toBeGreaterThanOrEqual(INFLUENZA_VACCINE.minAgeMonths);
          continue;
        }
        const n = (countByCvx.get(cvx) ?? 0) + 1;
        countByCvx.set(cvx, n);
        const doses = SCHEDULED_DOSES.filter((d) => d.row.cvx === cvx);
        expect(doses.length, `cvx ${cvx}`).toBeGreaterThan(0);
        expect(doses.some((d) => d.dueAgeMonths <= age), `cvx ${cvx} at ${age} months`).toBe(true);
        expect(n).toBeLessThanOrEqual(doses.length);
        expect(imm.encounter?.reference).toMatch(/^Encounter\//);
        expect(imm.primarySource).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('young children born in the window get their infant series, and many people get a yearly flu shot', () => {
    const toddlers = sample.filter((s) => s.ctx.ageYears === 2);
    expect(toddlers.length).toBeGreaterThan(5);
    const dtapDoses = toddlers.map((s) => ofType<Immunization>(s.resources, 'Immunization').filter((i) => i.vaccineCode.coding?.[0]?.code === '20').length);
    expect(dtapDoses.filter((n) => n >= 3).length / toddlers.length).toBeGreaterThan(0.7);
    const withFlu = sample.filter((s) => ofType<Immunization>(s.resources, 'Immunization').some((i) => i.vaccineCode.coding?.[0]?.code === INFLUENZA_VACCINE.cvx));
    expect(withFlu.length / sample.length).toBeGreaterThan(0.4);
  });
});
