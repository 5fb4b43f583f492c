import type { Steps } from '../data-store/stepped.js';
import { interchangeNumbers, type ControlNumbers } from './control-numbers.js';
import type { EdiOptions } from './options.js';
import { InterchangeWriter, type InterchangeParties } from './x12/envelope.js';
import { ByteSink } from './x12/byte-sink.js';
import { sanitize } from './x12/sanitize.js';
import { SegmentWriter, TransactionBody } from './x12/writer.js';

/** Sanitizes and truncates a value for an element (delimiters never appear inside data). */
export type Text = (v: string | undefined, max: number) => string;

export interface BuiltDocument {
  /** The interchange as written: single-byte X12 text, one byte per character (latin1). */
  bytes: Buffer;
  /** The same interchange as a string, decoded on first use. */
  readonly text: string;
  /** ISA13 (also GS06). */
  controlNumber: string;
}

/**
 * An outbound document with its content picked from the store but not yet written: it writes `sets` transaction
 * sets, so it takes interchangeNumbers(sets) control numbers, held before `write` is called with them (Edi.emit).
 */
export interface PlannedDocument {
  sets: number;
  /** Writes the document once its control numbers are held, as steps (data-store/stepped.ts). */
  write(numbers: ControlNumbers): Steps<BuiltDocument>;
}

/**
 * A document from its bytes. Outbound documents are kept as bytes and sent as bytes: a multi-megabyte string
 * would be held outside the heap as an external string, and decoding it only to encode it again on the socket
 * is wasted work. The text is decoded on first use by a getter on the class, not on each object: V8 keeps an
 * object's own accessors in old space, and a per-document getter closing over the bytes kept every document
 * alive until the next full collection of the whole store heap.
 */
class X12Document implements BuiltDocument {
  private decoded?: string;

  constructor(readonly bytes: Buffer, readonly controlNumber: string) {}

  get text(): string {
    return (this.decoded ??= this.bytes.toString('latin1'));
  }
}

/** A document from its bytes (see X12Document). */
export function x12Document(bytes: Buffer, controlNumber: string): BuiltDocument {
  return new X12Document(bytes, controlNumber);
}

/**
 * What segments written with these options depend on besides their data: the delimiters and the line break.
 * Blocks of segments kept from one document for the next (837 claims, 835 remittances) are reused only under
 * the same format.
 */
export function formatOf(options: EdiOptions): string {
  const d = options.delimiters;
  return `${d.element}${d.component}${d.repetition}${d.segment}${options.lineBreak}`;
}

/** The Text cleaner for the options' delimiters. */
function textFor(options: EdiOptions): Text {
  return (v, max) => (v ? sanitize(v, options.delimiters, max) : '');
}

/**
 * A body writer for the options' delimiters, plus a text cleaner with a max length, for responses whose sets
 * are built before their interchange (999, 271, 277CA; see buildDocument). The bodies it makes share one byte
 * sink, so they must be written one after another. Outbound documents write in place with startDocument.
 */
export function bodyWriter(options: EdiOptions): { writer: SegmentWriter; body: () => TransactionBody; text: Text } {
  const writer = new SegmentWriter(options.delimiters);
  const sink = new ByteSink(64 * 1024);
  return {
    writer,
    body: () => new TransactionBody(writer, options.lineBreak, sink),
    text: textFor(options),
  };
}

/** An outbound document being written: its transaction sets are opened one after another, each written in place. */
export interface DocumentWriter {
  /** Opens the next transaction set (ST); write its segments into the body returned, until the next one opens. */
  transaction(code: string, implementation?: string): TransactionBody;
  /** Writes a TA1 (before any set is opened): see InterchangeWriter.acknowledgment. */
  acknowledgment(elements: ReadonlyArray<string>): void;
  /** Closes the interchange (SE, GE, IEA); every announced set must have been opened. */
  finish(): BuiltDocument;
  /** Sanitizes and truncates a value for an element. */
  text: Text;
}

// The byte buffer of the last document finished, kept for the next one: a large document otherwise grows a
// fresh buffer from 64 KB by doubling, and that much new off-heap memory per document drives V8 into full
// collections of the whole store heap. A document abandoned by an exception simply does not return it. The
// cap holds the largest document of a 10,000-patient population (its full 835, ~29 MB): above 16 MB, each
// of those grew a new buffer and forced a full collection every other document.
const MAX_SPARE_BYTES = 64 * 1024 * 1024;
let spare: ByteSink | undefined;

function parties(options: EdiOptions, overrides?: Partial<InterchangeParties>): InterchangeParties {
  return {
    senderQualifier: 'ZZ',
    senderId: options.ourId,
    receiverQualifier: 'ZZ',
    receiverId: options.partnerId,
    usage: options.usage,
    ackRequested: false,
    ...overrides,
  };
}

/**
 * The options for documents sent to a named trading partner (EdiOptions.partners): our id (ISA06, GS02), theirs
 * (ISA08, GS03) and the usage indicator (ISA15) as configured for them; throws when the partner is not known.
 */
export function forPartner(options: EdiOptions, partner: string): EdiOptions {
  const p = Object.hasOwn(options.partners, partner) ? options.partners[partner] : undefined;
  if (!p) throw new UnknownPartnerError(partner);
  return { ...options, ourId: p.senderId ?? options.ourId, partnerId: p.receiverId, usage: p.usage ?? options.usage };
}

/** A document asked for a trading partner that is not configured. */
export class UnknownPartnerError extends Error {
  constructor(readonly partner: string) {
    super(`unknown trading partner '${partner.slice(0, 40)}'`);
    this.name = 'UnknownPartnerError';
  }
}

/**
 * Starts an interchange of `sets` transaction sets in one functional group, taking its control numbers from those
 * held for it (holdControlNumbers; a shared counter cannot be written from directly): ISA13 = GS06 = the first,
 * each ST02 the next ones (unique and increasing). With no sets it is an interchange without functional groups
 * (IEA01 = 0), since a group must carry at least one set.
 */
export function startDocument(
  options: EdiOptions,
  group: { functionalId: string; version: string },
  sets: number,
  overrides?: Partial<InterchangeParties>,
): DocumentWriter {
  const numbers = options.controlNumbers;
  if (!('next' in numbers)) throw new Error('X12 control numbers are written only once held (holdControlNumbers)');
  const first = numbers.next(interchangeNumbers(sets));
  const p = parties(options, overrides);
  const sink = spare ?? new ByteSink(64 * 1024);
  spare = undefined;
  sink.truncate(0);
  const out = new InterchangeWriter(new SegmentWriter(options.delimiters), p, first, options.clock(), options.lineBreak, sink);
  if (sets > 0) out.beginGroup({ functionalId: group.functionalId, senderCode: p.senderId.trim(), receiverCode: p.receiverId.trim(), controlNumber: first, version: group.version });
  let opened = 0;
  return {
    transaction(code, implementation) {
      if (opened === sets) throw new Error(`this document announced ${sets} transaction sets`);
      opened++;
      return out.beginTransaction(code, String(first + opened).padStart(4, '0'), implementation);
    },
    acknowledgment(elements) {
      out.acknowledgment(elements);
    },
    finish() {
      if (opened !== sets) throw new Error(`this document announced ${sets} transaction sets but ${opened} were written`);
      const bytes = out.finishBytes();
      if (sink.capacity <= MAX_SPARE_BYTES) spare = sink;
      return x12Document(bytes, String(first).padStart(9, '0'));
    },
    text: textFor(options),
  };
}

/** Wraps transaction bodies written beforehand in one functional group and one interchange (see startDocument). */
export function buildDocument(
  options: EdiOptions,
  group: { functionalId: string; version: string },
  transactions: Array<{ code: string; implementation?: string; body: TransactionBody }>,
  overrides?: Partial<InterchangeParties>,
): BuiltDocument {
  const doc = startDocument(options, group, transactions.length, overrides);
  for (const t of transactions) doc.transaction(t.code, t.implementation).append(t.body);
  return doc.finish();
}
