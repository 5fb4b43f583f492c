import type { Store } from '../../../data-store/store.js';
import { ok } from '../outcomes.js';
import type { FhirRequest, FhirResponse } from '../request.js';
import { prepareConditional, resolveConditional } from './conditional.js';

/** delete: later reads answer 410; deleting again is not an error. https://hl7.org/fhir/R4/http.html#delete */
export async function remove(req: FhirRequest, store: Store): Promise<FhirResponse> {
  await store.delete(req.params.resourceType, req.params.id);
  return [ok(`Deleted ${req.params.resourceType}/${req.params.id}`), undefined];
}

/** Conditional delete (single match): 0 matches is a no-op, 1 deletes it, more 412. https://hl7.org/fhir/R4/http.html#cdelete */
export async function conditionalDelete(req: FhirRequest, store: Store): Promise<FhirResponse> {
  const { resourceType } = req.params;
  await prepareConditional(store, resourceType, req.query);
  const existing = resolveConditional(store, resourceType, req.query);
  if (!existing?.id) return [ok('No resource matched the criteria; nothing deleted'), undefined];
  await store.delete(resourceType, existing.id);
  return [ok(`Deleted ${resourceType}/${existing.id}`), undefined];
}
