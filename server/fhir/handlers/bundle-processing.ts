import type { Bundle } from 'fhir/r4';
import type { Store } from '../../../data-store/store.js';
import { OperationOutcomeError, badRequest } from '../outcomes.js';
import type { FhirRequest, FhirResponse } from '../request.js';
import { assertResourceBody } from '../validation.js';
import { processBatch } from './batch.js';
import { processTransaction } from './transaction.js';

/** `POST [base]` with a batch or transaction Bundle. https://hl7.org/fhir/R4/http.html#transaction */
export async function batchOrTransaction(req: FhirRequest, store: Store): Promise<FhirResponse> {
  const bundle = assertResourceBody(req.body, 'Bundle') as Bundle;
  const entries: unknown = bundle.entry;
  if (entries !== undefined && (!Array.isArray(entries) || entries.some((e) => typeof e !== 'object' || e === null || Array.isArray(e)))) {
    throw new OperationOutcomeError(badRequest('Bundle.entry must be an array of objects', 'Bundle.entry'));
  }
  if (bundle.type === 'batch') return processBatch(bundle, req.baseUrl, store);
  if (bundle.type === 'transaction') return processTransaction(bundle, req.baseUrl, store);
  throw new OperationOutcomeError(badRequest(`Bundle.type must be batch or transaction (got ${String(bundle.type).slice(0, 40)})`, 'Bundle.type'));
}
