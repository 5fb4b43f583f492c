import type { Organization } from 'fhir/r4';
import type { Area } from './areas.js';
import { CODE_SYSTEM, IDENTIFIER } from './conventions.js';
import { RETAIL_PHARMACY_TAXONOMY } from './data/claims/drug-benefit.js';
import { makeEin } from './ein.js';
import { pad, pharmacyOrganizationId } from './ids.js';
import { makeUniqueNpi } from './npi.js';
import { fictionalPhone } from './phone.js';
import { createRng } from './random.js';
import { fakerFor } from './seeded-faker.js';

/** Retail pharmacy chain-style names (fictional). */
const PHARMACY_NAMES = ['Community Pharmacy', 'Family Drug', 'Main Street Pharmacy', 'Corner Drug Store', 'Apothecary'];

/**
 * One retail pharmacy Organization per area (https://hl7.org/fhir/R4/organization.html): NPI (type 2, unique
 * against `npis`), a synthetic 7-digit NCPDP Provider Id, an EIN, NUCC 3336C0003X, at a ZIP+4 of the area's ZIP. Drawn from
 * its own stream so the rest of the directory keeps its draws.
 */
export function retailPharmacies(seed: string, areas: readonly Area[], npis: Set<string>): Organization[] {
  const rng = createRng(seed, 'pharmacies');
  return areas.map((area, k) => {
    const faker = fakerFor(rng.uint32());
    const address = {
      use: 'work' as const, line: [faker.location.streetAddress()], city: area.city.city, state: area.state.code,
      postalCode: `${area.city.zip}-${pad(rng.int(1, 9_999), 4)}`, country: 'US',
    };
    return {
      resourceType: 'Organization',
      id: pharmacyOrganizationId(k),
      identifier: [
        { system: IDENTIFIER.npi, value: makeUniqueNpi(rng, 2, npis) },
        { system: IDENTIFIER.ncpdpProviderId, value: pad(rng.int(0, 9_999_999), 7) },
        { system: IDENTIFIER.ein, value: makeEin(rng) },
      ],
      active: true,
      type: [
        { coding: [{ system: CODE_SYSTEM.organizationType, code: 'prov', display: 'Healthcare Provider' }] },
        { coding: [{ system: CODE_SYSTEM.nuccTaxonomy, ...RETAIL_PHARMACY_TAXONOMY }] },
      ],
      name: `${area.city.city} ${rng.pick(PHARMACY_NAMES)}`,
      telecom: [{ system: 'phone', value: fictionalPhone(rng, area.city), use: 'work' }],
      address: [address],
    };
  });
}
