
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
  /** A document of an outbound kind of the transaction-set table (edi/transaction-sets). */
  emit(kind: string, partner: TradingPartner): Promise<EdiDocument>;
  /** Throws (StoreError 'too-costly') when `emit` of this kind would be refused, so a publish can refuse before dropping any. */
  checkEmit?(kind: string): void;
  processInbound(text: string, partner: TradingPartner): Promise<EdiDocument[]>;
}

/** `834_20260101_000000123.x12`: type, UTC date of the drop, control number (9 digits). */
export function documentFileName(kind: string, controlNumber: string, at: Date): string {
  const date = at.toISOString().slice(0, 10).replaceAll('-', '');
  const control = controlNumber.replace(/[^A-Za-z0-9]/g, '').padStart(9, '0');
  return `${kind}_${date}_${control}.x12`;
}
