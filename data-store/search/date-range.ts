/** A half-open instant range [lo, hi) in epoch milliseconds; ±Infinity for open ends. */
export interface DateRange {
  lo: number;
  hi: number;
}

const DATE_RE = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/**
 * The range a FHIR date/dateTime/instant covers at its precision: `2025` is the whole year,
 * `2025-03-01T10:00` the whole minute. No time zone means UTC. https://hl7.org/fhir/R4/search.html#date
 */
export function parseDateRange(value: string): DateRange | undefined {
  const fast = fastRange(value);
  if (fast) return fast;
  const m = DATE_RE.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, tz] = m;
  const year = Number(y);
  const month = mo ? Number(mo) - 1 : 0;
  const day = d ? Number(d) : 1;
  if (month > 11 || day < 1 || day > new Date(Date.UTC(year, month + 1, 0)).getUTCDate()) return undefined;
  const hour = h ? Number(h) : 0;
  const minute = mi ? Number(mi) : 0;
  const second = s ? Number(s) : 0;
  if (hour > 24 || minute > 59 || second > 60) return undefined;
  const ms = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0;
  const offset = tz && tz !== 'Z' ? (tz[0] === '-' ? -1 : 1) * (Number(tz.slice(1, 3)) * 60 + Number(tz.slice(4, 6))) * 60_000 : 0;
  const start = Date.UTC(year, month, day, hour, minute, second, ms);
  if (Number.isNaN(start)) return undefined;
  let end: number;
  if (!mo) end = Date.UTC(year + 1, 0, 1);
  else if (!d) end = Date.UTC(year, month + 1, 1);
  else if (!h) end = Date.UTC(year, month, day + 1);
  else if (!mi) end = start + 3_600_000;
  else if (!s) end = start + 60_000;
  else if (!frac) end = start + 1_000;
  else end = start + Math.max(1, 10 ** Math.max(0, 3 - frac.length));
  return { lo: start - offset, hi: end - offset };
}

/** Rejects 2025-02-30 and the like (Date.parse rolls them over). */
function dayExists(v: string): boolean {
  const day = (v.charCodeAt(8) - 48) * 10 + (v.charCodeAt(9) - 48);
  if (day <= 28) return true;
  const month = (v.charCodeAt(5) - 48) * 10 + (v.charCodeAt(6) - 48);
  return day <= new Date(Date.UTC(Number(v.slice(0, 4)), month, 0)).getUTCDate();
}

/** Native Date.parse for the common full forms: YYYY-MM-DD and dateTime with seconds and a zone. */
function fastRange(v: string): DateRange | undefined {
  const len = v.length;
  if (len === 10 && v.charCodeAt(4) === 45 && v.charCodeAt(7) === 45) {
    const lo = Date.parse(v);
    if (Number.isNaN(lo) || !dayExists(v)) return undefined;
    return { lo, hi: lo + 86_400_000 };
  }
  if (len >= 20 && v.charCodeAt(10) === 84 && v.charCodeAt(13) === 58 && v.charCodeAt(16) === 58 && dayExists(v)) {
    const last = v.charCodeAt(len - 1);
    if (last !== 90 && v.charCodeAt(len - 6) !== 43 && v.charCodeAt(len - 6) !== 45) return undefined;
    const lo = Date.parse(v);
    if (Number.isNaN(lo)) return undefined;
    if (v.charCodeAt(19) !== 46) return { lo, hi: lo + 1000 };
    const digits = (last === 90 ? len - 1 : len - 6) - 20;
    return { lo, hi: lo + Math.max(1, 10 ** Math.max(0, 3 - digits)) };
  }
  return undefined;
}

/** Ranges for a date-typed value: date/dateTime/instant strings, Period, Timing events. */
export function dateRangesOf(value: unknown): DateRange[] {
  if (typeof value === 'string') {
    const r = parseDateRange(value);
    return r ? [r] : [];
  }
  if (!value || typeof value !== 'object') return [];
  const v = value as { start?: string; end?: string; event?: string[]; repeat?: { boundsPeriod?: { start?: string; end?: string } } };
  if (v.start !== undefined || v.end !== undefined) {
    const lo = v.start ? parseDateRange(v.start)?.lo : -Infinity;
    const hi = v.end ? parseDateRange(v.end)?.hi : Infinity;
    return lo === undefined || hi === undefined ? [] : [{ lo, hi }];
  }
  if (Array.isArray(v.event)) return v.event.flatMap((e) => dateRangesOf(e));
  if (v.repeat?.boundsPeriod) return dateRangesOf(v.repeat.boundsPeriod);
  return [];
}
