/**
 * Calendar arithmetic on UTC dates (YYYY-MM-DD, https://hl7.org/fhir/R4/datatypes.html#date).
 * Everything is relative to the configured as-of date; nothing reads the wall clock.
 */
const DAY_MS = 86_400_000;

/** The as-of date at UTC midnight. */
export function parseDate(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

export function formatDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * DAY_MS);
}

/** Same day-of-month `months` later (negative for earlier); clamps to the month's last day. */
export function addMonths(d: Date, months: number): Date {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(d.getUTCDate(), lastDay)));
}

export function addYears(d: Date, years: number): Date {
  return addMonths(d, years * 12);
}

/** First day of the month containing d. */
export function firstOfMonth(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
}

export function daysBetween(from: Date, to: Date): number {
  return Math.round((to.getTime() - from.getTime()) / DAY_MS);
}

/** Completed years between birth and asOf. */
export function ageOn(birth: Date, asOf: Date): number {
  let age = asOf.getUTCFullYear() - birth.getUTCFullYear();
  const m = asOf.getUTCMonth() - birth.getUTCMonth();
  if (m < 0 || (m === 0 && asOf.getUTCDate() < birth.getUTCDate())) age--;
  return age;
}

/**
 * A birth date giving exactly `ageYears` completed years on asOf: uniform over the 365/366 days
 * between the (age+1)-th and the age-th birthday before asOf. `u` is a uniform draw in [0, 1).
 */
export function birthDateForAge(asOf: Date, ageYears: number, u: number): Date {
  const latest = addYears(asOf, -ageYears); // born on this day: turns ageYears exactly on asOf
  const earliest = addDays(addYears(asOf, -(ageYears + 1)), 1);
  const span = daysBetween(earliest, latest) + 1;
  return addDays(latest, -Math.floor(u * span));
}
