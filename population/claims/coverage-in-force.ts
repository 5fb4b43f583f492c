import type { Coverage } from 'fhir/r4';

/**
 * The Coverage a service date is billed to: the one whose period holds the date, else the last one the member had
 * (the claim is still sent and the payer denies it). https://hl7.org/fhir/R4/coverage.html
 */
export function coverageForDate(coverages: readonly Coverage[], date: string): Coverage | undefined {
  for (const coverage of coverages) {
    if (coverage.status === 'entered-in-error' || coverage.status === 'draft') continue;
    const start = coverage.period?.start?.slice(0, 10);
    const end = coverage.period?.end?.slice(0, 10);
    if ((!start || start <= date) && (!end || date <= end)) return coverage;
  }
  return coverages[coverages.length - 1];
}
