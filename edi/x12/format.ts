/** X12 data-type formatting helpers (X12.6 data element types DT, TM, R, N). */

/** YYYY-MM-DD (or a FHIR dateTime) -> CCYYMMDD. */
export function x12Date(isoDate: string): string {
  return isoDate.length >= 10 && isoDate[4] === '-' ? isoDate.slice(0, 4) + isoDate.slice(5, 7) + isoDate.slice(8, 10) : isoDate.slice(0, 10).replace(/-/g, '');
}

/** CCYYMMDD -> YYYY-MM-DD. */
export function isoDate(x12: string): string {
  return `${x12.slice(0, 4)}-${x12.slice(4, 6)}-${x12.slice(6, 8)}`;
}

/** A Date -> { date: CCYYMMDD, shortDate: YYMMDD, time: HHMM } in UTC. */
export function stamp(at: Date): { date: string; shortDate: string; time: string } {
  const iso = at.toISOString();
  const date = iso.slice(0, 10).replace(/-/g, '');
  return { date, shortDate: date.slice(2), time: iso.slice(11, 16).replace(':', '') };
}

/** Money as an X12 R (decimal) element: no trailing zeros, no leading plus, e.g. 125, 12.5, 0. */
export function amount(value: number): string {
  const cents = Math.round(value * 100);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100);
  const frac = abs % 100;
  if (frac === 0) return `${sign}${whole}`;
  return `${sign}${whole}.${String(frac).padStart(2, '0').replace(/0$/, '')}`;
}

/** Integer cents of a money value (avoids float drift when summing). */
export function cents(value: number | undefined): number {
  return Math.round((value ?? 0) * 100);
}

/** Right-pads (or truncates) to a fixed width, as ISA elements require. */
export function fixed(value: string, width: number): string {
  return value.length >= width ? value.slice(0, width) : value.padEnd(width, ' ');
}
