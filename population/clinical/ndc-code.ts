/**
 * The 11-digit (5-4-2) form of a 10-digit package NDC as labeled (4-4-2, 5-3-2 or 5-4-1): a leading zero is added to
 * the short segment. This is the form HIPAA claims (NCPDP, 837 LIN N4) and FHIR (http://hl7.org/fhir/sid/ndc) carry.
 * https://www.fda.gov/drugs/drug-approvals-and-databases/national-drug-code-directory
 */
export function ndc11(labeled: string): string {
  const parts = labeled.split('-');
  if (parts.length !== 3 || parts.some((p) => !/^\d+$/.test(p)) || parts.join('').length !== 10) {
    throw new Error(`not a 10-digit hyphenated NDC: ${labeled}`);
  }
  const [labeler, product, pkg] = parts;
  return `${labeler.padStart(5, '0')}${product.padStart(4, '0')}${pkg.padStart(2, '0')}`;
}
