import { runStepsSliced } from '../data-store/stepped.js';
import { timeSlicer } from '../data-store/time-slicer.js';
import type { Store } from '../data-store/store.js';
import { EdiCache } from './cache.js';
import { forPartner, type BuiltDocument } from './document.js';
import { payerNamed } from './fhir/payers.js';
import { holdControlNumbers, interchangeNumbers } from './control-numbers.js';
import { processInterchange, readInterchange, type ReadInterchange } from './inbound.js';
import { defaultEdiOptions, type EdiOptions } from './options.js';
import { unreadable } from './responses.js';
import { inboundSet, outboundSet, type OutboundSet, type ResponseDocument } from './transaction-sets/index.js';
import { splitInterchanges } from './x12/split.js';

export interface EmitOptions {
  /** Only this payer (X12 payer id, e.g. EVG01, or the payer Organization id). */
  payer?: string;
  /** 837/835 only: claims (Claim.created) or EOBs (EOB.created) at/after this date (YYYY-MM-DD) or instant. */
  since?: string;
  /** Per-call overrides of the options (delimiters, line break, clock...). */
  edi?: Partial<EdiOptions>;
  /** The trading partner (EdiOptions.partners) the document is addressed to; UnknownPartnerError when unknown. */
  partner?: string;
}

/**
 * The X12 gateway over one store (transport-free: the HTTP and SFTP faces share one): its options, control
 * numbers, inbound queue and one cache (EdiCache).
 */
export interface Edi {
  readonly store: Store;
  readonly options: EdiOptions;
  /**
   * Emits one outbound document of a kind of the transaction-set table (834, 837P, 837I, 835...) from the store
   * as it is now. Its control numbers (one plus one per transaction set) are held once the sets are known and
   * before it is written (holdControlNumbers); rejects with ControlNumbersUnavailable when they cannot be, and with
   * StoreError 'too-costly' as checkEmit throws.
   */
  emit(kind: string, options?: EmitOptions): Promise<BuiltDocument>;
  /** Throws StoreError 'too-costly' when the store refuses to read what a document of this kind needs (Store.checkReadAll). */
  checkEmit(kind: string): void;
  /**
   * Answers one inbound body (one or more interchanges, each answered in order): each set by its row of the
   * table (see processInterchange). Bodies are processed one at a time, so duplicate checks and accumulators
   * see every earlier claim; inquiries (read-only rows named by `only`) do not wait behind them. The control
   * numbers of all its answers are held before anything is stored (holdControlNumbers), so concurrent requests
   * cannot use them up; throws only ControlNumbersUnavailable, when they cannot be held, having changed nothing.
   */
  receive(text: string, options?: { only?: string; edi?: Partial<EdiOptions> }): Promise<ResponseDocument[]>;
  /**
   * A TA1 (note 024) for a body that could not be read at all (e.g. over the size limit), answered without
   * waiting in the inbound queue; rejects with ControlNumbersUnavailable when its control number cannot be held.
   */
  rejectUnreadable(message: string, options?: { edi?: Partial<EdiOptions> }): Promise<ResponseDocument[]>;
  /** Does a `payer` filter name a payer the store holds (by X12 payer id or Organization id)? */
  payerKnown(payer: string): boolean;
}

/** A TA1 (note 024, an interchange without groups) for a body that could not be read, its number held first. */
async function rejectUnreadable(edi: EdiOptions, message: string): Promise<ResponseDocument[]> {
  return unreadable({ ...edi, controlNumbers: await holdControlNumbers(edi.controlNumbers, interchangeNumbers(0)) }, message);
}

/** The EDI object of a store (X12 5010; see edi/README.md): options from `overrides` over the defaults. */
export function createEdi(store: Store, overrides: Partial<EdiOptions> = {}): Edi {
  const options = defaultEdiOptions(new EdiCache(store), overrides);
  const withOverrides = (o?: Partial<EdiOptions>): EdiOptions => (o && Object.keys(o).length > 0 ? { ...options, ...o } : options);
  let queue: Promise<unknown> = Promise.resolve();
  const answerOne = async (edi: EdiOptions, read: ReadInterchange, only?: string): Promise<ResponseDocument[]> => {
    try {
      return await processInterchange(store, edi, read, only);
    } catch (error) {
      return unreadable(edi, `could not process: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const checkReads = (set: OutboundSet): void => store.checkReadAll?.(set.reads, `the ${set.kind} of the whole population`);
  return {
    store,
    options,
    checkEmit(kind) {
      const set = outboundSet(kind);
      if (set) checkReads(set);
    },
    async emit(kind, o = {}) {
      const set = outboundSet(kind);
      if (!set) throw new Error(`unknown outbound document kind ${kind}`);
      const base = withOverrides(o.edi);
      const edi = o.partner === undefined ? base : forPartner(base, o.partner);
      checkReads(set);
      // In slices of the event loop: a whole population's 835 is tens of MB (data-store/stepped.ts).
      const pause = timeSlicer();
      const planned = await runStepsSliced(set.emit(store, edi, { payer: o.payer, since: o.since }), pause);
      return runStepsSliced(planned.write(await holdControlNumbers(edi.controlNumbers, interchangeNumbers(planned.sets))), pause);
    },
    async receive(text, o = {}) {
      const edi = withOverrides(o.edi);
      if (text.length > edi.maxInboundBytes) return rejectUnreadable(edi, `interchange larger than ${edi.maxInboundBytes} bytes`);
      const run = async (): Promise<ResponseDocument[]> => {
        const pause = timeSlicer();
        const reads: ReadInterchange[] = [];
        for (const one of splitInterchanges(text)) reads.push(await readInterchange(edi, one, pause));
        const numbers = reads.reduce((n, r) => n + r.numbers, 0);
        const held = { ...edi, controlNumbers: await holdControlNumbers(edi.controlNumbers, numbers) };
        const out: ResponseDocument[] = [];
        for (const read of reads) out.push(...(await answerOne(held, read, o.only)));
        return out;
      };
      if (o.only !== undefined && inboundSet(o.only)?.readOnly) return run();
      const queued = queue.catch(() => undefined).then(run);
      queue = queued.catch(() => undefined);
      return queued;
    },
    rejectUnreadable: (message, o = {}) => rejectUnreadable(withOverrides(o.edi), message),
    payerKnown: (payer) => payerNamed(store, payer) !== undefined,
  };
}
