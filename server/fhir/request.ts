import type { OperationOutcome, Resource } from 'fhir/r4';

/**
 * A FHIR interaction as a plain object: what a handler needs, nothing of express.
 * https://hl7.org/fhir/R4/http.html
 */
export interface FhirRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below the FHIR base, without leading slash or query, e.g. `Patient/123/_history/2`. */
  path: string;
  /** Path parameters filled by the route table (`resourceType`, `id`, `vid`). */
  params: Record<string, string>;
  /** Query (and, for `_search`, form) parameters in order, repeated names kept. */
  query: Array<[string, string]>;
  /** Parsed JSON body (Resource, Bundle or JSON Patch array), if any. */
  body?: unknown;
  /** Absolute FHIR base URL, e.g. `http://host/fhir` (no trailing slash). */
  baseUrl: string;
  /** Relevant request headers, lower-case names. */
  headers: {
    ifMatch?: string;
    ifNoneExist?: string;
    ifNoneMatch?: string;
    prefer?: string;
  };
}

/** Values of one query parameter. */
export function queryValues(req: Pick<FhirRequest, 'query'>, name: string): string[] {
  return req.query.filter(([n]) => n === name).map(([, v]) => v);
}

/** First value of one query parameter. */
export function queryValue(req: Pick<FhirRequest, 'query'>, name: string): string | undefined {
  return req.query.find(([n]) => n === name)?.[1];
}

/** A dateTime whose `+hh:mm` offset was sent unencoded, so query decoding turned the `+` into a space. */
const SPACED_OFFSET = /^([a-z]{2})?(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}:\d{2})$/;

/** Parses a query string (`a=1&b=2`, optionally with a leading `?`) into ordered pairs. */
export function parseQueryString(qs: string): Array<[string, string]> {
  const text = qs.startsWith('?') ? qs.slice(1) : qs;
  return [...new URLSearchParams(text).entries()].map(([name, value]) => [name, value.replace(SPACED_OFFSET, '$1$2+$3')]);
}

/** `Prefer: handling=lenient` (https://hl7.org/fhir/R4/search.html#errors). */
export function isLenient(req: FhirRequest): boolean {
  return /handling\s*=\s*lenient/i.test(req.headers.prefer ?? '');
}

/** The versionId in an ETag-style header (`W/"3"` or `"3"` or `3`). */
export function parseETag(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const m = /^\s*(?:W\/)?"?([^"]*)"?\s*$/.exec(value);
  return m?.[1] || undefined;
}

/** The result of a handler: an outcome that fixes the status, and the body resource when it is not the outcome. */
export type FhirResponse = [OperationOutcome, Resource?];
