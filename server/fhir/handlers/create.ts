import type { Store } from '../../../data-store/store.js';
import { allOk, created } from '../outcomes.js';
import type { FhirRequest, FhirResponse } from '../request.js';
import { assertResourceBody, assertValid } from '../validation.js';
import { conditionCriteria } from './conditional.js';

/**
 * create (server assigns the id); with `If-None-Exist`: 0 matches create, 1 returns it (200), more 412.
 * https://hl7.org/fhir/R4/http.html#create https://hl7.org/fhir/R4/http.html#ccreate
 */
export async function create(req: FhirRequest, store: Store): Promise<FhirResponse> {
  const { resourceType } = req.params;
  const body = assertResourceBody(req.body, resourceType);
  const { id: _ignored, ...rest } = body;
  const resource = rest as typeof body;
  if (req.headers.ifNoneExist) {
    const criteria = conditionCriteria(req.headers.ifNoneExist);
    await assertValid(resource, body);
    // The store resolves the criteria and writes in one critical section: concurrent twins create once.
    const result = await store.conditionalCreate(resource, criteria);
    return [result.created ? created : allOk, result.resource];
  }
  await assertValid(resource, body);
  return [created, await store.create(resource)];
}
