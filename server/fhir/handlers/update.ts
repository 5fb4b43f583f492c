import type { Resource } from 'fhir/r4';
import type { Store } from '../../../data-store/store.js';
import { OperationOutcomeError, allOk, badRequest, created } from '../outcomes.js';
import { parseETag, type FhirRequest, type FhirResponse } from '../request.js';
import { assertId } from '../resource-types.js';
import { assertResourceBody, assertValid } from '../validation.js';
import { conditionCriteria } from './conditional.js';

/** `body`: the request body `resource` was made from (only its id may differ). */
async function put(store: Store, resource: Resource, ifMatch: string | undefined, body: Resource): Promise<FhirResponse> {
  await assertValid(resource, body);
  const result = await store.update(resource, { ifMatch });
  return [result.created ? created : allOk, result.resource];
}

/**
 * update (or update-as-create); the body id must equal the URL id; `If-Match` W/"n" makes it version-aware (412).
 * https://hl7.org/fhir/R4/http.html#update
 */
export async function update(req: FhirRequest, store: Store): Promise<FhirResponse> {
  const { resourceType, id } = req.params;
  const body = assertResourceBody(req.body, resourceType);
  if (body.id === undefined) throw new OperationOutcomeError(badRequest('Resource id is required in the body for update', `${resourceType}.id`));
  if (body.id !== id) throw new OperationOutcomeError(badRequest(`Resource id ${String(body.id).slice(0, 64)} does not match the URL id ${id}`, `${resourceType}.id`));
  return put(store, body, parseETag(req.headers.ifMatch), body);
}

/**
 * Conditional update `PUT Type?criteria`: 0 matches create, 1 updates it, more 412.
 * https://hl7.org/fhir/R4/http.html#cond-update
 */
export async function conditionalUpdate(req: FhirRequest, store: Store): Promise<FhirResponse> {
  const { resourceType } = req.params;
  const body = assertResourceBody(req.body, resourceType);
  const criteria = conditionCriteria(req.query);
  if (body.id !== undefined) assertId(String(body.id));
  await assertValid(body, body);
  // Resolved and written in one critical section of the store: concurrent twins create once.
  const result = await store.update(body, { ifMatch: parseETag(req.headers.ifMatch), criteria });
  return [result.created ? created : allOk, result.resource];
}
