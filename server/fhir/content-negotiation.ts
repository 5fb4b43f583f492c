import { OperationOutcomeError, notAcceptable, unsupportedMediaType } from './outcomes.js';

/** The media type we answer with. https://hl7.org/fhir/R4/http.html#mime-type */
export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

const JSON_FORMATS = new Set(['json', 'application/json', 'application/fhir+json', 'application/json+fhir']);
const XML_HINT = /xml/i;

/**
 * Checks `_format` and `Accept`: JSON (any FHIR/plain JSON spelling, `*\/*`) is fine; XML or anything we cannot
 * produce is 406. https://hl7.org/fhir/R4/http.html#mime-type
 */
export function assertAcceptable(format: string | undefined, accept: string | undefined): void {
  if (format !== undefined) {
    // An unencoded `+` (`_format=application/fhir+json`) arrives as a space after query decoding.
    const f = format.split(';')[0].trim().toLowerCase().replace(/ /g, '+');
    if (!JSON_FORMATS.has(f)) throw new OperationOutcomeError(notAcceptable(`_format ${format.slice(0, 50)} is not supported; this server speaks JSON only`));
    return;
  }
  if (!accept) return;
  const types = accept.split(',').map((t) => t.split(';')[0].trim().toLowerCase()).filter(Boolean);
  const ok = types.some((t) => t === '*/*' || t === 'application/*' || JSON_FORMATS.has(t) || t.endsWith('+json'));
  if (!ok) {
    const hint = types.some((t) => XML_HINT.test(t)) ? 'XML is not supported; this server speaks JSON only' : `Cannot produce ${accept.slice(0, 80)}; this server speaks JSON only`;
    throw new OperationOutcomeError(notAcceptable(hint));
  }
}

/** What a request body may be, by interaction. */
export type BodyKind = 'resource' | 'json-patch' | 'form';

const ACCEPTED: Record<BodyKind, string[]> = {
  resource: ['application/fhir+json', 'application/json', 'application/json+fhir'],
  'json-patch': ['application/json-patch+json'],
  form: ['application/x-www-form-urlencoded'],
};

/** 415 unless the request Content-Type suits the interaction (charset, when given, must be UTF-8). */
export function assertContentType(contentType: string | undefined, kind: BodyKind): void {
  const [type, ...params] = (contentType ?? '').split(';').map((p) => p.trim().toLowerCase());
  if (!ACCEPTED[kind].includes(type)) {
    throw new OperationOutcomeError(unsupportedMediaType(`Content-Type ${(contentType ?? 'missing').slice(0, 80)} is not accepted here; use ${ACCEPTED[kind].join(' or ')}`));
  }
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
  if (charset && charset !== 'utf-8' && charset !== 'utf8') {
    throw new OperationOutcomeError(unsupportedMediaType(`charset ${charset.slice(0, 30)} is not supported; use UTF-8`));
  }
}
