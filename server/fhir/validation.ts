import type { Resource } from 'fhir/r4';
import { validateResource } from '../../fhir-profiles/schema-validator.js';
import { OperationOutcomeError, badRequest, unprocessable } from './outcomes.js';

/** Checks a request body is a JSON object resource of the expected type (400 otherwise). */
export function assertResourceBody(body: unknown, expectedType?: string): Resource {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new OperationOutcomeError(badRequest('Request body must be a FHIR resource (JSON object)'));
  }
  const type = (body as { resourceType?: unknown }).resourceType;
  if (typeof type !== 'string') throw new OperationOutcomeError(badRequest('Missing resourceType', 'resourceType'));
  if (expectedType && type !== expectedType) {
    throw new OperationOutcomeError(badRequest(`Resource type ${type.slice(0, 64)} does not match the URL (${expectedType})`, 'resourceType'));
  }
  return body as Resource;
}

/** Validates against the R4 JSON Schema; 422 naming each failing path. https://hl7.org/fhir/R4/http.html#update */
export function assertValid(resource: Resource): void {
  const result = validateResource(resource);
  if (!result.valid) throw new OperationOutcomeError(unprocessable(result.issues));
}
