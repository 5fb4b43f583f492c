import type { Store } from '../../data-store/store.js';
import type { Text } from '../document.js';
import type { TransactionGuide } from '../guides/types.js';
import type { ParsedTransaction } from '../x12/parse.js';
import type { TransactionBody } from '../x12/writer.js';

/**
 * One X12 transaction set as a row of the gateway's table (shared ARCHITECTURE.md, "X12 is a table of
 * transaction sets"): what it is, the guide it is validated against, and how an accepted set is answered.
 * The inbound gateway validates, routes and answers every row the same way.
 */
export interface TransactionSetDescriptor {
  /** ST01 of the sets received. */
  id: string;
  guide: TransactionGuide;
  direction: 'in';
  /** Answering only reads the store (no need to wait in the store's inbound queue). */
  readOnly: boolean;
  answer: {
    /** The answer's kind as the HTTP and SFTP faces name it. */
    kind: string;
    guide: TransactionGuide;
    /** Writes the answer's body (after ST) for one accepted set; `today` is YYYY-MM-DD. */
    write(body: TransactionBody, text: Text, store: Store, tx: ParsedTransaction, today: string): void;
  };
}
