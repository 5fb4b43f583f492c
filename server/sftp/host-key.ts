import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import ssh2 from 'ssh2';
import { SftpConfigError } from './config-error.js';

/** Where the generated host key lives inside the data dir. */
export const HOST_KEY_FILE = join('sftp', 'ssh_host_ed25519_key');

/**
 * Returns the SFTP host private key (OpenSSH format): read from `path` when given, else from the data dir,
 * generating an ed25519 key there on first start so clients see the same host key across restarts.
 * https://datatracker.ietf.org/doc/html/rfc4253#section-6.6
 */
export async function ensureHostKey(options: { path: string } | { dataDir: string }): Promise<string> {
  if ('path' in options) return checkHostKey(await readFile(options.path, 'utf8'), options.path);
  const file = join(options.dataDir, HOST_KEY_FILE);
  try {
    return checkHostKey(await readFile(file, 'utf8'), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const pair = generateEd25519KeyPair('cdg-sftp-host');
  await mkdir(join(options.dataDir, 'sftp'), { recursive: true });
  try {
    // 'wx': two processes starting at once must not overwrite each other's key.
    await writeFile(file, pair.private, { mode: 0o600, flag: 'wx' });
    await writeFile(`${file}.pub`, `${pair.public}\n`, { mode: 0o644 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return checkHostKey(await readFile(file, 'utf8'), file);
  }
  return pair.private;
}

/**
 * An ed25519 key pair in OpenSSH format that ssh2 can read back. ssh2 1.17's generator strips leading zero
 * bytes from the public key, so about 1 pair in 256 is unreadable (mscdex/ssh2#1390, #1513): such pairs are
 * discarded and drawn again. https://datatracker.ietf.org/doc/html/rfc8709
 */
export function generateEd25519KeyPair(comment = ''): { private: string; public: string } {
  for (let attempt = 0; attempt < 32; attempt++) {
    const pair = ssh2.utils.generateKeyPairSync('ed25519', { comment });
    if (!(ssh2.utils.parseKey(pair.private) instanceof Error) && !(ssh2.utils.parseKey(pair.public) instanceof Error)) return pair;
  }
  throw new Error('could not generate a readable ed25519 key pair');
}

/** The SHA256 fingerprint OpenSSH prints for a key (`SHA256:...`), for logs. */
export function hostKeyFingerprint(privateKey: string): string {
  const key = parseHostKey(privateKey, 'host key');
  return `SHA256:${createHash('sha256').update(key.getPublicSSH()).digest('base64').replace(/=+$/, '')}`;
}

function checkHostKey(text: string, where: string): string {
  parseHostKey(text, where);
  return text;
}

function parseHostKey(text: string, where: string) {
  const parsed = ssh2.utils.parseKey(text);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key || key instanceof Error || !key.isPrivateKey()) {
    throw new SftpConfigError(`SFTP host key ${where}: not a readable unencrypted private key${key instanceof Error ? ` (${key.message})` : ''}`);
  }
  return key;
}
