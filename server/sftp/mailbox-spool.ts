import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { checked } from './outbound-mailboxes.js';
import { FILE_NAME } from './virtual-path.js';

/**
 * The inbound side of the mailboxes on disk: `<root>/<account>/incoming/` (uploads in progress) and
 * `<root>/<account>/received/` (complete uploads awaiting processing, so an acknowledged upload survives a
 * restart). Each server keeps its own. With STORE=postgres only `incoming/` is used: complete uploads go to the
 * shared table (postgres-inbound.ts). What partners download is in OutboundMailboxes (outbound-mailboxes.ts). Only
 * validated names are joined.
 */
export interface MailboxSpool {
  root: string;
  prepare(account: string): Promise<void>;
  /** A fresh path for an upload in progress. */
  incomingPath(account: string): string;
  /** Path for a completed upload awaiting processing; `sequence` keeps arrival order across restarts. */
  receivedPath(account: string, sequence: string, name: string): string;
  /** Completed uploads left by a previous run, oldest first. */
  listReceived(account: string): Promise<Array<{ path: string; name: string }>>;
  /** Drops uploads a previous run never finished (their connection died). */
  clearIncoming(account: string): Promise<void>;
}

/** Creates the on-disk spool rooted at `root` (e.g. `<DATA_DIR>/sftp/mailboxes`). */
export function createMailboxSpool(root: string): MailboxSpool {
  const accountDir = (account: string) => join(root, checked(account));

  return {
    root,
    async prepare(account) {
      // Owner-only: mailboxes hold member data (synthetic, but shaped like PHI).
      await mkdir(join(accountDir(account), 'incoming'), { recursive: true, mode: 0o700 });
      await mkdir(join(accountDir(account), 'received'), { recursive: true, mode: 0o700 });
    },
    incomingPath(account) {
      return join(accountDir(account), 'incoming', `${randomBytes(8).toString('hex')}.part`);
    },
    receivedPath(account, sequence, name) {
      return join(accountDir(account), 'received', `${sequence}-${checked(name)}`);
    },
    async listReceived(account) {
      const dir = join(accountDir(account), 'received');
      return (await readdir(dir))
        .sort()
        .map((file) => ({ path: join(dir, file), name: file.slice(file.indexOf('-') + 1) }))
        .filter((f) => FILE_NAME.test(f.name));
    },
    async clearIncoming(account) {
      await rm(join(accountDir(account), 'incoming'), { recursive: true, force: true });
      await mkdir(join(accountDir(account), 'incoming'), { recursive: true, mode: 0o700 });
    },
  };
}
