import type { Resource } from 'fhir/r4';
import { dateRangesOf, parseDateRange, type DateRange } from '../../data-store/search/date-range.js';
import { OperationOutcomeError, badRequest } from './outcomes.js';

/**
 * Where each resource type records the date of the care it describes (not when the record was written), for the
 * `start` / `end` of Patient $everything. The first element present wins; `name[x]` is any choice that carries a
 * date (dateTime, Period, Timing, ...). Types not listed, and resources with none of their elements, have no care date.
 */
export const CARE_DATE_ELEMENTS: Record<string, { elements: string[]; source: string }> = {
  Encounter: { elements: ['period'], source: 'R4 SearchParameter clinical-date: Encounter.period' },
  Observation: { elements: ['effective[x]'], source: 'R4 SearchParameter clinical-date: Observation.effective' },
  DiagnosticReport: { elements: ['effective[x]'], source: 'R4 SearchParameter clinical-date: DiagnosticReport.effective' },
  Procedure: { elements: ['performed[x]'], source: 'R4 SearchParameter clinical-date: Procedure.performed' },
  Immunization: { elements: ['occurrence[x]'], source: 'R4 SearchParameter clinical-date: Immunization.occurrence' },
  AllergyIntolerance: { elements: ['recordedDate'], source: 'R4 SearchParameter clinical-date: AllergyIntolerance.recordedDate' },
  CarePlan: { elements: ['period'], source: 'R4 SearchParameter clinical-date: CarePlan.period' },
  CareTeam: { elements: ['period'], source: 'R4 SearchParameter clinical-date: CareTeam.period' },
  EpisodeOfCare: { elements: ['period'], source: 'R4 SearchParameter clinical-date: EpisodeOfCare.period' },
  Condition: {
    elements: ['onset[x]', 'recordedDate'],
    source: 'R4 SearchParameters Condition-onset-date, then Condition-recorded-date when the onset is absent or not a date (an Age, a string)',
  },
  MedicationRequest: { elements: ['authoredOn'], source: 'R4 SearchParameter MedicationRequest-authoredon: when the prescription was written' },
  MedicationDispense: { elements: ['whenHandedOver'], source: 'R4 SearchParameter MedicationDispense-whenhandedover: when the fill was handed over' },
  DocumentReference: { elements: ['date'], source: 'R4 SearchParameter DocumentReference-date: when the note was written (its encounter end)' },
  Claim: {
    elements: ['billablePeriod', 'created'],
    source: 'Claim.billablePeriod, the service dates (our 837I DTP*434 and 835 DTM*232/233 come from it); Claim-created when absent',
  },
  ExplanationOfBenefit: {
    elements: ['billablePeriod', 'created'],
    source: 'ExplanationOfBenefit.billablePeriod, as for Claim; ExplanationOfBenefit-created when absent',
  },
  Coverage: { elements: ['period'], source: 'Coverage.period, the dates of cover (our 834 DTP*348/349 come from it)' },
};

/** The value of one element, a `name[x]` choice matching `nameDateTime`, `namePeriod`, ... */
function elementValue(resource: Record<string, unknown>, element: string): unknown {
  if (!element.endsWith('[x]')) return resource[element];
  const stem = element.slice(0, -3);
  for (const [key, value] of Object.entries(resource)) if (key.startsWith(stem) && /^[A-Z]/.test(key.slice(stem.length))) return value;
  return undefined;
}

/** The span of care a resource records (open-ended periods reach ±Infinity), or undefined when it has no care date. */
export function careRange(resource: Resource): DateRange | undefined {
  for (const element of CARE_DATE_ELEMENTS[resource.resourceType]?.elements ?? []) {
    const ranges = dateRangesOf(elementValue(resource as unknown as Record<string, unknown>, element));
    if (ranges.length > 0) return { lo: Math.min(...ranges.map((r) => r.lo)), hi: Math.max(...ranges.map((r) => r.hi)) };
  }
  return undefined;
}

/**
 * Whether a resource's care overlaps the window [lo, hi); resources without a care date are always in.
 * https://hl7.org/fhir/R4/patient-operation-everything.html
 */
export function inCareWindow(resource: Resource, window: DateRange): boolean {
  const care = careRange(resource);
  return care === undefined || (care.lo < window.hi && care.hi > window.lo);
}

const FHIR_DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

/** One `date` parameter as the range it covers (`2025-03` is all of March); 400 when it is not a valid FHIR date. */
function dateParam(query: Array<[string, string]>, name: string): DateRange | undefined {
  const raw = query.find(([n]) => n === name)?.[1];
  if (raw === undefined) return undefined;
  const range = FHIR_DATE.test(raw) ? parseDateRange(raw) : undefined;
  if (!range) throw new OperationOutcomeError(badRequest(`${name} must be a FHIR date (YYYY, YYYY-MM or YYYY-MM-DD)`, name));
  return range;
}

/**
 * `start` / `end` as one window of care dates, both days included; no start = everything before end, no end =
 * everything after start. https://hl7.org/fhir/R4/patient-operation-everything.html
 */
export function careWindow(query: Array<[string, string]>): DateRange | undefined {
  const start = dateParam(query, 'start');
  const end = dateParam(query, 'end');
  if (!start && !end) return undefined;
  const window = { lo: start?.lo ?? -Infinity, hi: end?.hi ?? Infinity };
  if (window.lo >= window.hi) throw new OperationOutcomeError(badRequest('start must not be after end', 'start'));
  return window;
}
