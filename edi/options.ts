import type { Store } from '../data-store/store.js';
import { createControlNumbers, type ControlNumbers } from './control-numbers.js';
import { DEFAULT_DELIMITERS, delimiterProblems, type Delimiters } from './x12/delimiters.js';

/** How documents are written and answered; one set per store, shared by the HTTP and SFTP faces. */
export interface EdiOptions {
  delimiters: Delimiters;
  /** Written after each segment terminator ('' for one long line; '\n' is accepted by every parser we know). */
  lineBreak: string;
  clock: () => Date;
  /** Date (YYYY-MM-DD) eligibility and "terminated" are judged on when a 270 names none: the population's as-of. */
  asOf?: string;
  controlNumbers: ControlNumbers;
  /** ISA15. */
  usage: 'P' | 'T';
  /** Our interchange id (ISA06 outbound) and the default partner (ISA08 outbound). */
  ourId: string;
  partnerId: string;
  /** Inbound documents larger than this get a TA1 (024) without being parsed. */
  maxInboundBytes: number;
}

const registry = new WeakMap<Store, EdiOptions>();

/** Defaults: standard delimiters, newline after segments, clock-floored in-memory control numbers. */
export function defaultEdiOptions(overrides: Partial<EdiOptions> = {}): EdiOptions {
  const clock = overrides.clock ?? (() => new Date());
  const options: EdiOptions = {
    delimiters: DEFAULT_DELIMITERS,
    lineBreak: '\n',
    clock,
    controlNumbers: overrides.controlNumbers ?? createControlNumbers({ clock }),
    usage: 'P',
    ourId: 'CDGHEALTHPLAN',
    partnerId: 'CDGPARTNER',
    maxInboundBytes: 50 * 1024 * 1024,
    ...overrides,
  };
  const problems = delimiterProblems(options.delimiters);
  if (problems.length > 0) throw new Error(`invalid X12 delimiters: ${problems.join('; ')}`);
  return options;
}

/**
 * Sets the options used for a store by every EDI entry point (router, SFTP, gateway functions). A store
 * already configured keeps its control-number counter unless a new one is given, so documents from every
 * face of one store draw from one sequence.
 */
export function configureEdi(store: Store, overrides: Partial<EdiOptions> = {}): EdiOptions {
  const previous = registry.get(store);
  const options = defaultEdiOptions(previous && !overrides.controlNumbers ? { ...overrides, controlNumbers: previous.controlNumbers } : overrides);
  registry.set(store, options);
  return options;
}

/** The options configured for a store (created with defaults on first use), with per-call overrides. */
export function ediOptionsFor(store: Store, overrides: Partial<EdiOptions> = {}): EdiOptions {
  let options = registry.get(store);
  if (!options) options = configureEdi(store);
  return Object.keys(overrides).length === 0 ? options : { ...options, ...overrides };
}
