import type { BundleEntry, BundleEntryResponse, OperationOutcome, Resource } from 'fhir/r4';
import { etag } from './bundle.js';
import { isOk, statusOf } from './outcomes.js';

const REASON: Record<number, string> = {
  200: 'OK', 201: 'Created', 204: 'No Content', 400: 'Bad Request', 404: 'Not Found', 405: 'Method Not Allowed',
  406: 'Not Acceptable', 409: 'Conflict', 410: 'Gone', 412: 'Precondition Failed', 413: 'Payload Too Large',
  415: 'Unsupported Media Type', 422: 'Unprocessable Entity', 500: 'Internal Server Error',
};

/** `201 Created`: Bundle.entry.response.status wants the status line. */
export function statusLine(status: number): string {
  return `${status} ${REASON[status] ?? ''}`.trim();
}

/** `Type/id/_history/vid`, the Location of a written version. https://hl7.org/fhir/R4/http.html#create */
export function versionLocation(resource: Resource): string | undefined {
  if (!resource.id) return undefined;
  const vid = resource.meta?.versionId;
  return vid ? `${resource.resourceType}/${resource.id}/_history/${vid}` : `${resource.resourceType}/${resource.id}`;
}

/**
 * A batch/transaction response entry from a handler result: status, location, etag, lastModified, resource or outcome.
 * https://hl7.org/fhir/R4/bundle.html#transaction-response
 */
export function responseEntry(outcome: OperationOutcome, resource: Resource | undefined, baseUrl: string): BundleEntry {
  const status = statusOf(outcome);
  const response: BundleEntryResponse = { status: statusLine(status) };
  const entry: BundleEntry = { response };
  if (!isOk(outcome)) {
    response.outcome = outcome;
    return entry;
  }
  if (resource) {
    if (resource.resourceType !== 'Bundle' && resource.id) entry.fullUrl = `${baseUrl}/${resource.resourceType}/${resource.id}`;
    if (status === 201) {
      const loc = versionLocation(resource);
      if (loc) response.location = loc;
    }
    if (resource.meta?.versionId) response.etag = etag(resource.meta.versionId);
    if (resource.meta?.lastUpdated) response.lastModified = resource.meta.lastUpdated;
    entry.resource = resource;
  } else {
    response.outcome = outcome;
  }
  return entry;
}
