import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, lstat, mkdir, open, readdir, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FILE_NAME, OUTBOUND_FOLDERS, type OutboundFolder } from './virtual-path.js';

export interface SpoolFile {
  name: string;
  size: number;
  mtime: Date;
}

/** An outbound file open for download. */
export interface OutboundReader {
  size: number;
  /** Reads into `buffer` from `position`; the number of bytes read (0 at the end). */
  read(buffer: Buffer, position: number): Promise<number>;
  close(): Promise<void>;
}

/**
 * What partners download: `/outbound/<folder>/<file>` of each account. On disk under the spool root (one server),
 * or in a PostgreSQL table every server on the database shares (postgres-mailboxes.ts, STORE=postgres).
 */
export interface OutboundMailboxes {
  prepare(account: string): Promise<void>;
  list(account: string, folder: OutboundFolder): Promise<SpoolFile[]>;
  stat(account: string, folder: OutboundFolder, name: string): Promise<SpoolFile | undefined>;
  /** Opens a file for reading; undefined when it is not there. */
  open(account: string, folder: OutboundFolder, name: string): Promise<OutboundReader | undefined>;
  /** Removes a file; false when it was not there. */
  remove(account: string, folder: OutboundFolder, name: string): Promise<boolean>;
  /** Writes a whole file atomically under `name`, or `name` with a suffix (`_2`, `_3`...) if taken. */
  write(account: string, folder: OutboundFolder, name: string, text: string): Promise<{ name: string; bytes: number }>;
  /** Removes every file of the account's outbound folders (a reset); returns how many. */
  clear(account: string): Promise<number>;
}

/** `name`, then `name_2`, `name_3`... before the extension: the candidates a write tries in turn. */
export function candidateName(name: string, attempt: number): string {
  return attempt === 1 ? name : name.replace(/(\.[^.]*)?$/, (ext) => `_${attempt}${ext}`);
}

/** The outbound mailboxes on disk: `<root>/<account>/outbound/<folder>/<file>`. Only validated names are joined. */
export function createDiskMailboxes(root: string): OutboundMailboxes {
  const outboundDir = (account: string, folder: OutboundFolder) => join(root, checked(account), 'outbound', folder);
  const outboundPath = (account: string, folder: OutboundFolder, name: string) => join(outboundDir(account, folder), checked(name));

  return {
    async prepare(account) {
      // Owner-only: mailboxes hold member data (synthetic, but shaped like PHI).
      for (const folder of OUTBOUND_FOLDERS) await mkdir(outboundDir(account, folder), { recursive: true, mode: 0o700 });
    },
    async list(account, folder) {
      const names = (await readdir(outboundDir(account, folder))).filter((n) => FILE_NAME.test(n)).sort();
      const files: SpoolFile[] = [];
      for (const name of names) {
        const info = await statFile(join(outboundDir(account, folder), name));
        if (info) files.push({ name, ...info });
      }
      return files;
    },
    async stat(account, folder, name) {
      const info = await statFile(outboundPath(account, folder, name));
      return info && { name, ...info };
    },
    async open(account, folder, name) {
      const info = await statFile(outboundPath(account, folder, name));
      if (!info) return undefined;
      const file = await open(outboundPath(account, folder, name), constants.O_RDONLY | constants.O_NOFOLLOW);
      return {
        size: info.size,
        read: async (buffer, position) => (await file.read(buffer, 0, buffer.length, position)).bytesRead,
        close: () => file.close(),
      };
    },
    async remove(account, folder, name) {
      try {
        await unlink(outboundPath(account, folder, name));
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
        throw error;
      }
    },
    async write(account, folder, name, text) {
      const dir = outboundDir(account, folder);
      const temp = join(dir, `.tmp-${randomBytes(6).toString('hex')}`);
      await writeFile(temp, text, { mode: 0o600 });
      const bytes = Buffer.byteLength(text);
      try {
        for (let attempt = 1; ; attempt++) {
          const candidate = candidateName(name, attempt);
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
    async clear(account) {
      let removed = 0;
      for (const folder of OUTBOUND_FOLDERS) removed += await removeFiles(outboundDir(account, folder));
      return removed;
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

/** Throws unless `name` is a safe mailbox name (virtual-path.ts FILE_NAME). */
export function checked(name: string): string {
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
