import ssh2 from 'ssh2';
import type { ParsedKey } from 'ssh2';
import { SftpConfigError } from './config-error.js';

/** A trading partner's mailbox account; `payer` scopes what is published to it (all payers when absent). */
export interface SftpAccount {
  name: string;
  /** Absent for key-only accounts. */
  password?: string;
  /** OpenSSH public key lines (`ssh-ed25519 AAAA... comment`). */
  authorizedKeys?: string[];
  /** Payer id (X12 payer identifier) this partner trades with. */
  payer?: string;
}

/** An account with its keys parsed, as the server keeps it. */
export interface ResolvedAccount {
  name: string;
  password?: string;
  keys: ParsedKey[];
  payer?: string;
}

const ACCOUNT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * Parses `SFTP_USERS`: `name:password[:payer]` entries, comma-separated (a string) or already split (a list).
 * Password and payer may be percent-encoded to carry `:` or `,` (e.g. `p%3Ass`).
 */
export function parseSftpUsers(value: string | string[]): SftpAccount[] {
  const entries = (Array.isArray(value) ? value : value.split(',')).map((e) => e.trim()).filter(Boolean);
  const accounts: SftpAccount[] = [];
  for (const [i, entry] of entries.entries()) {
    // Never echo the entry itself: it holds a password.
    const label = `SFTP_USERS entry ${i + 1} (${JSON.stringify(entry.split(':')[0])})`;
    const parts = entry.split(':');
    if (parts.length < 2 || parts.length > 3) throw new SftpConfigError(`${label}: expected name:password or name:password:payer`);
    const [name, rawPassword, rawPayer] = parts as [string, string, string | undefined];
    if (!ACCOUNT_NAME.test(name)) throw new SftpConfigError(`${label}: account name must be letters, digits, '.', '_' or '-'`);
    const password = decode(rawPassword, label);
    if (password === '') throw new SftpConfigError(`${label}: empty password (no anonymous access)`);
    const payer = rawPayer === undefined || rawPayer === '' ? undefined : decode(rawPayer, label);
    if (accounts.some((a) => a.name === name)) throw new SftpConfigError(`SFTP_USERS: account ${name} is listed twice`);
    accounts.push(payer === undefined ? { name, password } : { name, password, payer });
  }
  return accounts;
}

/**
 * Parses an OpenSSH authorized_keys text where each key's comment names its account
 * (`ssh-ed25519 AAAA... partner`; a `partner@host` comment means account `partner`).
 * https://man.openbsd.org/sshd.8#AUTHORIZED_KEYS_FILE_FORMAT (key options are not supported).
 */
export function parseAuthorizedKeys(text: string): Record<string, string[]> {
  const byAccount: Record<string, string[]> = {};
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const [type, blob, ...rest] = line.split(/\s+/);
    const comment = rest.join(' ');
    const account = comment.split(/\s+/)[0]?.split('@')[0] ?? '';
    if (!type || !blob || !ACCOUNT_NAME.test(account)) {
      throw new SftpConfigError(`authorized_keys line ${index + 1}: expected "<type> <base64> <account>" (the comment names the account)`);
    }
    (byAccount[account] ??= []).push(`${type} ${blob} ${comment}`);
  });
  return byAccount;
}

/** Merges password accounts with extra keys by account name and parses every key; throws on a bad key. */
export function resolveAccounts(users: SftpAccount[], extraKeys: Record<string, string[]> = {}): Map<string, ResolvedAccount> {
  const out = new Map<string, ResolvedAccount>();
  const names = new Set([...users.map((u) => u.name), ...Object.keys(extraKeys)]);
  for (const name of names) {
    if (!ACCOUNT_NAME.test(name)) throw new SftpConfigError(`SFTP account name ${JSON.stringify(name)} must be letters, digits, '.', '_' or '-'`);
    const user = users.find((u) => u.name === name);
    const keyLines = [...(user?.authorizedKeys ?? []), ...(extraKeys[name] ?? [])];
    const keys = keyLines.map((line) => parsePublicKey(line, name));
    if (user?.password === undefined && keys.length === 0) throw new SftpConfigError(`SFTP account ${name} has neither a password nor a key`);
    out.set(name, {
      name,
      keys,
      ...(user?.password !== undefined ? { password: user.password } : {}),
      ...(user?.payer !== undefined ? { payer: user.payer } : {}),
    });
  }
  return out;
}

function parsePublicKey(line: string, account: string): ParsedKey {
  const parsed = ssh2.utils.parseKey(line);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key || key instanceof Error) throw new SftpConfigError(`SFTP account ${account}: unreadable public key (${key instanceof Error ? key.message : 'empty'})`);
  if (key.isPrivateKey()) throw new SftpConfigError(`SFTP account ${account}: a private key was given where a public key belongs`);
  return key;
}

function decode(value: string, label: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new SftpConfigError(`${label}: bad percent-encoding`);
  }
}
