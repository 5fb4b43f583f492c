import { OperationOutcomeError, badRequest } from '../outcomes.js';
import type { FhirResponse } from '../request.js';

/** Bulk Data operation definitions (https://hl7.org/fhir/uv/bulkdata/STU2/artifacts.html). */
export const BULK_DATA = {
  capabilityStatement: 'http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data',
  systemExport: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export',
  patientExport: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/patient-export',
  groupExport: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/group-export',
} as const;

/**
 * `$export` in the route table, for the CapabilityStatement and for batch entries: the operation itself is served
 * by server/bulk (the asynchronous request pattern needs its own status and file URLs), so reaching it here means
 * a batch entry, which cannot be asynchronous. https://hl7.org/fhir/uv/bulkdata/export.html
 */
export function bulkExportOutsideAsync(): FhirResponse {
  throw new OperationOutcomeError(badRequest('$export runs only as its own asynchronous request (Prefer: respond-async), not inside a batch or transaction'));
}
