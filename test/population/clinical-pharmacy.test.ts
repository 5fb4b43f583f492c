import type { MedicationDispense, MedicationRequest } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { ndc11 } from '../../population/clinical/ndc-code.js';
import { CONDITION_REGIMENS, MEDICATION_BY_KEY } from '../../population/data/clinical/medications.js';
import { NDC_BY_MEDICATION, NDC_PACKAGES, REFILLS } from '../../population/data/clinical/ndc.js';
import { clinicalSample, ofType } from './clinical-fixture.js';

// Pharmacy fills (issue 16): MedicationDispense per fill with NDC and RxNorm, following adherence and discontinuation.
const NDC_SYSTEM = 'http://hl7.org/fhir/sid/ndc';
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const sample = clinicalSample(400, { seed: 'pharmacy' });
const DAY_MS = 86_400_000;
const dayOf = (iso: string): number => Math.floor(Date.parse(iso) / DAY_MS);
const KEY_BY_RXNORM = new Map([...MEDICATION_BY_KEY.values()].map((m) => [m.rxnorm, m.key]));
const codeIn = (d: MedicationDispense, system: string): string | undefined => d.medicationCodeableConcept?.coding?.find((c) => c.system === system)?.code;

/** Each order with its fills in time order. */
function ordersWithFills(): { request: MedicationRequest; fills: MedicationDispense[] }[] {
  const out: { request: MedicationRequest; fills: MedicationDispense[] }[] = [];
  for (const { resources } of sample) {
    const fillsOf = new Map<string, MedicationDispense[]>();
    for (const d of ofType<MedicationDispense>(resources, 'MedicationDispense')) {
      const key = d.authorizingPrescription?.[0]?.reference ?? '';
      fillsOf.set(key, [...(fillsOf.get(key) ?? []), d]);
    }
    for (const request of ofType<MedicationRequest>(resources, 'MedicationRequest')) {
      const fills = fillsOf.get(`MedicationRequest/${request.id ?? ''}`) ?? [];
      if (fills.length > 0) out.push({ request, fills: fills.sort((a, b) => (a.whenHandedOver ?? '').localeCompare(b.whenHandedOver ?? '')) });
    }
  }
  return out;
}
const orders = ordersWithFills();

describe('NDC table', () => {
  it('normalizes each labeled 10-digit NDC to 11 digits 5-4-2 by padding the short segment', () => {
    expect(ndc11('0093-1048-01')).toBe('00093104801');
    expect(ndc11('67877-512-10')).toBe('67877051210');
    expect(ndc11('59762-3719-1')).toBe('59762371901');
    expect(() => ndc11('0093-1048-1')).toThrow();
    for (const row of NDC_PACKAGES) {
      expect(row.ndc, row.medication).toMatch(/^(\d{4}-\d{4}-\d{2}|\d{5}-\d{3}-\d{2}|\d{5}-\d{4}-\d)$/);
      expect(ndc11(row.ndc)).toMatch(/^\d{11}$/);
    }
  });

  it('has a package for every chronic drug of the regimen table', () => {
    const chronic = Object.values(CONDITION_REGIMENS).flatMap((r) => [...r.firstLine.map((f) => f.med), ...r.adjuncts.map((a) => a.med)]);
    expect(chronic.length).toBeGreaterThan(0);
    for (const key of chronic) expect(NDC_BY_MEDICATION.get(key), key).toBeDefined();
  });
});

describe('MedicationDispense per pharmacy fill', () => {
  it('every fill names its order, the NDC dispensed and the RxNorm concept ordered', () => {
    expect(orders.length).toBeGreaterThan(50);
    for (const { request, fills } of orders) {
      const rxnorm = request.medicationCodeableConcept?.coding?.[0]?.code;
      const key = KEY_BY_RXNORM.get(rxnorm ?? '') ?? '';
      for (const d of fills) {
        expect(codeIn(d, RXNORM)).toBe(rxnorm);
        expect(codeIn(d, NDC_SYSTEM)).toBe(ndc11(NDC_BY_MEDICATION.get(key)?.ndc ?? ''));
        expect(d.subject).toEqual(request.subject);
      }
      expect(fills[0].type?.coding?.[0]?.code).toBe('FF');
      expect(fills.slice(1).every((d) => d.type?.coding?.[0]?.code === 'RF')).toBe(true);
    }
  });

  it('quantity and days supply are whole standard fills of the package', () => {
    for (const { request, fills } of orders) {
      const key = KEY_BY_RXNORM.get(request.medicationCodeableConcept?.coding?.[0]?.code ?? '') ?? '';
      const pkg = NDC_BY_MEDICATION.get(key);
      for (const d of fills) {
        const multiple = (d.daysSupply?.value ?? 0) / (pkg?.fill.daysSupply ?? 1);
        expect([1, 3]).toContain(multiple);
        expect(d.quantity?.value).toBeCloseTo((pkg?.fill.quantity ?? 0) * multiple, 5);
        expect(d.quantity?.unit).toBe(pkg?.fill.unit);
      }
    }
  });

  it('no fill before the order or on or after the day a stopped drug ended', () => {
    let stopped = 0;
    for (const { request, fills } of orders) {
      const authored = dayOf(request.authoredOn ?? '');
      for (const d of fills) expect(dayOf(d.whenHandedOver ?? '')).toBeGreaterThanOrEqual(authored);
      if (request.status !== 'stopped') continue;
      stopped++;
      const end = dayOf(request.dispenseRequest?.validityPeriod?.end ?? '');
      for (const d of fills) expect(dayOf(d.whenHandedOver ?? '')).toBeLessThan(end);
    }
    expect(stopped).toBeGreaterThan(5);
  });

  it('refill gaps follow adherence: proportion of days covered spans both sides of 80%, within the drawn ranges', () => {
    const pdcs: number[] = [];
    for (const { fills } of orders) {
      if (fills.length < 3) continue;
      const days = fills.map((d) => dayOf(d.whenHandedOver ?? ''));
      const supplied = fills.slice(0, -1).reduce((sum, d) => sum + (d.daysSupply?.value ?? 0), 0);
      pdcs.push(supplied / (days[days.length - 1] - days[0]));
    }
    expect(pdcs.length).toBeGreaterThan(50);
    // Rounding the interval to whole days moves a PDC by at most a few percent.
    for (const pdc of pdcs) {
      expect(pdc).toBeGreaterThan(REFILLS.nonAdherentPdc[0] * 0.95);
      expect(pdc).toBeLessThan(1.05);
    }
    const adherent = pdcs.filter((p) => p >= 0.8).length / pdcs.length;
    // Adherent shares of the regimen table are 0.6 to 1 (cardiovascular 0.6, diabetes 0.675, others 1).
    expect(adherent).toBeGreaterThan(0.5);
    expect(adherent).toBeLessThan(0.92);
  });
});
