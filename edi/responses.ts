import { runSteps, type Steps } from '../data-store/stepped.js';
import type { Organization } from 'fhir/r4';
import type { Store } from '../data-store/store.js';
import type { EdiCache } from './cache.js';
import { bodyWriter, buildDocument, type BuiltDocument, type Text } from './document.js';
import { payerByPayerId } from './fhir/payers.js';
import type { TransactionGuide } from './guides/types.js';
import type { EdiOptions } from './options.js';
import type { ResponseDocument } from './transaction-sets/descriptor.js';
import { writeTa1 } from './transactions/ta1.js';
import type { InterchangeParties } from './x12/envelope.js';
import type { ParsedInterchange } from './x12/parse.js';
import type { TransactionBody } from './x12/writer.js';

/** A built document as the response of a kind (the document itself, not a copy: its text is a getter). */
export function responseOf(kind: string, doc: BuiltDocument): ResponseDocument {
  return Object.assign(doc, { kind });
}

/** The answer to an interchange that could not be read or processed at all: a TA1 with note 024. */
export function unreadable(options: EdiOptions, message: string): ResponseDocument[] {
  return [responseOf('TA1', writeTa1(options, { code: '024', message }))];
}

/** An answer goes back to the sender of what it answers (ISA06/ISA08 swapped), with its ISA15. */
export function partiesFor(ic: ParsedInterchange): Partial<InterchangeParties> {
  return {
    senderQualifier: ic.isa[7],
    senderId: ic.isa[8].trim(),
    receiverQualifier: ic.isa[5],
    receiverId: ic.isa[6].trim(),
    usage: ic.isa[15] === 'T' ? 'T' : 'P',
  };
}

/** Writes one answer set's body for an item: at once, or as steps (data-store/stepped.ts) for sets of thousands of parts. */
export type SetWriter<T> = (body: TransactionBody, text: Text, item: T) => void | Steps<void>;

/**
 * The one way an answer is written: one set of `guide` per item, in one functional group and one interchange
 * back to the sender of `ic`.
 */
export function answerSets<T>(options: EdiOptions, ic: ParsedInterchange, kind: string, guide: TransactionGuide, items: readonly T[], write: SetWriter<T>): ResponseDocument {
  return runSteps(answerSetSteps(options, ic, kind, guide, items, write));
}

/** answerSets as steps: it yields after each set, and within a set where its writer does. */
export function* answerSetSteps<T>(options: EdiOptions, ic: ParsedInterchange, kind: string, guide: TransactionGuide, items: readonly T[], write: SetWriter<T>): Steps<ResponseDocument> {
  const { body, text } = bodyWriter(options);
  const bodies: Array<{ code: string; implementation: string; body: TransactionBody }> = [];
  for (const item of items) {
    const b = body();
    const steps = write(b, text, item);
    if (steps) yield* steps;
    bodies.push({ code: guide.code, implementation: guide.implementation, body: b });
    yield;
  }
  return responseOf(kind, buildDocument(options, { functionalId: guide.functionalId, version: guide.implementation }, bodies, partiesFor(ic)));
}

/**
 * Finds the payer an NM1*PR names (NM109 = payer id). Payer id -> Organization, kept by the EDI cache while no
 * Organization changes (a 270 batch names the same few payers over and over).
 */
export function payerFinder(store: Store, cache: EdiCache): (nm1: readonly string[]) => Organization | undefined {
  const known = cache.derived('Organization', 'by payer id', () => new Map<string, Organization | null>());
  return (nm1) => {
    const id = nm1[9];
    if (!id) return undefined;
    let found = known.get(id);
    if (found === undefined) known.set(id, (found = payerByPayerId(store, id) ?? null));
    return found ?? undefined;
  };
}
