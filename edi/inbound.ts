import { runStepsSliced, type Steps } from '../data-store/stepped.js';
import type { Store } from '../data-store/store.js';
import { timeSlicer } from '../data-store/time-slicer.js';
import { holdControlNumbers } from './control-numbers.js';
import { guideFor, GUIDE_999 } from './guides/index.js';
import type { EdiOptions } from './options.js';
import { answerSets, responseOf, unreadable } from './responses.js';
import { INBOUND_SETS, type ResponseDocument } from './transaction-sets/index.js';
import { write999Body, type GroupAcknowledgment, type SetAcknowledgment } from './transactions/999.js';
import { writeTa1 } from './transactions/ta1.js';
import { checkValue, validationSteps, type ValidationResult } from './validate.js';
import { GUIDE_ENVELOPE } from './guides/envelope.js';
import type { Delimiters } from './x12/delimiters.js';
import { parseSteps, type ParsedGroup, type ParsedInterchange, type ParsedTransaction, type ParseResult } from './x12/parse.js';

export type { ResponseDocument };

/** GS06 group control number (X12.6): 1-9 digits. */
const GS06 = GUIDE_ENVELOPE.segments.GS.elements[5];

/** ST01 -> GS01 of every set the table receives (270 HS, 276 HR, 837 HC). */
const FUNCTIONAL_ID: Record<string, string> = Object.fromEntries(INBOUND_SETS.map((t) => [t.code, t.guides[0].functionalId]));

function unsupported(code: string): ValidationResult {
  return { ok: false, errors: [], transactionCodes: [code] };
}

/** Validates every set of every group, as steps (data-store/stepped.ts); the 999's content. */
function* acknowledgeSteps(ic: ParsedInterchange, only?: string): Steps<GroupAcknowledgment[]> {
  const out: GroupAcknowledgment[] = [];
  for (const g of ic.groups) out.push(yield* acknowledgeGroup(g, ic.delimiters, only));
  return out;
}

/** One functional group's acknowledgment: its group codes and every set's validation. */
function* acknowledgeGroup(g: ParsedGroup, delimiters: Delimiters, only?: string): Steps<GroupAcknowledgment> {
  const gs = g.gs.elements;
  const groupCodes: string[] = [];
  if (!g.ge) groupCodes.push('3');
  else {
    if (g.ge.elements[2] !== gs[6]) groupCodes.push('4');
    if (g.ge.elements[1] !== String(g.transactions.length)) groupCodes.push('5');
  }
  if (checkValue(gs[6] ?? '', GS06)) groupCodes.push('6');
  const sets: SetAcknowledgment[] = [];
  for (const tx of g.transactions) {
    const guide = guideFor(tx.code, tx.implementation || (gs[8] ?? ''));
    let result: ValidationResult;
    if (only && tx.code !== only) result = unsupported('1');
    // ST03 and GS08 name the same guide (X12 5010 TR3s 1.2): 005010X222 in GS08 with ST03 005010X222A1 is not.
    else if (tx.implementation && gs[8] && tx.implementation !== gs[8]) result = unsupported('19');
    else if (!guide || !Object.values(FUNCTIONAL_ID).includes(guide.functionalId)) result = unsupported(guide ? '1' : tx.code && tx.code in FUNCTIONAL_ID ? 'I6' : '1');
    else if (FUNCTIONAL_ID[guide.code] !== gs[1]) result = unsupported('1');
    else result = yield* validationSteps(guide, tx.segments, delimiters, tx.se);
    sets.push({ code: tx.code, controlNumber: tx.controlNumber, implementation: tx.implementation, result });
  }
  const seen = new Set<string>();
  for (const s of sets) {
    if (seen.has(s.controlNumber)) {
      s.result = { ...s.result, ok: false, transactionCodes: [...s.result.transactionCodes, '23'] };
    }
    seen.add(s.controlNumber);
  }
  if (g.ge && gs[1] && !Object.values(FUNCTIONAL_ID).includes(gs[1])) groupCodes.push('1');
  return { functionalId: gs[1] ?? '', controlNumber: gs[6] ?? '', version: gs[8] ?? '', groupCodes, sets };
}

function write999(options: EdiOptions, ic: ParsedInterchange, acks: GroupAcknowledgment[]): ResponseDocument {
  return answerSets(options, ic, '999', GUIDE_999, acks, (body, _text, g) => {
    write999Body(body, g, options.delimiters);
  });
}

/** One inbound interchange read ahead of its answers: the parse and the most control numbers the answers take. */
export interface ReadInterchange {
  /** Absent when the interchange could not be read (over the size limit, `failure`). */
  parsed?: ParseResult;
  failure?: string;
  numbers: number;
}

/** Reads one interchange (see ReadInterchange); every answer (TA1, 999, one per answering row) takes one number plus one per set at most. */
export async function readInterchange(options: EdiOptions, text: string, pause: () => Promise<void> = timeSlicer()): Promise<ReadInterchange> {
  if (text.length > options.maxInboundBytes) return { failure: `interchange larger than ${options.maxInboundBytes} bytes`, numbers: 1 };
  try {
    const parsed = await runStepsSliced(parseSteps(text), pause);
    const sets = parsed.ok ? parsed.interchange.groups.reduce((n, g) => n + g.transactions.length, 0) : 0;
    return { parsed, numbers: (2 + INBOUND_SETS.length) * (1 + sets) };
  } catch (error) {
    return { failure: `could not process: ${error instanceof Error ? error.message : String(error)}`, numbers: 1 };
  }
}

/**
 * Processes one inbound interchange: envelope faults -> TA1; otherwise every set is validated against its
 * implementation guide and the accepted sets of each inbound row of the table are answered by it (270 -> 271,
 * 276 -> 277, 837 -> claims stored with their EOBs in one transaction and a 277CA). A 999 goes back when a
 * row always acknowledges (837), when a set is rejected, or when nothing else answers. Nothing is written
 * unless accepted. `only` rejects (999, IK5 code 1) sets of any other type, for endpoints that take one kind.
 * Given text, the answers' control numbers are held first (holdControlNumbers: ControlNumbersUnavailable before
 * anything is stored); given a ReadInterchange, `options.controlNumbers` must already hold `numbers` of them.
 */
export async function processInterchange(store: Store, options: EdiOptions, text: string | ReadInterchange, only?: string): Promise<ResponseDocument[]> {
  const pause = timeSlicer();
  const read = typeof text === 'string' ? await readInterchange(options, text, pause) : text;
  if (typeof text === 'string') options = { ...options, controlNumbers: await holdControlNumbers(options.controlNumbers, read.numbers) };
  const parsed = read.parsed;
  if (!parsed) return unreadable(options, read.failure ?? 'unreadable');
  if (!parsed.ok) return [responseOf('TA1', writeTa1(options, parsed.error))];
  const ic = parsed.interchange;
  const out: ResponseDocument[] = [];
  if (ic.isa[14] === '1') out.push(responseOf('TA1', writeTa1(options, { code: '000', message: 'accepted', isa: ic.isa }, true)));
  // An interchange of TA1s only (a partner acknowledging our documents) needs no answer of its own.
  if (ic.groups.length === 0) return out;
  const acks = await runStepsSliced(acknowledgeSteps(ic, only), pause);
  const accepted = new Map<string, ParsedTransaction[]>();
  let acknowledgeAlways = false;
  let rejected = false;
  ic.groups.forEach((g, gi) => {
    g.transactions.forEach((tx, ti) => {
      if (INBOUND_SETS.some((t) => t.alwaysAcknowledge && t.code === tx.code)) acknowledgeAlways = true;
      if (!acks[gi].sets[ti].result.ok || acks[gi].groupCodes.length > 0) rejected = true;
      else accepted.set(tx.code, [...(accepted.get(tx.code) ?? []), tx]);
    });
  });
  const answering = INBOUND_SETS.filter((t) => accepted.has(t.code));
  if (acknowledgeAlways || rejected || answering.every((t) => t.alwaysAcknowledge)) out.push(write999(options, ic, acks));
  for (const set of answering) {
    const answer = await set.answer(store, options, ic, accepted.get(set.code) ?? []);
    if (answer) out.push(answer);
  }
  return out;
}
