import { OUTBOUND_FOLDERS } from '../../edi/gateway.js';

/**
 * The mailbox layout every account sees, and the one place client paths are turned into it.
 * Client paths never touch the host file system: they are resolved against this fixed tree,
 * and only names that pass `FILE_NAME` are ever joined to a spool directory.
 */
export { OUTBOUND_FOLDERS };
/** A folder of /outbound: one of the transaction-set table's folders (834, 837, 835, 271, 999, 277). */
export type OutboundFolder = string;

/** Letters, digits, `.`, `_`, `-`; no leading dot; at most 128 characters. */
export const FILE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

export type VirtualNode =
  | { type: 'root'; path: '/' }
  | { type: 'dir'; path: string; name: string }
  | { type: 'outbound-file'; path: string; folder: OutboundFolder; name: string }
  | { type: 'inbound-file'; path: string; name: string };

export type Resolution =
  | { ok: true; node: VirtualNode }
  /** `invalid`: bad characters; `absent`: not in the tree. */
  | { ok: false; reason: 'invalid' | 'absent'; path: string };

/**
 * Resolves a client path (absolute, or relative to the mailbox root, which is every session's home)
 * to a node of the mailbox tree. `..` is followed inside the tree (so `cd ..` works); at the root it stays at
 * the root, as POSIX path resolution (`/..` is `/`) and a chrooted OpenSSH sftp-server do, so nothing can
 * climb out of the mailbox. https://datatracker.ietf.org/doc/html/draft-ietf-secsh-filexfer-02#section-6.2
 */
export function resolveVirtualPath(raw: string): Resolution {
  if (raw.includes('\0') || raw.includes('\\')) return { ok: false, reason: 'invalid', path: raw };
  const segments: string[] = [];
  for (const part of raw.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      segments.pop();
      continue;
    }
    segments.push(part);
  }
  const path = `/${segments.join('/')}`;
  const [top, second, third, ...more] = segments;
  if (top === undefined) return { ok: true, node: { type: 'root', path: '/' } };
  if (more.length > 0) return { ok: false, reason: 'absent', path };
  if (top === 'inbound') {
    if (second === undefined) return { ok: true, node: { type: 'dir', path, name: top } };
    if (third !== undefined) return { ok: false, reason: 'absent', path };
    if (!FILE_NAME.test(second)) return { ok: false, reason: 'invalid', path };
    return { ok: true, node: { type: 'inbound-file', path, name: second } };
  }
  if (top === 'outbound') {
    if (second === undefined) return { ok: true, node: { type: 'dir', path, name: top } };
    if (!isOutboundFolder(second)) return { ok: false, reason: 'absent', path };
    if (third === undefined) return { ok: true, node: { type: 'dir', path, name: second } };
    if (!FILE_NAME.test(third)) return { ok: false, reason: 'invalid', path };
    return { ok: true, node: { type: 'outbound-file', path, folder: second, name: third } };
  }
  return { ok: false, reason: 'absent', path };
}

/** Names listed in a directory of the tree (files excluded). */
export function childDirectories(path: string): string[] {
  if (path === '/') return ['inbound', 'outbound'];
  if (path === '/outbound') return [...OUTBOUND_FOLDERS];
  return [];
}

export function isOutboundFolder(name: string): name is OutboundFolder {
  return (OUTBOUND_FOLDERS as readonly string[]).includes(name);
}
