import { GUIDE_835 } from '../guides/835.js';
import { emit835 } from '../transactions/835.js';
import type { OutboundSet } from './descriptor.js';

/** 835 remittance advice (005010X221A1) from ExplanationOfBenefit. */
export const REMITTANCE_835: OutboundSet = {
  kind: '835',
  code: '835',
  version: GUIDE_835.implementation,
  summary: 'Remittance advice (005010X221A1) from ExplanationOfBenefit',
  direction: 'out',
  guide: GUIDE_835,
  folder: '835',
  http: { path: '/835' },
  filters: ['since', 'payer'],
  reads: ['ExplanationOfBenefit'],
  emit: (store, options, filter) => emit835(store, options, { payer: filter.payer, since: filter.since }),
};
