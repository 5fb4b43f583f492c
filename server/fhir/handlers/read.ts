import type { Store } from '../../../data-store/store.js';
import { allOk } from '../outcomes.js';
import type { FhirRequest, FhirResponse } from '../request.js';

/** read: the current version (404 unknown, 410 deleted). https://hl7.org/fhir/R4/http.html#read */
export function read(req: FhirRequest, store: Store): FhirResponse {
  return [allOk, store.read(req.params.resourceType, req.params.id)];
}

/** vread: one version. https://hl7.org/fhir/R4/http.html#vread */
export function vread(req: FhirRequest, store: Store): FhirResponse {
  return [allOk, store.vread(req.params.resourceType, req.params.id, req.params.vid)];
}
