import type { Coverage } from 'fhir/r4';

const usable = (c: Coverage): boolean => c.status !== 'entered-in-error' && c.status !== 'draft';
const holds = (c: Coverage, date: string): boolean => {
  const start = c.period?.start?.slice(0, 10) ?? '';
  const end = c.period?.end?.slice(0, 10);
  return start <= date && (!end || date <= end);
};

/**
 * The Coverage a service date is billed to first (https://hl7.org/fhir/R4/coverage.html): of those whose period holds
 * the date, the one with the lowest Coverage.order (the primary under coordination of benefits); else, after a
 * termination, the latest coverage that had started by then (the claim is still sent and the payer denies it, CARC
 * 27); undefined before the member's first coverage (self-pay or another carrier we do not model: no claim).
 */
export function coverageForDate(coverages: readonly Coverage[], date: string): Coverage | undefined {
  let primary: Coverage | undefined;
  let lastStarted: Coverage | undefined;
  let lastStart = '';
  for (const coverage of coverages) {
    if (!usable(coverage)) continue;
    const start = coverage.period?.start?.slice(0, 10) ?? '';
    if (holds(coverage, date) && (!primary || (coverage.order ?? 1) < (primary.order ?? 1))) primary = coverage;
    if (start <= date && start >= lastStart) {
      lastStarted = coverage;
      lastStart = start;
    }
  }
  return primary ?? lastStarted;
}

/** The secondary Coverage in force on the date beside `primary` (Coverage.order above the primary's), if any. */
export function secondaryCoverageForDate(coverages: readonly Coverage[], date: string, primary: Coverage): Coverage | undefined {
  return coverages.find((c) => c !== primary && usable(c) && holds(c, date) && (c.order ?? 1) > (primary.order ?? 1));
}
