import type { Rng } from '../random.js';
import { ACUTE_CONDITIONS, type AcuteConditionRow, type AcuteSetting } from '../data/clinical/acute-conditions.js';
import { ADULT_AGE_YEARS } from '../data/clinical/age-bands.js';
import type { EncounterKind } from '../data/clinical/encounter-types.js';
import { INFLUENZA_VACCINE } from '../data/clinical/immunizations.js';
import { PROCEDURES, type ProcedureRow } from '../data/clinical/procedures.js';
import {
  ACUTE_OFFICE_VISITS_PER_YEAR,
  ADULT_WELLNESS_ATTENDANCE,
  COLONOSCOPY,
  ED_VISITS_PER_YEAR,
  FLU_SEASON_MONTHS,
  FLU_VACCINE_UPTAKE,
  INPATIENT_LENGTH_OF_STAY,
  INPATIENT_STAYS_PER_YEAR,
  SCHEDULING,
  WELL_CHILD_ATTENDANCE,
  WELL_CHILD_VISIT_AGES_MONTHS,
} from '../data/clinical/utilization.js';
import { addMonths, ageMonthsOn, ageOn, DAYS_PER_YEAR, isoDate } from './dates.js';
import { poisson } from './poisson.js';
import { bandRate, type ChronicState } from './prevalence.js';

export interface PlannedEncounter {
  kind: EncounterKind;
  day: number;
  /** Last day (inpatient discharge day; same as day otherwise). */
  endDay: number;
  acute?: AcuteConditionRow;
  /** Chronic conditions addressed (follow-ups) or present (for labs and secondary diagnoses). */
  reasons: ChronicState[];
  procedure?: ProcedureRow;
  /** A seasonal flu shot is given at this encounter. */
  flu: boolean;
}

export interface TimelineInput {
  birthDate: string;
  sex: 'male' | 'female';
  ageYears: number;
  windowStart: number;
  asOfDay: number;
  chronic: ChronicState[];
}

export interface Timeline {
  encounters: PlannedEncounter[];
  /** Flu shots reported without an encounter of ours (pharmacy), epoch days. */
  reportedFluDays: number[];
}

const DAY_MS = 86_400_000;
const KIND_ORDER: Record<EncounterKind, number> = { wellness: 0, followup: 1, acute: 2, procedure: 3, emergency: 4, inpatient: 5 };
const COLONOSCOPY_ROW = PROCEDURES.find((p) => p.key === 'colonoscopy');

function acuteRow(rng: Rng, setting: AcuteSetting, age: number, chronicKeys: ReadonlySet<string>): AcuteConditionRow | undefined {
  const rows = ACUTE_CONDITIONS.filter((r) => r.setting === setting && age >= r.minAge && age <= r.maxAge && (!r.requires || chronicKeys.has(r.requires)));
  if (rows.length === 0) return undefined;
  return rng.weighted(rows, (r) => r.weight);
}

type PlannedExtras = Partial<Pick<PlannedEncounter, 'endDay' | 'acute' | 'procedure'>>;

/**
 * A planned encounter with every field present (absent ones undefined), so all of them share one object shape: with
 * a shape per kind, every function reading them deoptimized and was recompiled (V8 "wrong map") as kinds came in.
 */
function planned(kind: EncounterKind, day: number, reasons: ChronicState[], extra: PlannedExtras = {}): PlannedEncounter {
  return { kind, day, endDay: extra.endDay ?? day, acute: extra.acute, reasons, procedure: extra.procedure, flu: false };
}

/**
 * Plans the patient's encounters over the history window: well visits (Bright Futures / yearly adult), chronic
 * follow-ups, acute office visits, ED visits, inpatient stays and screening procedures, plus seasonal flu shots.
 */
export function planTimeline(rng: Rng, input: TimelineInput): Timeline {
  const { birthDate, sex, ageYears, windowStart, asOfDay, chronic } = input;
  const first = windowStart;
  const last = asOfDay - 1;
  const encounters: PlannedEncounter[] = [];
  if (last < first) return { encounters, reportedFluDays: [] };
  const years = (last - first + 1) / DAYS_PER_YEAR;
  const chronicKeys = new Set(chronic.map((c) => c.row.key));
  const inWindow = (day: number): boolean => day >= first && day <= last;
  const activeOn = (day: number): ChronicState[] => chronic.filter((c) => c.onsetDay <= day);
  const add = (kind: EncounterKind, day: number, extra: PlannedExtras = {}): void => {
    encounters.push(planned(kind, day, activeOn(day), extra));
  };

  // Well-child visits at the Bright Futures ages, then yearly adult preventive visits near the birthday.
  for (const months of WELL_CHILD_VISIT_AGES_MONTHS) {
    const day = addMonths(birthDate, months) + rng.int(0, SCHEDULING.wellChildLateDays);
    if (rng.chance(WELL_CHILD_ATTENDANCE) && inWindow(day)) add('wellness', day);
  }
  const firstYear = Number(isoDate(first).slice(0, 4));
  const lastYear = Number(isoDate(last).slice(0, 4));
  for (let year = firstYear; year <= lastYear; year++) {
    const day = addMonths(birthDate, (year - Number(birthDate.slice(0, 4))) * 12) + rng.int(0, SCHEDULING.adultWellnessLateDays);
    const age = ageOn(birthDate, day);
    if (rng.chance(bandRate(ADULT_WELLNESS_ATTENDANCE, age, sex)) && age >= ADULT_AGE_YEARS && inWindow(day)) add('wellness', day);
  }

  // Chronic follow-ups at the highest rate among the patient's conditions.
  const rate = chronic.reduce((max, c) => Math.max(max, c.row.followUpsPerYear), 0);
  if (rate > 0) {
    const interval = DAYS_PER_YEAR / rate;
    for (let t = first + rng.next() * interval; t <= last; t += interval * (SCHEDULING.followUpIntervalSpread[0] + (SCHEDULING.followUpIntervalSpread[1] - SCHEDULING.followUpIntervalSpread[0]) * rng.next())) {
      const day = Math.floor(t);
      const reasons = activeOn(day).filter((c) => c.row.followUpsPerYear > 0);
      if (reasons.length > 0) encounters.push(planned('followup', day, reasons));
    }
  }

  // Acute office visits, ED visits and inpatient stays: Poisson counts, uniform days, reasons by age.
  for (const [kind, setting, rates] of [
    ['acute', 'office', ACUTE_OFFICE_VISITS_PER_YEAR],
    ['emergency', 'emergency', ED_VISITS_PER_YEAR],
    ['inpatient', 'inpatient', INPATIENT_STAYS_PER_YEAR],
  ] as const) {
    const count = poisson(rng, bandRate(rates, ageYears, sex) * years);
    for (let i = 0; i < count; i++) {
      const day = first + Math.floor(rng.next() * (last - first + 1));
      const row = acuteRow(rng, setting, ageOn(birthDate, day), chronicKeys);
      if (!row) continue;
      if (kind === 'inpatient') {
        const stay = rng.int(INPATIENT_LENGTH_OF_STAY.minDays, INPATIENT_LENGTH_OF_STAY.maxDays);
        add(kind, day, { acute: row, endDay: Math.min(day + stay, last) });
      } else {
        add(kind, day, { acute: row });
      }
    }
  }

  // Screening colonoscopy.
  const colonoscopyRoll = rng.next();
  const colonoscopyDay = first + Math.floor(rng.next() * (last - first + 1));
  if (COLONOSCOPY_ROW && ageYears >= COLONOSCOPY.minAge && ageYears <= COLONOSCOPY.maxAge && colonoscopyRoll < COLONOSCOPY.perYear * years) {
    add('procedure', colonoscopyDay, { procedure: COLONOSCOPY_ROW });
  }

  encounters.sort((a, b) => a.day - b.day || KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);

  // Seasonal flu shots: at the first office visit in the season, else reported from a pharmacy.
  const reportedFluDays: number[] = [];
  const seasonStartMonth = FLU_SEASON_MONTHS[0];
  for (let year = firstYear - 1; year <= lastYear; year++) {
    const seasonStart = Math.floor(Date.UTC(year, seasonStartMonth, 1) / DAY_MS);
    const seasonEnd = Math.floor(Date.UTC(year, seasonStartMonth + FLU_SEASON_MONTHS.length, 0) / DAY_MS);
    const fallbackDay = seasonStart + rng.int(SCHEDULING.pharmacyFluDays[0], SCHEDULING.pharmacyFluDays[1]);
    const takes = rng.chance(bandRate(FLU_VACCINE_UPTAKE, ageOn(birthDate, seasonStart), sex));
    if (!takes) continue;
    const at = encounters.find((e) => e.day >= seasonStart && e.day <= seasonEnd && (e.kind === 'wellness' || e.kind === 'followup')
      && ageMonthsOn(birthDate, e.day) >= INFLUENZA_VACCINE.minAgeMonths);
    if (at) at.flu = true;
    else if (inWindow(fallbackDay) && ageMonthsOn(birthDate, fallbackDay) >= INFLUENZA_VACCINE.minAgeMonths) reportedFluDays.push(fallbackDay);
  }
  return { encounters, reportedFluDays };
}
