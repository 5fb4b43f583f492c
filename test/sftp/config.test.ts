import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { describe, expect, it } from 'vitest';
import { documentFileName, ensureHostKey, generateEd25519KeyPair, HOST_KEY_FILE, hostKeyFingerprint, parseAuthorizedKeys, parseSftpUsers, SftpConfigError } from '../../server/sftp/index.js';
import { resolveVirtualPath } from '../../server/sftp/virtual-path.js';

describe('parseSftpUsers', () => {
  it('reads name:password and name:password:payer entries, from a string or a list', () => {
    expect(parseSftpUsers('partner:secret, clearinghouse:p%3Ass%2C:PAYER01')).toEqual([
      { name: 'partner', password: 'secret' },
      { name: 'clearinghouse', password: 'p:ss,', payer: 'PAYER01' },
    ]);
    expect(parseSftpUsers(['a:b'])).toEqual([{ name: 'a', password: 'b' }]);
    expect(parseSftpUsers('')).toEqual([]);
  });

  it('rejects entries without a password, bad names and duplicates, without echoing the password', () => {
    expect(() => parseSftpUsers('partner')).toThrow(SftpConfigError);
    expect(() => parseSftpUsers('partner:')).toThrow(/empty password/);
    expect(() => parseSftpUsers('../x:pw')).toThrow(/account name/);
    expect(() => parseSftpUsers('a:1,a:2')).toThrow(/twice/);
    expect(() => parseSftpUsers('a:topsecret:b:c')).toThrow(/^(?!.*topsecret)/);
  });
});

describe('parseAuthorizedKeys', () => {
  it('groups keys by the account named in the comment (user@host means user)', () => {
    const k1 = generateEd25519KeyPair().public;
    const k2 = generateEd25519KeyPair().public;
    const text = `# partners\n${k1} partner\n\n${k2} clearinghouse@build-host\n`;
    const keys = parseAuthorizedKeys(text);
    expect(Object.keys(keys).sort()).toEqual(['clearinghouse', 'partner']);
    expect(keys.partner?.[0]?.startsWith(k1)).toBe(true);
    expect(() => parseAuthorizedKeys(`${k1}`)).toThrow(/names the account/);
  });
});

describe('resolveVirtualPath', () => {
  it.each([
    ['/', { ok: true, node: { type: 'root', path: '/' } }],
    ['', { ok: true, node: { type: 'root', path: '/' } }],
    ['outbound//834/', { ok: true, node: { type: 'dir', path: '/outbound/834', name: '834' } }],
    ['/outbound/834/../999/./a.x12', { ok: true, node: { type: 'outbound-file', path: '/outbound/999/a.x12', folder: '999', name: 'a.x12' } }],
    ['/inbound/x.x12', { ok: true, node: { type: 'inbound-file', path: '/inbound/x.x12', name: 'x.x12' } }],
    // `..` at the root stays at the root (POSIX, OpenSSH chroot): `cd ..` there is no error, and no escape.
    ['/..', { ok: true, node: { type: 'root', path: '/' } }],
    ['..', { ok: true, node: { type: 'root', path: '/' } }],
    ['/inbound/../../outbound', { ok: true, node: { type: 'dir', path: '/outbound', name: 'outbound' } }],
    ['/../../etc/passwd', { ok: false, reason: 'absent', path: '/etc/passwd' }],
    ['/etc/passwd', { ok: false, reason: 'absent', path: '/etc/passwd' }],
    ['/outbound/123', { ok: false, reason: 'absent', path: '/outbound/123' }],
    ['/inbound/a/b', { ok: false, reason: 'absent', path: '/inbound/a/b' }],
    ['/inbound/.x', { ok: false, reason: 'invalid', path: '/inbound/.x' }],
    ['/inbound/a\0b', { ok: false, reason: 'invalid', path: '/inbound/a\0b' }],
    ['/inbound/a\\..\\b', { ok: false, reason: 'invalid', path: '/inbound/a\\..\\b' }],
  ])('%j', (input, expected) => {
    expect(resolveVirtualPath(input)).toEqual(expected);
  });
});

describe('documentFileName', () => {
  it('names a file by type, UTC date and nine-digit control number', () => {
    expect(documentFileName('834', '123', new Date('2026-01-01T23:59:00Z'))).toBe('834_20260101_000000123.x12');
    expect(documentFileName('277CA', '000000042', new Date('2026-11-25T00:00:00Z'))).toBe('277CA_20261125_000000042.x12');
  });
});

describe('ensureHostKey', () => {
  it('generates an ed25519 key on first start, keeps it private, and returns the same key afterwards', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'cdg-hostkey-'));
    try {
      const first = await ensureHostKey({ dataDir });
      const again = await ensureHostKey({ dataDir });
      expect(again).toBe(first);
      expect((await stat(join(dataDir, HOST_KEY_FILE))).mode & 0o777).toBe(0o600);
      expect(hostKeyFingerprint(first)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
      const byPath = await ensureHostKey({ path: join(dataDir, HOST_KEY_FILE) });
      expect(byPath).toBe(first);
      expect(await readFile(join(dataDir, `${HOST_KEY_FILE}.pub`), 'utf8')).toMatch(/^ssh-ed25519 /);
      await writeFile(join(dataDir, 'bad'), 'not a key');
      await expect(ensureHostKey({ path: join(dataDir, 'bad') })).rejects.toThrow(SftpConfigError);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('generateEd25519KeyPair', () => {
  it('only returns pairs ssh2 can read back (ssh2 1.17 mangles about 1 in 256)', () => {
    for (let i = 0; i < 600; i++) {
      const pair = generateEd25519KeyPair();
      expect(ssh2.utils.parseKey(pair.private) instanceof Error || ssh2.utils.parseKey(pair.public) instanceof Error).toBe(false);
    }
  });
});
