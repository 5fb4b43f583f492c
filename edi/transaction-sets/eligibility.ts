import { runStepsSliced } from '../../data-store/stepped.js';
import { timeSlicer } from '../../data-store/time-slicer.js';
import { formatDate } from '../../population/dates.js';
import { answerInquiry } from '../fhir/eligibility.js';
import { MEMBER_SEARCHES, prepareSearches } from '../fhir/members.js';
import { GUIDE_270, GUIDE_271 } from '../guides/270-271.js';
import { answerSetSteps, payerFinder } from '../responses.js';
import { read270 } from '../transactions/270.js';
import { write271Body } from '../transactions/271.js';
import { stamp } from '../x12/format.js';
import type { AnswerSet, InboundSet } from './descriptor.js';

/** 270 -> 271 eligibility inquiry and response (005010X279A1), answered from Coverage and plan benefits now. */
export const ELIGIBILITY_270: InboundSet = {
  kind: '270',
  code: '270',
  version: GUIDE_270.implementation,
  summary: 'Eligibility inquiry (005010X279A1); answers a 271 from the stored Coverage, or TA1/999',
  direction: 'in',
  guides: [GUIDE_270],
  http: { path: '/270' },
  readOnly: true,
  alwaysAcknowledge: false,
  acceptedWith: '271',
  answer: async (store, options, ic, accepted) => {
    const t = options.clock();
    const asOf = options.asOf ?? formatDate(t);
    const when = stamp(t);
    const findPayer = payerFinder(store, options.cache);
    await prepareSearches(store, MEMBER_SEARCHES);
    // In slices of the event loop: a batch of thousands of inquiries (data-store/stepped.ts).
    const answer = answerSetSteps(options, ic, '271', GUIDE_271, accepted, function* (body, text, tx) {
      const bht = tx.segments.find((s) => s.id === 'BHT')?.elements;
      body.seg('BHT').el('0022').el('11').el(bht?.[3]).el(when.date).el(when.time).end();
      yield* write271Body(body, text, read270(tx.segments, ic.delimiters), (inq, payer) => answerInquiry(store, inq, asOf, payer, options.cache), findPayer);
    });
    return runStepsSliced(answer, timeSlicer());
  },
};

/** The 271 (answer to a 270). */
export const ELIGIBILITY_271: AnswerSet = {
  kind: '271',
  code: '271',
  version: GUIDE_271.implementation,
  summary: 'Eligibility benefit response (005010X279A1)',
  direction: 'answer',
  folder: '271',
};
