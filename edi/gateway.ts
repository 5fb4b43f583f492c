/** The X12 gateway's public face (see edi/README.md): the EDI object of a store and the transaction-set table. */
export { createEdi, type Edi, type EmitOptions } from './edi.js';
export { type EdiOptions, parseTradingPartners, type TradingPartner } from './options.js';
export { UnknownPartnerError, type BuiltDocument } from './document.js';
export {
  ANSWER_SETS,
  folderOf,
  INBOUND_SETS,
  inboundSet,
  OUTBOUND_FOLDERS,
  OUTBOUND_SETS,
  outboundSet,
  TRANSACTION_SETS,
  type AnswerSet,
  type InboundSet,
  type OutboundSet,
  type ResponseDocument,
} from './transaction-sets/index.js';
