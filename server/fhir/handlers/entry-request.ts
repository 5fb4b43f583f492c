import type { BundleEntry } from 'fhir/r4';
import { OperationOutcomeError, badRequest } from '../outcomes.js';
import { parseQueryString, type FhirRequest } from '../request.js';
import { assertJsonDepth } from '../../json-depth.js';

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/** A batch/transaction entry's request as a FhirRequest (url relative to the base, or absolute under it). */
export function entryRequest(entry: BundleEntry, index: number, baseUrl: string): Omit<FhirRequest, 'params'> {
  const where = `Bundle.entry[${index}].request`;
  checkEntryTypes(entry, index);
  const method = entry.request?.method;
  const url = entry.request?.url;
  if (!method || !METHODS.has(method)) throw new OperationOutcomeError(badRequest(`Entry ${index}: request.method must be GET, POST, PUT, PATCH or DELETE`, `${where}.method`));
  if (typeof url !== 'string' || url === '') throw new OperationOutcomeError(badRequest(`Entry ${index}: request.url is required`, `${where}.url`));
  let relative = url.startsWith(`${baseUrl}/`) ? url.slice(baseUrl.length + 1) : url;
  if (relative.startsWith('/')) relative = relative.slice(1);
  const q = relative.indexOf('?');
  const path = (q >= 0 ? relative.slice(0, q) : relative).replace(/\/+$/, '');
  const query = q >= 0 ? parseQueryString(relative.slice(q + 1)) : [];
  if (path === '' && method === 'POST') throw new OperationOutcomeError(badRequest(`Entry ${index}: nested batch/transaction is not supported`, `${where}.url`));
  return {
    method: method as FhirRequest['method'],
    path,
    query,
    body: method === 'PATCH' ? patchBody(entry, index) : entry.resource,
    baseUrl,
    headers: {
      ifMatch: entry.request?.ifMatch,
      ifNoneExist: entry.request?.ifNoneExist,
      ifNoneMatch: entry.request?.ifNoneMatch,
    },
  };
}

/** Bundle.entry.request elements that are FHIR strings / uris (https://hl7.org/fhir/R4/bundle.html). */
const STRING_FIELDS = ['ifNoneMatch', 'ifModifiedSince', 'ifMatch', 'ifNoneExist'] as const;

/** 400 when the entry's request, or one of its string elements, or fullUrl has the wrong JSON type. */
function checkEntryTypes(entry: BundleEntry, index: number): void {
  const where = `Bundle.entry[${index}]`;
  const request: unknown = entry.request;
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    throw new OperationOutcomeError(badRequest(`Entry ${index}: request must be an object with method and url`, `${where}.request`));
  }
  for (const field of STRING_FIELDS) {
    const value: unknown = (request as Record<string, unknown>)[field];
    if (value !== undefined && typeof value !== 'string') {
      throw new OperationOutcomeError(badRequest(`Entry ${index}: request.${field} must be a string`, `${where}.request.${field}`));
    }
  }
  const fullUrl: unknown = entry.fullUrl;
  if (fullUrl !== undefined && typeof fullUrl !== 'string') throw new OperationOutcomeError(badRequest(`Entry ${index}: fullUrl must be a string`, `${where}.fullUrl`));
}

/** A PATCH entry carries its JSON Patch in a Binary (https://hl7.org/fhir/R4/http.html#patch, "Patch using Bundles"). */
function patchBody(entry: BundleEntry, index: number): unknown {
  const r = entry.resource as { resourceType?: string; contentType?: string; data?: string } | undefined;
  if (r?.resourceType === 'Binary' && typeof r.data === 'string') {
    try {
      const bytes = Buffer.from(r.data, 'base64');
      assertJsonDepth(bytes); // the body's own depth check never saw inside the base64
      return JSON.parse(bytes.toString('utf8'));
    } catch {
      throw new OperationOutcomeError(badRequest(`Entry ${index}: Binary.data is not a base64 JSON Patch`, `Bundle.entry[${index}].resource`));
    }
  }
  throw new OperationOutcomeError(badRequest(`Entry ${index}: PATCH entries need a Binary resource holding a JSON Patch`, `Bundle.entry[${index}].resource`));
}
