import type { Organization } from 'fhir/r4';
import { postalAddress } from '../fhir/read.js';
import { N3, N4 } from '../guides/common.js';
import type { TransactionBody } from '../x12/writer.js';

/** N301/N302 and N401 lengths from the shared N3/N4 rules (guides/common.ts). */
const LINE = N3.elements[0].max;
const CITY = N4.elements[0].max;

/**
 * N3/N4 from a FHIR address (834 member, 837 and 835 name loops, 271 member); a required one without an address gets a placeholder.
 * `zip9`: the billing provider (2010AA) must report the full nine-digit ZIP (X222A1/X223A2 N403 note); the
 * generated directory's addresses carry ZIP+4, and a five-digit one (e.g. an Organization a client wrote) gets +0001.
 */
export function addressSegments(body: TransactionBody, resource: { address?: Organization['address'] } | undefined, required: boolean, zip9 = false): void {
  const a = postalAddress(resource?.address);
  if (a?.line?.length) {
    body.seg('N3').text(a.line[0], LINE).text(a.line[1], LINE).end();
    body.seg('N4').text(a.city, CITY, 'UNKNOWN').el(a.state).el(zipCode(a.postalCode, zip9)).end();
  } else if (required) {
    body.seg('N3').el('ADDRESS UNKNOWN').end();
    body.seg('N4').el('UNKNOWN').el('NY').el(zipCode('10001', zip9)).end();
  }
}

function zipCode(z: string | undefined, zip9: boolean): string | undefined {
  const digits = z?.replace(/[^0-9]/g, '');
  return zip9 && digits?.length === 5 ? `${digits}0001` : digits;
}
