import type { Store } from '../../../data-store/store.js';
import { allOk, created } from '../outcomes.js';
import type { FhirRequest, FhirResponse } from '../request.js';
import { assertResourceBody, assertValid } from '../validation.js';
import { resolveConditional } from './conditional.js';

/**
 * create (server assigns the id); with `If-None-Exist`: 0 matches create, 1 returns it (200), more 412.
 * https://hl7.org/fhir/R4/http.html#create https://hl7.org/fhir/R4/http.html#ccreate
 */
export async function create(req: FhirRequest, store: Store): Promise<FhirResponse> {
  const { resourceType } = req.params;
  const body = assertResourceBody(req.body, resourceType);
  if (req.headers.ifNoneExist) {
    const existing = resolveConditional(store, resourceType, req.headers.ifNoneExist);
    if (existing) return [allOk, existing];
  }
  const { id: _ignored, ...resource } = body;
  await assertValid(resource as typeof body, body);
  return [created, await store.create(resource as typeof body)];
}
