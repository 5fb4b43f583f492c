import type { Coverage } from 'fhir/r4';

/**
 * The Coverage a service date is billed to (https://hl7.org/fhir/R4/coverage.html): the one whose period holds the
 * date; else, after a termination, the latest coverage that had started by then (the claim is still sent and the
 * payer denies it, CARC 27); undefined before the member's first coverage (self-pay or another carrier we do not
 * model: no claim).
 */
export function coverageForDate(coverages: readonly Coverage[], date: string): Coverage | undefined {
  let lastStarted: Coverage | undefined;
  let lastStart = '';
  for (const coverage of coverages) {
    if (coverage.status === 'entered-in-error' || coverage.status === 'draft') continue;
    const start = coverage.period?.start?.slice(0, 10) ?? '';
    const end = coverage.period?.end?.slice(0, 10);
    if (start <= date && (!end || date <= end)) return coverage;
    if (start <= date && start >= lastStart) {
      lastStarted = coverage;
      lastStart = start;
    }
  }
  return lastStarted;
}
