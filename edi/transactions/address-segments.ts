import type { Organization } from 'fhir/r4';
import { postalAddress } from '../fhir/read.js';
import type { TransactionBody } from '../x12/writer.js';

/**
 * N3/N4 from a FHIR address (837 and 835 name loops); a required one without an address gets a placeholder.
 * `zip9`: the billing provider (2010AA) must report the full nine-digit ZIP (X222A1/X223A2 N403 note); the
 * generated directory's addresses carry ZIP+4, and a five-digit one (e.g. an Organization a client wrote) gets +0001.
 */
export function addressSegments(body: TransactionBody, resource: { address?: Organization['address'] } | undefined, required: boolean, zip9 = false): void {
  const a = postalAddress(resource?.address);
  if (a?.line?.length) {
    body.seg('N3').text(a.line[0], 55).text(a.line[1], 55).end();
    body.seg('N4').text(a.city, 30, 'UNKNOWN').el(a.state).el(zipCode(a.postalCode, zip9)).end();
  } else if (required) {
    body.add('N3', 'ADDRESS UNKNOWN');
    body.add('N4', 'UNKNOWN', 'NY', zipCode('10001', zip9));
  }
}

function zipCode(z: string | undefined, zip9: boolean): string | undefined {
  const digits = z?.replace(/[^0-9]/g, '');
  return zip9 && digits?.length === 5 ? `${digits}0001` : digits;
}
