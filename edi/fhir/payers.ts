import type { Organization } from 'fhir/r4';
import type { Store } from '../../data-store/store.js';
import { IDENTIFIER } from '../../population/conventions.js';
import { findByIdentifier } from './find-by-identifier.js';
import { readOrUndefined } from './members.js';
import { identifierValue } from './read.js';

/**
 * The payer Organization with this X12 payer id (Organization.identifier of IDENTIFIER.payerId), if any: one
 * identifier search, no walk over every Organization (the provider directory grows with the population).
 */
export function payerByPayerId(store: Store, id: string): Organization | undefined {
  return findByIdentifier<Organization>(store, 'Organization', IDENTIFIER.payerId, id);
}

/** The payer a `payer` filter names: by X12 payer id, or by the Organization id of a payer (one with a payer id). */
export function payerNamed(store: Store, payer: string): Organization | undefined {
  const byId = readOrUndefined<Organization>(store, 'Organization', payer);
  if (byId && identifierValue(byId.identifier, IDENTIFIER.payerId)) return byId;
  return payerByPayerId(store, payer);
}
