import type { OutboundFolder } from './virtual-path.js';

/** Documents the server publishes into a mailbox (X12 5010 834, 837P, 837I, 835). */
export type OutboundKind = '834' | '837P' | '837I' | '835';
/** Documents answering an inbound file (271 to a 270; 999 + 277CA to an 837; TA1 for envelope errors). */
export type ResponseKind = '271' | '999' | '277CA' | 'TA1' | '277';

export interface EdiDocument<K extends string = string> {
  kind: K;
  text: string;
  /** The interchange control number (ISA13) or the document's own control number. */
  controlNumber: string;
}

/** Who the mailbox belongs to, as the document source needs to know it. */
export interface TradingPartner {
  account: string;
  /** Payer id the partner trades with; undefined means every payer. */
  payer?: string;
}

/**
 * What the SFTP drop needs from the EDI layer: nothing about transport.
 * `emit` is the same document the HTTP endpoint serves; `processInbound` has the same effects as an HTTP POST.
 */
export interface MailboxDocuments {
  emit(kind: OutboundKind, partner: TradingPartner): Promise<EdiDocument<OutboundKind>>;
  processInbound(text: string, partner: TradingPartner): Promise<Array<EdiDocument<ResponseKind>>>;
}

/** The outbound folder each document kind is dropped into. */
export const FOLDER_OF_KIND: Record<OutboundKind | ResponseKind, OutboundFolder> = {
  '834': '834',
  '837P': '837',
  '837I': '837',
  '835': '835',
  '271': '271',
  '999': '999',
  TA1: '999',
  '277CA': '277',
  '277': '277',
};

/** `834_20260101_000000123.x12`: type, UTC date of the drop, control number (9 digits). */
export function documentFileName(kind: string, controlNumber: string, at: Date): string {
  const date = at.toISOString().slice(0, 10).replaceAll('-', '');
  const control = controlNumber.replace(/[^A-Za-z0-9]/g, '').padStart(9, '0');
  return `${kind}_${date}_${control}.x12`;
}
