import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAuthorizedKeys, parseSftpUsers } from './accounts.js';
import type { MailboxDocuments } from './documents.js';
import type { OutboundMailboxes } from './outbound-mailboxes.js';
import type { SharedInbound } from './postgres-inbound.js';
import { ensureHostKey, hostKeyFingerprint } from './host-key.js';
import { observeSftp, type SftpCounters, type SftpLogger } from './observe.js';
import type { SftpEventListener } from './events.js';
import { createSftpServer, type SftpServer } from './sftp-server.js';

/** The settings (server/ops/settings.ts names) the drop is configured from. */
export interface SftpSettings {
  host: string;
  sftpPort: number;
  /** `name:password[:payer]` entries (SFTP_USERS). */
  sftpUsers: string[];
  /** Path of an authorized_keys file whose key comments name accounts ('' for none). */
  sftpAuthorizedKeys: string;
  /** Path of the host private key ('' to generate/keep one in the data dir). */
  sftpHostKey: string;
  sftpMaxFileSize: number;
  dataDir: string;
}

/**
 * The network edge for `cdg serve`: reads the key files named by the settings, builds the drop over
 * `documents`, listens, and returns it with the bound port and host key fingerprint (for the start-up log).
 */
export async function startSftp(options: {
  settings: SftpSettings;
  documents: MailboxDocuments;
  /** The outbound mailboxes when not on disk in the data dir (the shared table of STORE=postgres). */
  mailboxes?: OutboundMailboxes;
  /** The received uploads when not on disk in the data dir (the shared table of STORE=postgres, with `mailboxes`). */
  inbound?: SharedInbound;
  metrics?: SftpCounters;
  logger?: SftpLogger;
  /** A further observer (the console's traffic log), told after metrics and logs. */
  onEvent?: SftpEventListener;
}): Promise<{ sftp: SftpServer; port: number; fingerprint: string }> {
  const { settings } = options;
  const hostKey = await ensureHostKey(settings.sftpHostKey ? { path: settings.sftpHostKey } : { dataDir: settings.dataDir });
  const authorizedKeys = settings.sftpAuthorizedKeys ? parseAuthorizedKeys(await readFile(settings.sftpAuthorizedKeys, 'utf8')) : {};
  const sftp = createSftpServer({
    documents: options.documents,
    users: parseSftpUsers(settings.sftpUsers),
    authorizedKeys,
    hostKey,
    spoolDir: join(settings.dataDir, 'sftp', 'mailboxes'),
    ...(options.mailboxes ? { mailboxes: options.mailboxes } : {}),
    ...(options.inbound ? { inbound: options.inbound } : {}),
    maxFileSize: settings.sftpMaxFileSize,
    onEvent: observeAnd(observeSftp({ metrics: options.metrics, logger: options.logger }), options.onEvent),
  });
  const port = await sftp.listen(settings.sftpPort, settings.host);
  return { sftp, port, fingerprint: hostKeyFingerprint(hostKey) };
}

function observeAnd(first: SftpEventListener, second: SftpEventListener | undefined): SftpEventListener {
  if (!second) return first;
  return (event) => {
    first(event);
    second(event);
  };
}
