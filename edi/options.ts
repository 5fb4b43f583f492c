import type { EdiCache } from './cache.js';
import { createControlNumbers, type ControlNumberSource } from './control-numbers.js';
import { DEFAULT_DELIMITERS, delimiterProblems, type Delimiters } from './x12/delimiters.js';

/** How documents are written and answered; one set per store, shared by the HTTP and SFTP faces. */
export interface EdiOptions {
  delimiters: Delimiters;
  /** Written after each segment terminator ('' for one long line; '\n' is accepted by every parser we know). */
  lineBreak: string;
  clock: () => Date;
  /** Date (YYYY-MM-DD) eligibility and "terminated" are judged on when a 270 names none: the population's as-of. */
  asOf?: string;
  /** Where ISA13/GS06/ST02 come from; a document's are held (holdControlNumbers) before it is written. */
  controlNumbers: ControlNumberSource;
  /** ISA15 of documents we send unless their partner says otherwise: T (test) by default, P (production). */
  usage: 'P' | 'T';
  /** Our interchange id (ISA06 outbound) and the default partner (ISA08 outbound). */
  ourId: string;
  partnerId: string;
  /** Trading partners by name: who outbound documents are addressed to (Edi.emit's `partner`). */
  partners: Readonly<Record<string, TradingPartner>>;
  /** Inbound documents larger than this get a TA1 (024) without being parsed. */
  maxInboundBytes: number;
  /** The EDI object's one cache (createEdi), handed to the writers and readers with the options. */
  cache: EdiCache;
}

/** One trading partner's interchange envelope (X12.5 ISA): ISA08 their id, ISA06 ours, ISA15 test or production. */
export interface TradingPartner {
  /** ISA08 (receiver) of documents sent to them, also GS03. */
  receiverId: string;
  /** ISA06 (sender) of documents sent to them; EdiOptions.ourId when absent. */
  senderId?: string;
  /** ISA15; EdiOptions.usage when absent. */
  usage?: 'P' | 'T';
}

/** The ISA08 and GS03 limit (X12.5: ISA08 is AN 15/15, space-filled). */
const INTERCHANGE_ID = /^[\x21-\x7e]([\x20-\x7e]{0,14})$/;

/**
 * Reads trading partners from `name:receiver-id[:P|T[:sender-id]]` entries (the EDI_PARTNERS setting); throws
 * with the entry named when one is malformed.
 */
export function parseTradingPartners(entries: readonly string[]): Record<string, TradingPartner> {
  const partners: Record<string, TradingPartner> = {};
  for (const entry of entries) {
    const [name, receiverId, usage, senderId] = entry.split(':');
    if (!name || !receiverId || !INTERCHANGE_ID.test(receiverId) || (senderId !== undefined && !INTERCHANGE_ID.test(senderId))) {
      throw new Error(`trading partner '${entry}': expected name:receiver-id[:P|T[:sender-id]] with ids of 1-15 printable characters`);
    }
    if (usage !== undefined && usage !== '' && usage !== 'P' && usage !== 'T') throw new Error(`trading partner '${entry}': usage must be P or T`);
    partners[name] = { receiverId, ...(usage ? { usage } : {}), ...(senderId ? { senderId } : {}) };
  }
  return partners;
}

/** Defaults: standard delimiters, newline after segments, clock-floored in-memory control numbers. */
export function defaultEdiOptions(cache: EdiCache, overrides: Partial<EdiOptions> = {}): EdiOptions {
  const clock = overrides.clock ?? (() => new Date());
  const options: EdiOptions = {
    delimiters: DEFAULT_DELIMITERS,
    lineBreak: '\n',
    clock,
    controlNumbers: overrides.controlNumbers ?? createControlNumbers({ clock }),
    usage: 'T',
    ourId: 'CDGHEALTHPLAN',
    partnerId: 'CDGPARTNER',
    partners: {},
    maxInboundBytes: 50 * 1024 * 1024,
    ...overrides,
    // Always the EDI object's own: a cache holds what was derived from one store.
    cache,
  };
  const problems = delimiterProblems(options.delimiters);
  if (problems.length > 0) throw new Error(`invalid X12 delimiters: ${problems.join('; ')}`);
  return options;
}
