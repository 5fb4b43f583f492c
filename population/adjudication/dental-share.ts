import { CDT_BY_CODE, DENTAL_BENEFIT, type DentalClass } from '../data/clinical/dental.js';

/** Benefit class of a CDT code: the generator's table, else by CDT category (D0/D1 diagnostic and preventive; D27 crowns, D5 prosthodontics, D6 implants and fixed prosthodontics major; the rest basic). */
function benefitClass(code: string | undefined): DentalClass {
  const row = code ? CDT_BY_CODE.get(code) : undefined;
  if (row) return row.benefitClass;
  if (!code || /^D[01]/.test(code)) return 'preventive';
  return /^D(27|5|6)/.test(code) ? 'major' : 'basic';
}

/**
 * A covered dental line's allowed amount and member coinsurance in cents under the dental benefit
 * (data/clinical/dental.ts DENTAL_BENEFIT: 100/80/50 by class, no deductible).
 */
export function dentalLineShare(code: string | undefined, submittedCents: number): { eligible: number; coinsurance: number } {
  const eligible = Math.round(submittedCents * DENTAL_BENEFIT.allowedShareOfCharge);
  return { eligible, coinsurance: Math.round(eligible * (1 - DENTAL_BENEFIT.planPays[benefitClass(code)])) };
}
