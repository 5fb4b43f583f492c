import type { Resource } from 'fhir/r4';
import type { Criteria, Store } from '../../../data-store/store.js';
import { OperationOutcomeError, badRequest, preconditionFailed } from '../outcomes.js';
import { parseQueryString } from '../request.js';

/**
 * Resolves the criteria of a conditional interaction: none, exactly one (returned) or many (412).
 * https://hl7.org/fhir/R4/http.html#ccreate
 */
export function resolveConditional(store: Store, resourceType: string, criteria: string | Criteria): Resource | undefined {
  const params = conditionCriteria(criteria);
  const page = store.search({ resourceType, params: [...params, ['_count', '2']] });
  if (page.total > 1 || page.matches.length > 1) {
    throw new OperationOutcomeError(preconditionFailed(`Conditional criteria matched ${page.total} ${resourceType} resources; expected at most one`));
  }
  return page.matches[0];
}

/**
 * Builds, in slices, the indexes the search of resolveConditional will read, so that it does not build one in a
 * single long step; best effort (criteria it cannot read are left to resolveConditional to refuse).
 */
export async function prepareConditional(store: Store, resourceType: string, criteria: string | Criteria): Promise<void> {
  let params: Criteria;
  try {
    params = conditionCriteria(criteria);
  } catch {
    return;
  }
  await store.prepareSearch?.({ resourceType, params });
}

/**
 * The search criteria of a conditional interaction (400 when there are none); paging parameters are dropped.
 * https://hl7.org/fhir/R4/http.html#ccreate
 */
export function conditionCriteria(criteria: string | Criteria): Criteria {
  // Some clients send `If-None-Exist: Patient?identifier=...`; the spec's form is the bare query.
  const text = typeof criteria === 'string' && criteria.includes('?') ? criteria.slice(criteria.indexOf('?') + 1) : criteria;
  const params = (typeof text === 'string' ? parseQueryString(text) : text).filter(([n]) => n !== '_count' && n !== '_offset');
  if (params.length === 0) throw new OperationOutcomeError(badRequest('Conditional interaction needs search criteria'));
  return params;
}
