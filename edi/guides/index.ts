import { GUIDE_270, GUIDE_271 } from './270-271.js';
import { GUIDE_276, GUIDE_277 } from './276-277.js';
import { GUIDE_834 } from './834.js';
import { GUIDE_835 } from './835.js';
import { GUIDE_837I, GUIDE_837P } from './837.js';
import { GUIDE_837D } from './837d.js';
import { GUIDE_277CA, GUIDE_999 } from './acknowledgments.js';
import type { TransactionGuide } from './types.js';

/** Every implementation guide we read or write, keyed by ST03/GS08 (implementation convention reference). */
export const GUIDES: Readonly<Record<string, TransactionGuide>> = {
  [GUIDE_834.implementation]: GUIDE_834,
  [GUIDE_837P.implementation]: GUIDE_837P,
  [GUIDE_837I.implementation]: GUIDE_837I,
  [GUIDE_837D.implementation]: GUIDE_837D,
  [GUIDE_835.implementation]: GUIDE_835,
  [GUIDE_270.implementation + ':270']: GUIDE_270,
  [GUIDE_271.implementation + ':271']: GUIDE_271,
  [GUIDE_276.implementation + ':276']: GUIDE_276,
  [GUIDE_277.implementation + ':277']: GUIDE_277,
  [GUIDE_999.implementation]: GUIDE_999,
  [GUIDE_277CA.implementation]: GUIDE_277CA,
};

/** The guide for a transaction set code and implementation reference, if we support it. */
export function guideFor(code: string, implementation: string): TransactionGuide | undefined {
  return GUIDES[implementation] && GUIDES[implementation].code === code ? GUIDES[implementation] : GUIDES[`${implementation}:${code}`];
}

export { GUIDE_270, GUIDE_271, GUIDE_276, GUIDE_277, GUIDE_834, GUIDE_835, GUIDE_837D, GUIDE_837I, GUIDE_837P, GUIDE_277CA, GUIDE_999 };
