import type { Store } from '../data-store/store.js';
import { forPartner, type BuiltDocument } from './document.js';
import { processInterchange } from './inbound.js';
import { unreadable } from './responses.js';
import { inboundSet, outboundSet, type ResponseDocument } from './transaction-sets/index.js';
import { payerNamed } from './fhir/payers.js';
import { ediOptionsFor, type EdiOptions } from './options.js';
import { splitInterchanges } from './x12/split.js';

export type { ResponseDocument };

export interface EmitOptions {
  /** Only this payer (X12 payer id, e.g. EVG01, or the payer Organization id). */
  payer?: string;
  /** 837/835 only: claims (Claim.created) or EOBs (EOB.created) at/after this date (YYYY-MM-DD) or instant. */
  since?: string;
  /** Per-call overrides of the store's EDI options (delimiters, line break, clock...). */
  edi?: Partial<EdiOptions>;
  /** The trading partner (EdiOptions.partners) the document is addressed to; UnknownPartnerError when unknown. */
  partner?: string;
}

/**
 * Emits one outbound X12 document of a kind of the transaction-set table (834, 837P, 837I, 835...) from the
 * store as it is now (transport-free; used by GET /edi/* and the SFTP drop).
 */
export function emitDocument(store: Store, kind: string, options: EmitOptions = {}): BuiltDocument {
  const set = outboundSet(kind);
  if (!set) throw new Error(`unknown outbound document kind ${kind}`);
  const base = ediOptionsFor(store, options.edi);
  const edi = options.partner === undefined ? base : forPartner(base, options.partner);
  return set.emit(store, edi, { payer: options.payer, since: options.since });
}

/** Does a `payer` filter name a payer the store holds (by X12 payer id or Organization id)? */
export function payerKnown(store: Store, payer: string): boolean {
  return payerNamed(store, payer) !== undefined;
}

const queues = new WeakMap<Store, Promise<unknown>>();

/**
 * A TA1 rejecting an interchange that could not be read at all (note 024), e.g. an HTTP body over the size
 * limit: answered at once, without waiting in the store's inbound queue.
 */
export function rejectUnreadable(store: Store, message: string, options: { edi?: Partial<EdiOptions> } = {}): ResponseDocument[] {
  return unreadable(ediOptionsFor(store, options.edi), message);
}

/**
 * Processes one inbound interchange (transport-free; used by POST /edi/<inbound kind> and the SFTP inbound
 * folder): each set is answered by its row of the table (see processInterchange). Inbound documents for one store
 * are processed one at a time, so duplicate checks and accumulators see every earlier claim. Never throws.
 */
export async function processInbound(store: Store, text: string, options: { edi?: Partial<EdiOptions>; only?: string } = {}): Promise<ResponseDocument[]> {
  const edi = ediOptionsFor(store, options.edi);
  if (text.length > edi.maxInboundBytes) return unreadable(edi, `interchange larger than ${edi.maxInboundBytes} bytes`);
  // Several interchanges in one body are each answered, in order, as if sent one by one.
  const run = async (): Promise<ResponseDocument[]> => {
    const out: ResponseDocument[] = [];
    for (const one of splitInterchanges(text)) out.push(...(await answerOne(store, edi, one, options.only)));
    return out;
  };
  // Inquiries (rows that only read: 270, 276) need not wait behind claims being stored.
  if (options.only !== undefined && inboundSet(options.only)?.readOnly) return run();
  const previous = queues.get(store) ?? Promise.resolve();
  const queued = previous.catch(() => undefined).then(run);
  queues.set(store, queued.catch(() => undefined));
  return queued;
}

/** One interchange's answers; never throws (a failure is answered with a TA1, note 024). */
async function answerOne(store: Store, edi: EdiOptions, text: string, only?: string): Promise<ResponseDocument[]> {
  try {
    return await processInterchange(store, edi, text, only);
  } catch (error) {
    return unreadable(edi, `could not process: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export { configureEdi, ediOptionsFor, type EdiOptions } from './options.js';
export { UnknownPartnerError } from './document.js';
export { parseTradingPartners, type TradingPartner } from './options.js';
export { OUTBOUND_SETS, INBOUND_SETS, ANSWER_SETS, TRANSACTION_SETS, OUTBOUND_FOLDERS, folderOf, inboundSet, outboundSet } from './transaction-sets/index.js';
export type { OutboundSet, InboundSet, AnswerSet } from './transaction-sets/index.js';
