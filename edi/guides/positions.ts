import type { TransactionGuide } from './types.js';

/**
 * The X12 positions (1-based, as the TR3 numbers them) of a segment's elements with data element `ref` in a
 * guide, e.g. `positionsOf(GUIDE_835, 'CAS', '1034')` = CAS02, 05, 08, 11, 14, 17: the reason code of each
 * adjustment triplet. Writers place repeated element groups from here, not from literal gaps; throws at load
 * when the guide has none.
 */
export function positionsOf(guide: TransactionGuide, segment: string, ref: string): readonly number[] {
  const positions: number[] = [];
  guide.segments[segment]?.elements.forEach((rule, i) => {
    if (rule.ref === ref) positions.push(i + 1);
  });
  if (positions.length === 0) throw new Error(`${guide.implementation} ${segment} has no element ${ref}`);
  return positions;
}
