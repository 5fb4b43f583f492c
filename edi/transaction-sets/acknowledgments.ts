import { GUIDE_999 } from '../guides/acknowledgments.js';
import type { AnswerSet } from './descriptor.js';

/** The 999 implementation acknowledgment (005010X231A1) of every inbound functional group. */
export const ACK_999: AnswerSet = {
  kind: '999',
  code: '999',
  version: GUIDE_999.implementation,
  summary: 'Implementation acknowledgment (005010X231A1)',
  direction: 'answer',
  folder: '999',
};

/** The TA1 interchange acknowledgment (X12.5): envelope errors; dropped with the 999s. */
export const ACK_TA1: AnswerSet = {
  kind: 'TA1',
  code: 'TA1',
  version: 'X12.5',
  summary: 'Interchange acknowledgment (X12.5)',
  direction: 'answer',
  folder: '999',
};
