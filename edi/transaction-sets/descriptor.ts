import type { Steps } from '../../data-store/stepped.js';
import type { Store } from '../../data-store/store.js';
import type { BuiltDocument, PlannedDocument } from '../document.js';
import type { TransactionGuide } from '../guides/types.js';
import type { EdiOptions } from '../options.js';
import type { ParsedInterchange, ParsedTransaction } from '../x12/parse.js';

/** A document the gateway answered with, named by its kind (a row of the table: 271, 999, 277CA, 277, TA1). */
export interface ResponseDocument extends BuiltDocument {
  kind: string;
}

/** What every row has: the kind the faces name it by, ST01, the guide (ST03/GS08) and a one-line summary. */
interface SetBase {
  /** The name HTTP, SFTP file names, metrics and the CLI use, e.g. '837P', '277CA'. */
  kind: string;
  /** ST01. */
  code: string;
  /** ST03 / GS08, e.g. 005010X222A1 (X12.5 for the TA1, which has no ST). */
  version: string;
  summary: string;
}

/** What an outbound document is filtered by (GET query parameters and the SFTP partner's payer). */
export interface EmitFilter {
  payer?: string;
  since?: string;
}

/** A document emitted from the store (GET /edi/<path>, the SFTP publish). */
export interface OutboundSet extends SetBase {
  direction: 'out';
  guide: TransactionGuide;
  /** SFTP outbound folder. */
  folder: string;
  /** GET /edi<path>; `type` is the `?type=` value that selects this kind when several share the path. */
  http: { path: string; type?: string };
  /** The query parameters it honours besides `partner`. */
  filters: ReadonlyArray<keyof EmitFilter>;
  /** The types whose every resource `emit` reads (Store.checkReadAll). */
  reads: readonly string[];
  /** Picks the document's content from the store; it is written once its control numbers are held (Edi.emit). */
  emit(store: Store, options: EdiOptions, filter: EmitFilter): Steps<PlannedDocument>;
}

/** A set received (POST /edi<path>, the SFTP inbound folder) and answered. */
export interface InboundSet extends SetBase {
  direction: 'in';
  /** The guides of the sets this row accepts (an 837 row takes 837P and 837I). */
  guides: readonly TransactionGuide[];
  /** POST /edi<path>. */
  http: { path: string };
  /** Answering only reads the store (no need to wait in the store's inbound queue). */
  readOnly: boolean;
  /** A 999 goes back even when every set is accepted (claims); inquiries get one only when something is rejected. */
  alwaysAcknowledge: boolean;
  /** The answer kind that shows the sets were accepted (metrics): 271, 277CA, 277. */
  acceptedWith: string;
  /** Answers the accepted sets of one interchange (after the 999 is decided); may store what they carry. */
  answer(store: Store, options: EdiOptions, ic: ParsedInterchange, accepted: ParsedTransaction[]): Promise<ResponseDocument | undefined>;
}

/** A document only sent as an answer (271, 999, 277CA, 277, TA1): where the SFTP drop puts it. */
export interface AnswerSet extends SetBase {
  direction: 'answer';
  folder: string;
}

/**
 * One X12 transaction set as a row of the table (shared ARCHITECTURE.md, "X12 is a table of transaction
 * sets"): the gateway, HTTP routes, SFTP folders, metrics, OpenAPI and CLI all read the table.
 */
export type TransactionSetDescriptor = OutboundSet | InboundSet | AnswerSet;
