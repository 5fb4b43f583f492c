import type { OperationOutcome } from 'fhir/r4';
import { OperationOutcomeError, badRequest } from '../fhir/outcomes.js';
import { resourceTypes } from '../fhir/resource-types.js';
import { patientCompartmentTypes } from './patient-compartment.js';

/** Which resources an export covers: everything, every patient's compartment, or a Group's members' compartments. */
export type ExportLevel = { kind: 'system' } | { kind: 'patient' } | { kind: 'group'; groupId: string };

/** A validated kick-off request. https://hl7.org/fhir/uv/bulkdata/export.html#query-parameters */
export interface ExportRequest {
  level: ExportLevel;
  /** Only these types (`_type`); all when absent. */
  types?: Set<string>;
  /** Only resources whose meta.lastUpdated is after this instant (`_since`), epoch ms. */
  sinceMs?: number;
  /** The kick-off URL as the client sent it (the manifest's `request`). */
  url: string;
  /** Warnings about what `Prefer: handling=lenient` let us ignore; they go into the manifest's error file. */
  ignored: OperationOutcome[];
}

/** `_outputFormat` values the spec requires a server to accept for NDJSON. */
const NDJSON_FORMATS = new Set(['application/fhir+ndjson', 'application/ndjson', 'ndjson']);
/** Parameters the spec defines that this server does not implement (GET kick-off; `patient` is POST-only). */
const UNSUPPORTED = new Set(['_elements', '_typeFilter', 'includeAssociatedData', 'patient', 'organizeOutputBy', 'allowPartialManifests']);
/** A FHIR instant: seconds and a time zone are required. https://hl7.org/fhir/R4/datatypes.html#instant */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function warning(text: string, expression: string): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'warning', code: 'not-supported', details: { text }, expression: [expression] }] };
}

/** Throws 400 for a problem, or records it as a warning when the client asked for lenient handling. */
function refuse(lenient: boolean, ignored: OperationOutcome[], text: string, expression: string): void {
  if (!lenient) throw new OperationOutcomeError(badRequest(text, expression));
  ignored.push(warning(`${text}; ignored (Prefer: handling=lenient)`, expression));
}

/** `respond-async` among the Prefer preferences (RFC 7240; several may share one header or come in several). */
export function prefersAsync(prefer: string | undefined): boolean {
  return (prefer ?? '').split(',').some((p) => p.trim().split(';')[0].trim().toLowerCase() === 'respond-async');
}

/** `handling=lenient` among the Prefer preferences. */
export function prefersLenient(prefer: string | undefined): boolean {
  return /(^|[,;\s])handling\s*=\s*lenient\b/i.test(prefer ?? '');
}

function parseTypes(values: string[], level: ExportLevel, lenient: boolean, ignored: OperationOutcome[]): Set<string> | undefined {
  if (values.length === 0) return undefined;
  const known = new Set(resourceTypes());
  const allowed = level.kind === 'system' ? known : new Set(['Patient', ...patientCompartmentTypes()]);
  const types = new Set<string>();
  for (const type of values.flatMap((v) => v.split(',')).map((t) => t.trim())) {
    if (!known.has(type)) refuse(lenient, ignored, `_type: '${type.slice(0, 64)}' is not an R4 resource type`, '_type');
    else if (!allowed.has(type)) refuse(lenient, ignored, `_type: ${type} is not in the patient compartment, so a ${level.kind}-level export holds none`, '_type');
    else types.add(type);
  }
  return types;
}

/**
 * Checks a GET kick-off (https://hl7.org/fhir/uv/bulkdata/export.html#bulk-data-kick-off-request): `Prefer:
 * respond-async` is required (400 without it); `_outputFormat` must name NDJSON; `_since` must be an instant;
 * `_type` must list R4 types (in the patient compartment for Patient and Group exports); parameters the spec
 * defines but this server does not support, and unknown ones, are refused unless `Prefer: handling=lenient`,
 * under which they are ignored and reported in the manifest's error file.
 */
export function parseExportRequest(level: ExportLevel, query: Array<[string, string]>, prefer: string | undefined, url: string): ExportRequest {
  if (!prefersAsync(prefer)) throw new OperationOutcomeError(badRequest('$export runs asynchronously only: send the header Prefer: respond-async', 'Prefer'));
  const lenient = prefersLenient(prefer);
  const ignored: OperationOutcome[] = [];
  const values = (name: string): string[] => query.filter(([n]) => n === name).map(([, v]) => v);
  for (const format of values('_outputFormat')) {
    // An unencoded `+` arrives as a space (application/x-www-form-urlencoded query decoding).
    if (!NDJSON_FORMATS.has(format.trim().replace(/ /g, '+'))) {
      throw new OperationOutcomeError(badRequest(`_outputFormat '${format.slice(0, 64)}' is not supported: use application/fhir+ndjson (or application/ndjson, ndjson)`, '_outputFormat'));
    }
  }
  const since = values('_since');
  if (since.length > 1) throw new OperationOutcomeError(badRequest('_since may be given once', '_since'));
  if (since.length === 1 && !INSTANT.test(since[0])) throw new OperationOutcomeError(badRequest(`_since '${since[0].slice(0, 64)}' is not an instant (YYYY-MM-DDThh:mm:ss with a time zone)`, '_since'));
  for (const [name] of query) {
    if (name === '_outputFormat' || name === '_since' || name === '_type') continue;
    refuse(lenient, ignored, UNSUPPORTED.has(name) ? `${name} is not supported by this server` : `unknown parameter ${name.slice(0, 64)}`, name.slice(0, 64));
  }
  const types = parseTypes(values('_type'), level, lenient, ignored);
  return { level, types, sinceMs: since.length === 1 ? Date.parse(since[0]) : undefined, url, ignored };
}
