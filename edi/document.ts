import type { EdiOptions } from './options.js';
import { writeInterchange, type InterchangeParties } from './x12/envelope.js';
import { ByteSink } from './x12/byte-sink.js';
import { sanitize } from './x12/sanitize.js';
import { SegmentWriter, TransactionBody } from './x12/writer.js';

export interface BuiltDocument {
  text: string;
  /** ISA13 (also GS06). */
  controlNumber: string;
}

/**
 * A body writer for the options' delimiters, plus a text cleaner with a max length. The bodies it makes
 * share one byte sink (one buffer per document rather than one per transaction set), so they must be
 * written one after another.
 */
export function bodyWriter(options: EdiOptions): { writer: SegmentWriter; body: () => TransactionBody; text: (v: string | undefined, max: number) => string } {
  const writer = new SegmentWriter(options.delimiters);
  const sink = new ByteSink(64 * 1024);
  return {
    writer,
    body: () => new TransactionBody(writer, options.lineBreak, sink),
    text: (v, max) => (v ? sanitize(v, options.delimiters, max) : ''),
  };
}

/**
 * Wraps transaction bodies in one functional group and one interchange, taking fresh control numbers:
 * ISA13 = GS06 = the first, each ST02 the next ones (unique and increasing).
 */
export function buildDocument(
  options: EdiOptions,
  group: { functionalId: string; version: string },
  transactions: Array<{ code: string; implementation?: string; body: TransactionBody }>,
  parties?: Partial<InterchangeParties>,
): BuiltDocument {
  const writer = new SegmentWriter(options.delimiters);
  const first = options.controlNumbers.next(1 + transactions.length);
  const at = options.clock();
  const p: InterchangeParties = {
    senderQualifier: 'ZZ',
    senderId: options.ourId,
    receiverQualifier: 'ZZ',
    receiverId: options.partnerId,
    usage: options.usage,
    ackRequested: false,
    ...parties,
  };
  // Nothing to send (e.g. no claims since a date): an interchange without functional groups (IEA01 = 0),
  // since a group must carry at least one transaction set.
  const text = writeInterchange(writer, p, first, at, transactions.length === 0 ? [] : [
    {
      functionalId: group.functionalId,
      senderCode: p.senderId.trim(),
      receiverCode: p.receiverId.trim(),
      controlNumber: first,
      version: group.version,
      transactions: transactions.map((t, i) => ({ ...t, controlNumber: String(first + 1 + i).padStart(4, '0') })),
    },
  ], options.lineBreak);
  return { text, controlNumber: String(first).padStart(9, '0') };
}
