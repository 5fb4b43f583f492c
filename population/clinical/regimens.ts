import type { Rng } from '../random.js';
import { CONDITION_REGIMENS, MEDICATION_BY_KEY, type MedicationRow } from '../data/clinical/medications.js';
import { DAYS_PER_YEAR } from './dates.js';

/** One drug a patient will be prescribed for a chronic condition, and how they will take it. */
export interface PlannedTherapy {
  med: MedicationRow;
  /** Days after the order when the patient stops (undefined: keeps taking it). */
  stopAfterDays?: number;
  /** Proportion of days covered >= 80% while taking it. */
  adherent: boolean;
}

function medication(key: string): MedicationRow {
  const med = MEDICATION_BY_KEY.get(key);
  if (!med) throw new Error(`unknown medication ${key}`);
  return med;
}

/**
 * The drugs a patient with this chronic condition gets (empty if untreated), by the guideline regimen table:
 * treated share, one first-line drug by weight, possibly a second of another class, adjuncts, then discontinuation
 * and adherence for each. See CONDITION_REGIMENS for the sources.
 */
export function drawRegimen(rng: Rng, conditionKey: string): PlannedTherapy[] {
  const regimen = CONDITION_REGIMENS[conditionKey];
  if (!regimen || !rng.chance(regimen.treatedShare)) return [];
  const first = rng.weighted(regimen.firstLine, (o) => o.weight).med;
  const keys = [first];
  const others = regimen.firstLine.filter((o) => o.med !== first);
  if (others.length > 0 && rng.chance(regimen.secondDrugShare)) keys.push(rng.weighted(others, (o) => o.weight).med);
  for (const adjunct of regimen.adjuncts) if (rng.chance(adjunct.probability)) keys.push(adjunct.med);
  return keys.map((key) => {
    const stops = rng.chance(regimen.discontinuation.share);
    const stopAfterDays = stops ? 1 + Math.floor(rng.next() * regimen.discontinuation.withinYears * DAYS_PER_YEAR) : undefined;
    return { med: medication(key), stopAfterDays, adherent: rng.chance(regimen.adherentShare) };
  });
}
