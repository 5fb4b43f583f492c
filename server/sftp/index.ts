/** The embedded SFTP drop (issue 5): trading-partner mailboxes over ssh2. */
export { parseAuthorizedKeys, parseSftpUsers, type SftpAccount } from './accounts.js';
export { SftpConfigError } from './config-error.js';
export { documentFileName, type EdiDocument, type MailboxDocuments, type TradingPartner } from './documents.js';
export type { SftpEvent, SftpEventListener } from './events.js';
export { ensureHostKey, generateEd25519KeyPair, hostKeyFingerprint, HOST_KEY_FILE } from './host-key.js';
export { createSftpServer, type DroppedFile, type SftpServer, type SftpServerDeps } from './sftp-server.js';
export { observeSftp, type SftpCounters, type SftpLogger } from './observe.js';
export { startSftp, type SftpSettings } from './start-sftp.js';
export { createGatewayDocuments } from './gateway-documents.js';
export { publishRoute } from './publish-route.js';
