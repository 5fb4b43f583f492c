import { GUIDE_834 } from '../guides/834.js';
import { emit834 } from '../transactions/834.js';
import type { OutboundSet } from './descriptor.js';

/** 834 benefit enrollment (005010X220A1) from Patient + Coverage. */
export const ENROLLMENT_834: OutboundSet = {
  kind: '834',
  code: '834',
  version: GUIDE_834.implementation,
  summary: 'Benefit enrollment (005010X220A1) for every member, from the store as it is now',
  direction: 'out',
  guide: GUIDE_834,
  folder: '834',
  http: { path: '/834' },
  filters: ['payer'],
  reads: ['Patient', 'Coverage'],
  emit: (store, options, filter) => emit834(store, options, { payer: filter.payer }),
};
