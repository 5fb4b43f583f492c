import { IMMUNIZATION_SCHEDULE, type ImmunizationRow } from '../data/clinical/immunizations.js';

/** One scheduled dose: vaccine row and the age (months) it falls due. */
export interface ScheduledDose {
  row: ImmunizationRow;
  dueAgeMonths: number;
}

/** Every dose of the schedule table, repeat rules expanded (e.g. Td every 10 years), in table order. */
export const SCHEDULED_DOSES: readonly ScheduledDose[] = IMMUNIZATION_SCHEDULE.flatMap((row) => {
  const ages = [...row.dueAgesMonths];
  if (row.repeatEveryMonths && row.repeatUntilMonths) {
    for (let age = ages[ages.length - 1] + row.repeatEveryMonths; age <= row.repeatUntilMonths; age += row.repeatEveryMonths) ages.push(age);
  }
  return ages.map((dueAgeMonths) => ({ row, dueAgeMonths }));
});

/**
 * Tracks which in-window doses a patient has had. At each well visit the doses due by then (and due inside the
 * history window) are given, at most one dose per vaccine per visit; doses due before the window count as given.
 */
export class ImmunizationTracker {
  private readonly given = new Set<ScheduledDose>();

  constructor(private readonly windowStartAgeMonths: number) {}

  /** Doses to give at a well visit at this age (months); marks them given. */
  dueAt(ageMonths: number): ScheduledDose[] {
    const out: ScheduledDose[] = [];
    const seen = new Set<string>();
    for (const dose of SCHEDULED_DOSES) {
      if (this.given.has(dose) || dose.dueAgeMonths > ageMonths || dose.dueAgeMonths < this.windowStartAgeMonths) continue;
      if (seen.has(dose.row.cvx)) continue;
      seen.add(dose.row.cvx);
      this.given.add(dose);
      out.push(dose);
    }
    return out;
  }
}
