import type { OperationOutcome, Parameters, Resource } from 'fhir/r4';
import type { Store } from '../../../data-store/store.js';
import { OperationOutcomeError, badRequest, ok, unprocessable } from '../outcomes.js';
import { queryValue, type FhirRequest, type FhirResponse } from '../request.js';
import { validateOffThread } from '../validation.js';

/** The `mode` codes of $validate (ValueSet resource-validation-mode). */
const MODES = new Set(['create', 'update', 'delete']);

/** The resource and mode of a $validate call: a bare resource, or Parameters with `resource` and `mode`. */
function inputFrom(req: FhirRequest): { resource?: Resource; mode?: string } {
  const body = req.body;
  let mode = queryValue(req, 'mode');
  if (body === undefined || body === null || body === '') return { mode };
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new OperationOutcomeError(badRequest('$validate needs a resource or a Parameters with a "resource" parameter'));
  }
  const r = body as Resource;
  if (r.resourceType !== 'Parameters') return { resource: r, mode };
  const parameters = (r as Parameters).parameter ?? [];
  mode = parameters.find((p) => p.name === 'mode')?.valueCode ?? mode;
  const resource = parameters.find((p) => p.name === 'resource')?.resource;
  if (!resource && mode !== 'delete') throw new OperationOutcomeError(badRequest('Parameters has no "resource" parameter', 'Parameters.parameter'));
  return { resource, mode };
}

/**
 * `POST Type/$validate` and `POST Type/id/$validate`: 200 with an OperationOutcome whether or not the resource
 * is valid (errors as issues). At instance level the mode defaults to `update` (the resource's id must be the
 * URL's) and `mode=delete` needs no resource, only an existing instance.
 * https://hl7.org/fhir/R4/resource-operation-validate.html
 */
export async function validateOperation(req: FhirRequest, store: Store): Promise<FhirResponse> {
  const { resourceType, id } = req.params;
  const { resource, mode = id === undefined ? 'create' : 'update' } = inputFrom(req);
  if (!MODES.has(mode)) throw new OperationOutcomeError(badRequest(`Unknown $validate mode ${mode.slice(0, 40)}: create, update or delete`, 'mode'));
  if (mode !== 'create' && id === undefined) throw new OperationOutcomeError(badRequest(`$validate mode ${mode} is for an instance: POST ${resourceType}/[id]/$validate`, 'mode'));
  if (mode === 'delete') {
    store.read(resourceType, id); // 404 / 410 when there is nothing to delete
    return [ok('Validation successful: the resource may be deleted'), undefined];
  }
  if (!resource) throw new OperationOutcomeError(badRequest('$validate needs a resource or a Parameters with a "resource" parameter'));
  if (resource.resourceType !== resourceType) {
    throw new OperationOutcomeError(badRequest(`Resource type ${String(resource.resourceType).slice(0, 64)} does not match the URL (${resourceType})`, 'resourceType'));
  }
  const [result] = await validateOffThread([resource]);
  const issues = result.issues.slice();
  if (mode === 'update' && resource.id !== id) {
    issues.push({ message: `Resource id ${String(resource.id ?? '(none)').slice(0, 64)} does not match the URL id ${id}`, path: `${resourceType}.id` });
  }
  if (issues.length === 0) return [ok('Validation successful: no issues found'), undefined];
  // The same issues a failed write reports (422), without the outcome id that carries the HTTP status.
  const report: OperationOutcome = { resourceType: 'OperationOutcome', issue: unprocessable(issues).issue };
  return [ok('Validation found issues'), report];
}
