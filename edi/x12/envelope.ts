import type { Delimiters } from './delimiters.js';
import { fixed, stamp } from './format.js';
import { ByteSink } from './byte-sink.js';
import { SegmentEncoder } from './segment-encoder.js';
import type { SegmentWriter, TransactionBody } from './writer.js';

/** ISA sender/receiver and flags (X12.5 interchange control header). */
export interface InterchangeParties {
  senderQualifier: string;
  senderId: string;
  receiverQualifier: string;
  receiverId: string;
  /** ISA15: P production, T test. */
  usage: 'P' | 'T';
  /** ISA14: whether a TA1 is requested. */
  ackRequested: boolean;
}

/** One transaction set to wrap: ST01, ST02, ST03 (omitted for the 835, which does not use it). */
export interface TransactionSet {
  code: string;
  controlNumber: string;
  implementation?: string;
  body: TransactionBody;
}

/** One functional group (GS/GE). */
export interface FunctionalGroup {
  /** GS01 functional identifier code: BE 834, HC 837, HP 835, HS 270, HB 271, FA 999, HN 277. */
  functionalId: string;
  senderCode: string;
  receiverCode: string;
  controlNumber: number;
  /** GS08 version / release / industry identifier code, e.g. 005010X222A1. */
  version: string;
  transactions: TransactionSet[];
}

/** Builds the 106-character ISA segment (with its terminator) for the given delimiters. */
export function isaSegment(d: Delimiters, parties: InterchangeParties, controlNumber: number, at: Date): string {
  const t = stamp(at);
  const e = d.element;
  const isa = [
    'ISA', '00', fixed('', 10), '00', fixed('', 10),
    fixed(parties.senderQualifier, 2), fixed(parties.senderId, 15),
    fixed(parties.receiverQualifier, 2), fixed(parties.receiverId, 15),
    t.shortDate, t.time, d.repetition, '00501', String(controlNumber).padStart(9, '0'),
    parties.ackRequested ? '1' : '0', parties.usage, d.component,
  ].join(e);
  return isa + d.segment;
}

/**
 * Writes a complete interchange (ISA..IEA) with every trailer computed from what it wraps:
 * SE01 = segments in the set incl. ST/SE, GE01 = sets in the group, IEA01 = groups. X12.5/X12.6.
 */
export function writeInterchange(
  writer: SegmentWriter,
  parties: InterchangeParties,
  controlNumber: number,
  at: Date,
  groups: FunctionalGroup[],
  lineBreak = '\n',
): string {
  const t = stamp(at);
  const out = new ByteSink(1024 + groups.reduce((n, g) => n + g.transactions.reduce((m, tx) => m + tx.body.byteLength + 64, 0), 0));
  out.write(isaSegment(writer.delimiters, parties, controlNumber, at) + lineBreak);
  const envelope = new SegmentEncoder(writer, lineBreak, out);
  for (const g of groups) {
    envelope.seg('GS').el(g.functionalId).el(g.senderCode).el(g.receiverCode).el(t.date).el(t.time).int(g.controlNumber).el('X').el(g.version).end();
    for (const tx of g.transactions) {
      envelope.seg('ST').el(tx.code).el(tx.controlNumber).el(tx.implementation).end();
      tx.body.copyTo(out);
      envelope.seg('SE').int(tx.body.length + 2).el(tx.controlNumber).end();
    }
    envelope.seg('GE').int(g.transactions.length).int(g.controlNumber).end();
  }
  envelope.seg('IEA').int(groups.length).el(String(controlNumber).padStart(9, '0')).end();
  return out.toString();
}
