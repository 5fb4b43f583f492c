import { GUIDE_837I, GUIDE_837P } from '../guides/837.js';
import { GUIDE_837D } from '../guides/837d.js';
import { GUIDE_277CA } from '../guides/acknowledgments.js';
import { emit837 } from '../transactions/837-emit.js';
import type { TransactionGuide } from '../guides/types.js';
import type { AnswerSet, InboundSet, OutboundSet } from './descriptor.js';
import { accept837s } from './claims-inbound.js';

/** An outbound 837 of one claim type (the `type` of GET /edi/837?type=), all three alike but for guide and title. */
function claimsSet(type: 'P' | 'I' | 'D', guide: TransactionGuide, title: string): OutboundSet {
  return {
    kind: `837${type}`,
    code: '837',
    version: guide.implementation,
    summary: `${title} (${guide.implementation})`,
    direction: 'out',
    guide,
    folder: '837',
    http: { path: '/837', type },
    filters: ['since', 'payer'],
    reads: ['Claim'],
    emit: (store, options, filter) => emit837(store, options, { type, payer: filter.payer, since: filter.since }),
  };
}

/** 837P professional claims (005010X222A1) from Claims of type professional. */
export const CLAIMS_837P = claimsSet('P', GUIDE_837P, 'Professional claims');

/** 837I institutional claims (005010X223A2) from Claims of type institutional. */
export const CLAIMS_837I = claimsSet('I', GUIDE_837I, 'Institutional claims');

/** 837D dental claims (005010X224A2) from Claims of type oral. */
export const CLAIMS_837D = claimsSet('D', GUIDE_837D, 'Dental claims');

/** An 837 received: claims stored with their EOBs, answered with a 999 and a 277CA. */
export const CLAIMS_837_INBOUND: InboundSet = {
  kind: '837',
  code: '837',
  version: `${GUIDE_837P.implementation}, ${GUIDE_837I.implementation}, ${GUIDE_837D.implementation}`,
  summary: 'Submit an 837; answers a 999 (and a 277CA when accepted), or a TA1 for envelope errors',
  direction: 'in',
  guides: [GUIDE_837P, GUIDE_837I, GUIDE_837D],
  http: { path: '/837' },
  readOnly: false,
  alwaysAcknowledge: true,
  acceptedWith: '277CA',
  answer: accept837s,
};

/** The 277CA claim acknowledgment (answer to an accepted 837). */
export const CLAIM_ACK_277CA: AnswerSet = {
  kind: '277CA',
  code: '277',
  version: GUIDE_277CA.implementation,
  summary: 'Claim acknowledgment (005010X214)',
  direction: 'answer',
  folder: '277',
};
