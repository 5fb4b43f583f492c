/** Money is computed in integer cents so sums never drift; converted to dollars only when written to FHIR. */
export function toCents(dollars: number | undefined): number {
  return Math.round((dollars ?? 0) * 100);
}

/** Cents -> dollars with two decimals exactly representable as the nearest double. */
export function toDollars(cents: number): number {
  return Math.round(cents) / 100;
}

const ZERO = { value: 0, currency: 'USD' as const };

/** A FHIR Money in USD from cents (zero amounts share one object: treat resources as immutable). */
export function usd(cents: number): { value: number; currency: 'USD' } {
  return cents === 0 ? ZERO : { value: toDollars(cents), currency: 'USD' };
}
