import type { Bundle, BundleEntry } from 'fhir/r4';
import type { Store } from '../../../data-store/store.js';
import { responseEntry } from '../entry-response.js';
import { allOk, normalizeError } from '../outcomes.js';
import type { FhirResponse } from '../request.js';
import { dispatch } from '../routes.js';
import { entryRequest } from './entry-request.js';

/**
 * batch: every entry runs on its own through the route table; failures become per-entry OperationOutcomes.
 * https://hl7.org/fhir/R4/http.html#transaction
 */
export async function processBatch(bundle: Bundle, baseUrl: string, store: Store): Promise<FhirResponse> {
  const entry: BundleEntry[] = [];
  for (const [index, e] of (bundle.entry ?? []).entries()) {
    try {
      const [outcome, resource] = await dispatch(entryRequest(e, index, baseUrl), store);
      entry.push(responseEntry(outcome, resource, baseUrl));
    } catch (err) {
      entry.push(responseEntry(normalizeError(err), undefined, baseUrl));
    }
  }
  const response: Bundle = { resourceType: 'Bundle', type: 'batch-response', entry };
  return [allOk, response];
}
