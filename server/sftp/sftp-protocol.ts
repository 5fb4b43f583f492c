import type { Attributes } from 'ssh2';
import { resolveVirtualPath, type Resolution, type VirtualNode } from './virtual-path.js';

/** SSH_FXP_STATUS codes, draft-ietf-secsh-filexfer-02 section 7. */
export const STATUS = { OK: 0, EOF: 1, NO_SUCH_FILE: 2, PERMISSION_DENIED: 3, FAILURE: 4, BAD_MESSAGE: 5, OP_UNSUPPORTED: 8 } as const;
/** SSH_FXF_* open flags, draft-ietf-secsh-filexfer-02 section 6.3. */
export const OPEN_FLAG = { READ: 0x01, WRITE: 0x02, APPEND: 0x04, CREAT: 0x08, TRUNC: 0x10, EXCL: 0x20 } as const;
export const DIR_MODE = 0o040755;
export const FILE_MODE = 0o100644;
/** Largest DATA reply; clients ask for 32 KiB and handle short reads. */
export const MAX_READ = 64 * 1024;
/** Names per READDIR reply, keeping each reply far below the 256 KiB packets clients accept. */
export const READDIR_BATCH = 100;

/** One SSH_FXP_NAME entry. */
export interface Entry {
  filename: string;
  longname: string;
  attrs: Attributes;
}

/** A request the mailbox refuses, with the status code the client gets. */
export class Refusal extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** Resolves a client path or throws the refusal for it: PERMISSION_DENIED for bad names, NO_SUCH_FILE otherwise. */
export function mustResolve(path: string): VirtualNode {
  const r: Resolution = resolveVirtualPath(path);
  if (r.ok) return r.node;
  if (r.reason === 'invalid') throw new Refusal(STATUS.PERMISSION_DENIED, 'file names may use letters, digits, ".", "_" and "-" only');
  throw new Refusal(STATUS.NO_SUCH_FILE, 'no such file or directory');
}

/** Replies may race a closed channel; a reply nobody can read is dropped. */
export function reply(send: () => void): void {
  try {
    send();
  } catch {
    // channel already gone
  }
}

export function fileAttrs(size: number, mtime: Date): Attributes {
  const t = Math.floor(mtime.getTime() / 1000);
  return { mode: FILE_MODE, uid: 0, gid: 0, size, atime: t, mtime: t };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** An `ls -l` style line, which OpenSSH's `ls -l` prints as given. */
export function entry(filename: string, attrs: Attributes, owner: string): Entry {
  const dir = (attrs.mode & 0o170000) === 0o040000;
  const d = new Date(attrs.mtime * 1000);
  const when = `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
  const perms = dir ? 'drwxr-xr-x' : '-rw-r--r--';
  const longname = `${perms}    1 ${owner.padEnd(8)} ${owner.padEnd(8)} ${String(attrs.size).padStart(8)} ${when} ${filename}`;
  return { filename, longname, attrs };
}
