import type { Delimiters } from './delimiters.js';
import { fixed, stamp } from './format.js';
import { ByteSink } from './byte-sink.js';
import { SegmentEncoder } from './segment-encoder.js';
import { TransactionBody, type SegmentWriter } from './writer.js';

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

/** GS elements of one functional group (its sets are added with InterchangeWriter.beginTransaction). */
export type GroupHeader = Omit<FunctionalGroup, 'transactions'>;

/**
 * Writes one interchange straight into a byte sink, in order: ISA, then per functional group GS, per
 * transaction set ST + its body + SE, then GE and IEA. Each trailer is computed from what was written
 * (SE01 = segments in the set incl. ST/SE, GE01 = sets in the group, IEA01 = groups), so counts cannot
 * drift; and a set's body is written in place rather than built apart and copied. X12.5/X12.6.
 */
export class InterchangeWriter {
  private readonly envelope: SegmentEncoder;
  private readonly t: ReturnType<typeof stamp>;
  private groups = 0;
  private groupControlNumber: number | undefined;
  private setsInGroup = 0;
  private openSet: TransactionBody | undefined;
  private openSetControlNumber = '';

  constructor(
    private readonly writer: SegmentWriter,
    parties: InterchangeParties,
    private readonly controlNumber: number,
    at: Date,
    private readonly lineBreak = '\n',
    readonly sink = new ByteSink(),
  ) {
    this.t = stamp(at);
    sink.write(isaSegment(writer.delimiters, parties, controlNumber, at) + lineBreak);
    this.envelope = new SegmentEncoder(writer, lineBreak, sink);
  }

  /** An interchange acknowledgment (TA1, X12.5): it sits between the ISA and the first functional group. */
  acknowledgment(elements: ReadonlyArray<string>): void {
    if (this.groups > 0 || this.groupControlNumber !== undefined) throw new Error('a TA1 must come before every functional group');
    const seg = this.envelope.seg('TA1');
    for (const e of elements) seg.el(e);
    seg.end();
  }

  /** Opens a functional group (GS), closing the one before. */
  beginGroup(g: GroupHeader): void {
    this.endGroup();
    this.envelope.seg('GS').el(g.functionalId).el(g.senderCode).el(g.receiverCode).el(this.t.date).el(this.t.time).int(g.controlNumber).el('X').el(g.version).end();
    this.groupControlNumber = g.controlNumber;
  }

  /** Opens a transaction set (ST), closing the one before; write its segments into the body returned, until the next one opens. */
  beginTransaction(code: string, controlNumber: string, implementation?: string): TransactionBody {
    if (this.groupControlNumber === undefined) throw new Error('a transaction set must be inside a functional group');
    this.endTransaction();
    this.envelope.seg('ST').el(code).el(controlNumber).el(implementation).end();
    this.openSet = new TransactionBody(this.writer, this.lineBreak, this.sink);
    this.openSetControlNumber = controlNumber;
    return this.openSet;
  }

  /** Closes the interchange (SE, GE, IEA) and returns its text. */
  finish(): string {
    this.close();
    return this.sink.toString();
  }

  /** Closes the interchange (SE, GE, IEA) and returns a copy of its bytes. */
  finishBytes(): Buffer {
    this.close();
    return this.sink.copyOf(0, this.sink.length);
  }

  private close(): void {
    this.endGroup();
    this.envelope.seg('IEA').int(this.groups).el(String(this.controlNumber).padStart(9, '0')).end();
  }

  private endTransaction(): void {
    if (!this.openSet) return;
    this.envelope.seg('SE').int(this.openSet.length + 2).el(this.openSetControlNumber).end();
    this.openSet = undefined;
    this.setsInGroup++;
  }

  private endGroup(): void {
    if (this.groupControlNumber === undefined) return;
    this.endTransaction();
    this.envelope.seg('GE').int(this.setsInGroup).int(this.groupControlNumber).end();
    this.groups++;
    this.groupControlNumber = undefined;
    this.setsInGroup = 0;
  }
}

/** Writes a complete interchange (ISA..IEA) around transaction bodies written beforehand (see InterchangeWriter). */
export function writeInterchange(
  writer: SegmentWriter,
  parties: InterchangeParties,
  controlNumber: number,
  at: Date,
  groups: FunctionalGroup[],
  lineBreak = '\n',
): string {
  const size = 1024 + groups.reduce((n, g) => n + g.transactions.reduce((m, tx) => m + tx.body.byteLength + 64, 0), 0);
  const out = new InterchangeWriter(writer, parties, controlNumber, at, lineBreak, new ByteSink(size));
  for (const g of groups) {
    out.beginGroup(g);
    for (const tx of g.transactions) out.beginTransaction(tx.code, tx.controlNumber, tx.implementation).append(tx.body);
  }
  return out.finish();
}
