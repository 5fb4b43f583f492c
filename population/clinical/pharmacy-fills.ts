import type { MedicationDispense, MedicationRequest } from 'fhir/r4';
import { CODE_SYSTEM } from '../conventions.js';
import { NDC_BY_MEDICATION, REFILLS } from '../data/clinical/ndc.js';
import type { MedicationRow } from '../data/clinical/medications.js';
import type { Rng } from '../random.js';
import { isoDateTime } from './dates.js';
import { ref } from './fhir-parts.js';
import { ndc11 } from './ndc-code.js';

const FIRST_FILL = { coding: [{ system: CODE_SYSTEM.v3ActCode, code: 'FF', display: 'First Fill' }] };
const REFILL = { coding: [{ system: CODE_SYSTEM.v3ActCode, code: 'RF', display: 'Refill' }] };
/** Pharmacies fill during opening hours (minutes after midnight). */
const PHARMACY_MINUTES = [9 * 60, 19 * 60] as const;

/** What the fills of one order need to know. */
export interface FillPlan {
  request: MedicationRequest;
  med: MedicationRow;
  /** Day of the order (epoch days). */
  orderDay: number;
  /** First day without the drug (discontinued), or undefined if still taken. */
  stopDay: number | undefined;
  adherent: boolean;
  /** Fills happen before this day (the as-of date). */
  untilDay: number;
  nextId: () => string;
}

/**
 * The pharmacy fills of a chronic prescription: a first fill shortly after the order, then refills spaced by days
 * supply / proportion of days covered (drawn by adherence, data/clinical/ndc.ts REFILLS), none on or after the day the
 * patient stopped. Each fill carries the dispensed package's NDC beside the prescribed RxNorm concept.
 * https://hl7.org/fhir/R4/medicationdispense.html
 */
export function pharmacyFills(rng: Rng, plan: FillPlan): MedicationDispense[] {
  const pkg = NDC_BY_MEDICATION.get(plan.med.key);
  if (!pkg) return [];
  const multiple = rng.chance(REFILLS.ninetyDayShare) ? 3 : 1;
  const [lo, hi] = plan.adherent ? REFILLS.adherentPdc : REFILLS.nonAdherentPdc;
  const pdc = lo + rng.next() * (hi - lo);
  const daysSupply = pkg.fill.daysSupply * multiple;
  const quantity = Math.round(pkg.fill.quantity * multiple * 10) / 10;
  const end = Math.min(plan.stopDay ?? plan.untilDay, plan.untilDay);
  const medication = {
    coding: [
      { system: CODE_SYSTEM.ndc, code: ndc11(pkg.ndc), display: pkg.package },
      { system: CODE_SYSTEM.rxnorm, code: plan.med.rxnorm, display: plan.med.display },
    ],
    text: plan.med.display,
  };
  // One prescription reference for all the fills of the order (shared, as `medication` is).
  const prescription = [ref('MedicationRequest', plan.request.id ?? '')];
  const fills: MedicationDispense[] = [];
  for (let day = plan.orderDay + rng.int(0, REFILLS.firstFillMaxDays); day < end; day += Math.max(1, Math.round(daysSupply / pdc))) {
    const handedOver = isoDateTime(day, rng.int(PHARMACY_MINUTES[0], PHARMACY_MINUTES[1]));
    fills.push({
      resourceType: 'MedicationDispense',
      id: plan.nextId(),
      status: 'completed',
      medicationCodeableConcept: medication,
      subject: plan.request.subject,
      authorizingPrescription: prescription,
      type: fills.length === 0 ? FIRST_FILL : REFILL,
      quantity: { value: quantity, unit: pkg.fill.unit },
      daysSupply: { value: daysSupply, unit: 'day', system: CODE_SYSTEM.ucum, code: 'd' },
      whenPrepared: handedOver,
      whenHandedOver: handedOver,
      dosageInstruction: plan.request.dosageInstruction,
    });
  }
  return fills;
}
