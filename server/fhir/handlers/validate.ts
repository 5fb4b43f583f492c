import type { OperationOutcome, Parameters, Resource } from 'fhir/r4';
import { OperationOutcomeError, badRequest, ok, unprocessable } from '../outcomes.js';
import type { FhirRequest, FhirResponse } from '../request.js';
import { validateOffThread } from '../validation.js';

function resourceFrom(body: unknown): Resource {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new OperationOutcomeError(badRequest('$validate needs a resource or a Parameters with a "resource" parameter'));
  }
  const r = body as Resource;
  if (r.resourceType === 'Parameters') {
    const found = (r as Parameters).parameter?.find((p) => p.name === 'resource')?.resource;
    if (!found) throw new OperationOutcomeError(badRequest('Parameters has no "resource" parameter', 'Parameters.parameter'));
    return found;
  }
  return r;
}

/**
 * `POST Type/$validate`: 200 with an OperationOutcome whether or not the resource is valid (errors as issues).
 * https://hl7.org/fhir/R4/resource-operation-validate.html
 */
export async function validateOperation(req: FhirRequest): Promise<FhirResponse> {
  const resource = resourceFrom(req.body);
  const { resourceType } = req.params;
  if (resource.resourceType !== resourceType) {
    throw new OperationOutcomeError(badRequest(`Resource type ${String(resource.resourceType).slice(0, 64)} does not match the URL (${resourceType})`, 'resourceType'));
  }
  const [result] = await validateOffThread([resource]);
  if (result.valid) return [ok('Validation successful: no issues found'), undefined];
  // The same issues a failed write reports (422), without the outcome id that carries the HTTP status.
  const report: OperationOutcome = { resourceType: 'OperationOutcome', issue: unprocessable(result.issues).issue };
  return [ok('Validation found issues'), report];
}
