import { randomBytes } from 'node:crypto';
import { link, lstat, mkdir, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FILE_NAME, OUTBOUND_FOLDERS, type OutboundFolder } from './virtual-path.js';

export interface SpoolFile {
  name: string;
  size: number;
  mtime: Date;
}

/**
 * The mailboxes on disk: `<root>/<account>/outbound/<folder>/<file>` (what partners download),
 * `<root>/<account>/incoming/` (uploads in progress) and `<root>/<account>/received/` (complete uploads
 * awaiting processing, so an acknowledged upload survives a restart). Only validated names are joined.
 */
export interface MailboxSpool {
  root: string;
  prepare(account: string): Promise<void>;
  listOutbound(account: string, folder: OutboundFolder): Promise<SpoolFile[]>;
  statOutbound(account: string, folder: OutboundFolder, name: string): Promise<SpoolFile | undefined>;
  outboundPath(account: string, folder: OutboundFolder, name: string): string;
  /** Removes a file; false when it was not there. */
  removeOutbound(account: string, folder: OutboundFolder, name: string): Promise<boolean>;
  /** Writes a whole file atomically (temp + rename) under `name`, or `name` with a suffix if taken. */
  writeOutbound(account: string, folder: OutboundFolder, name: string, text: string): Promise<{ name: string; bytes: number }>;
  /** A fresh path for an upload in progress. */
  incomingPath(account: string): string;
  /** Path for a completed upload awaiting processing; `sequence` keeps arrival order across restarts. */
  receivedPath(account: string, sequence: string, name: string): string;
  /** Completed uploads left by a previous run, oldest first. */
  listReceived(account: string): Promise<Array<{ path: string; name: string }>>;
  /** Drops uploads a previous run never finished (their connection died). */
  clearIncoming(account: string): Promise<void>;
  /** Removes every file of the account's outbound folders (a reset); returns how many. */
  clearOutbound(account: string): Promise<number>;
}

/** Creates the on-disk spool rooted at `root` (e.g. `<DATA_DIR>/sftp/mailboxes`). */
export function createMailboxSpool(root: string): MailboxSpool {
  const accountDir = (account: string) => join(root, checked(account));
  const outboundDir = (account: string, folder: OutboundFolder) => join(accountDir(account), 'outbound', folder);
  const outboundPath = (account: string, folder: OutboundFolder, name: string) => join(outboundDir(account, folder), checked(name));

  return {
    root,
    async prepare(account) {
      // Owner-only: mailboxes hold member data (synthetic, but shaped like PHI).
      for (const folder of OUTBOUND_FOLDERS) await mkdir(outboundDir(account, folder), { recursive: true, mode: 0o700 });
      await mkdir(join(accountDir(account), 'incoming'), { recursive: true, mode: 0o700 });
      await mkdir(join(accountDir(account), 'received'), { recursive: true, mode: 0o700 });
    },
    async listOutbound(account, folder) {
      const names = (await readdir(outboundDir(account, folder))).filter((n) => FILE_NAME.test(n)).sort();
      const files: SpoolFile[] = [];
      for (const name of names) {
        const info = await statFile(join(outboundDir(account, folder), name));
        if (info) files.push({ name, ...info });
      }
      return files;
    },
    async statOutbound(account, folder, name) {
      const info = await statFile(outboundPath(account, folder, name));
      return info && { name, ...info };
    },
    outboundPath,
    async removeOutbound(account, folder, name) {
      try {
        await unlink(outboundPath(account, folder, name));
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
        throw error;
      }
    },
    async writeOutbound(account, folder, name, text) {
      const dir = outboundDir(account, folder);
      const temp = join(dir, `.tmp-${randomBytes(6).toString('hex')}`);
      await writeFile(temp, text, { mode: 0o600 });
      const bytes = Buffer.byteLength(text);
      try {
        for (let attempt = 1; ; attempt++) {
          const candidate = attempt === 1 ? name : name.replace(/(\.[^.]*)?$/, (ext) => `_${attempt}${ext}`);
          try {
            // link() fails when the name is taken, so two drops can never overwrite each other.
            await link(temp, join(dir, checked(candidate)));
            return { name: candidate, bytes };
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
          }
        }
      } finally {
        await unlink(temp).catch(() => undefined);
      }
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
    async clearOutbound(account) {
      let removed = 0;
      for (const folder of OUTBOUND_FOLDERS) removed += await removeFiles(outboundDir(account, folder));
      return removed;
    },
    async clearIncoming(account) {
      await rm(join(accountDir(account), 'incoming'), { recursive: true, force: true });
      await mkdir(join(accountDir(account), 'incoming'), { recursive: true, mode: 0o700 });
    },
  };
}

/** Removes the mailbox files of a folder (not the temp files of a drop in progress: those are its own). */
async function removeFiles(dir: string): Promise<number> {
  const ignoreMissing = (error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : Promise.reject(error));
  const names = (await readdir(dir).catch(ignoreMissing)) ?? [];
  let removed = 0;
  for (const name of names.filter((n) => FILE_NAME.test(n))) {
    await unlink(join(dir, name)).catch(ignoreMissing);
    removed++;
  }
  return removed;
}

function checked(name: string): string {
  if (!FILE_NAME.test(name)) throw new Error(`refusing unsafe spool name ${JSON.stringify(name)}`);
  return name;
}

async function statFile(path: string): Promise<{ size: number; mtime: Date } | undefined> {
  try {
    // lstat: a link planted in the spool is not a file of the mailbox and is never followed.
    const info = await lstat(path);
    return info.isFile() ? { size: info.size, mtime: info.mtime } : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
