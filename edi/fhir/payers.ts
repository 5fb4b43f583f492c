import type { Organization } from 'fhir/r4';
import type { Store } from '../../data-store/store.js';
import { IDENTIFIER } from '../../population/conventions.js';
import { readOrUndefined } from './members.js';
import { identifierValue } from './read.js';

/** The payer Organization with this X12 payer id (Organization.identifier of IDENTIFIER.payerId), if any. */
export function payerByPayerId(store: Store, id: string): Organization | undefined {
  try {
    const hit = store.search({ resourceType: 'Organization', params: [['identifier', `${IDENTIFIER.payerId}|${id}`], ['_count', '1']] }).matches[0] as Organization | undefined;
    if (hit) return hit;
  } catch {
    // fall through to a scan
  }
  for (const o of store.all<Organization>('Organization')) if (identifierValue(o.identifier, IDENTIFIER.payerId) === id) return o;
  return undefined;
}

/** The payer a `payer` filter names: by X12 payer id, or by the Organization id of a payer (one with a payer id). */
export function payerNamed(store: Store, payer: string): Organization | undefined {
  const byId = readOrUndefined<Organization>(store, 'Organization', payer);
  if (byId && identifierValue(byId.identifier, IDENTIFIER.payerId)) return byId;
  return payerByPayerId(store, payer);
}
