import type { CapabilityStatement } from 'fhir/r4';
import { buildCapabilityStatement } from '../../../fhir-profiles/capability-statement.js';
import { allOk } from '../outcomes.js';
import { BULK_DATA } from './bulk-export.js';
import type { FhirRequest, FhirResponse } from '../request.js';
import { resourceTypes } from '../resource-types.js';
import { routes } from '../routes.js';

let cached: CapabilityStatement | undefined;
/** One statement object per base URL seen (bounded), so its serialized JSON is reused too. */
const byBase = new Map<string, CapabilityStatement>();

/** The software name/version shown in the statement; the app sets it once at start-up. */
export const software = { name: 'clinical-data-generator', version: '0.0.0' };

/** `GET [base]/metadata`: the CapabilityStatement, generated once from the route table. https://hl7.org/fhir/R4/http.html#capabilities */
export async function metadata(req: FhirRequest): Promise<FhirResponse> {
  cached ??= buildCapabilityStatement({ resourceTypes: resourceTypes(), interactions: routes, software, baseUrl: '', instantiates: [BULK_DATA.capabilityStatement] });
  let statement = byBase.get(req.baseUrl);
  if (!statement) {
    statement = { ...cached, implementation: { description: cached.implementation?.description ?? '', url: req.baseUrl } };
    if (byBase.size >= 16) byBase.clear();
    byBase.set(req.baseUrl, statement);
  }
  return [allOk, statement];
}
