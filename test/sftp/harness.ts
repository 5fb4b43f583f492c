import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import SftpClient from 'ssh2-sftp-client';
import { afterAll, beforeAll } from 'vitest';
import { createSftpServer, ensureHostKey, generateEd25519KeyPair, type MailboxDocuments, type SftpEvent, type SftpServer, type SftpServerDeps } from '../../server/sftp/index.js';
import { ediWorld, type EdiWorld } from './fixture.js';

export const PASSWORD = 'correct horse';
/** A partner key pair (OpenSSH format), made once per test file. */
export const partnerKey = generateEd25519KeyPair('keyed');

export interface RunningDrop {
  server: SftpServer;
  port: number;
  dataDir: string;
  events: SftpEvent[];
  stop(): Promise<void>;
}

/** Starts a real SFTP drop on 127.0.0.1, port 0, with a fresh data dir. */
export async function startDrop(documents: MailboxDocuments, overrides: Partial<SftpServerDeps> = {}): Promise<RunningDrop> {
  const dataDir = await mkdtemp(join(tmpdir(), 'cdg-sftp-'));
  const events: SftpEvent[] = [];
  let server: SftpServer;
  let port: number;
  try {
    server = createSftpServer({
      documents,
      users: [{ name: 'partner', password: PASSWORD }],
      authorizedKeys: { keyed: [partnerKey.public] },
      hostKey: await ensureHostKey({ dataDir }),
      spoolDir: join(dataDir, 'sftp', 'mailboxes'),
      maxFileSize: 64 * 1024 * 1024,
      onEvent: (e) => events.push(e),
      ...overrides,
    });
    port = await server.listen(0, '127.0.0.1');
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    server,
    port,
    dataDir,
    events,
    async stop() {
      try {
        await server.close();
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  };
}

/** Connects ssh2-sftp-client (the real client) with a password or a private key. */
export async function connect(port: number, auth: { username: string; password?: string; privateKey?: string }): Promise<SftpClient> {
  // Quiet callbacks: the defaults print every connection end to stdout.
  const quiet = () => undefined;
  const client = new SftpClient('test', { error: quiet, end: quiet, close: quiet });
  await client.connect({ host: '127.0.0.1', port, readyTimeout: 5000, retries: 0, ...auth } as SftpClient.ConnectOptions);
  return client;
}

/**
 * Polls a folder until a file not in `before` appears, or gives up after `timeoutMs`: a bound for a hung server,
 * generous because a loaded machine (CI, parallel test files) can take seconds; success returns at once.
 */
export async function waitForNewFile(client: SftpClient, dir: string, before: string[], timeoutMs = 30_000): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const names = (await client.list(dir)).map((f) => f.name);
    const fresh = names.find((n) => !before.includes(n));
    if (fresh || Date.now() > deadline) return fresh;
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function names(client: SftpClient, dir: string): Promise<string[]> {
  return (await client.list(dir)).map((f) => f.name).sort();
}

/** Promisified raw SFTP calls, to see the exact status code the server answers. */
export function raw(client: SftpClient) {
  const sftp = (client as unknown as { sftp: ssh2.SFTPWrapper }).sftp;
  const call = <T>(fn: (cb: (err: Error | null | undefined, value?: T) => void) => void) =>
    new Promise<T>((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value as T))));
  return {
    stat: (p: string) => call<ssh2.Stats>((cb) => sftp.stat(p, cb)),
    lstat: (p: string) => call<ssh2.Stats>((cb) => sftp.lstat(p, cb)),
    realpath: (p: string) => call<string>((cb) => sftp.realpath(p, cb)),
    open: (p: string, flags: ssh2.OpenMode) => call<Buffer>((cb) => sftp.open(p, flags, cb)),
    write: (h: Buffer, data: Buffer, position: number) => call<void>((cb) => sftp.write(h, data, 0, data.length, position, (err) => cb(err))),
    close: (h: Buffer) => call<void>((cb) => sftp.close(h, (err) => cb(err))),
    readdir: (p: string) => call<ssh2.FileEntry[]>((cb) => sftp.readdir(p, cb)),
    symlink: (target: string, link: string) => call<void>((cb) => sftp.symlink(target, link, (err) => cb(err))),
    readlink: (p: string) => call<string>((cb) => sftp.readlink(p, cb)),
    mkdir: (p: string) => call<void>((cb) => sftp.mkdir(p, (err) => cb(err))),
    rmdir: (p: string) => call<void>((cb) => sftp.rmdir(p, (err) => cb(err))),
    rename: (a: string, b: string) => call<void>((cb) => sftp.rename(a, b, (err) => cb(err))),
    unlink: (p: string) => call<void>((cb) => sftp.unlink(p, (err) => cb(err))),
  };
}

/** Waits until `check` holds (polling), or gives up after `timeoutMs`; returns whether it held. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

/**
 * A drop over a fresh EDI world for the calling suite, with a set published: started before its tests,
 * stopped after them. Read `world` and `drop` inside tests and hooks (they are set in beforeAll).
 */
export function usePublishedDrop(): { world: EdiWorld; drop: RunningDrop } {
  const env = {} as { world: EdiWorld; drop: RunningDrop };
  beforeAll(async () => {
    env.world = await ediWorld();
    env.drop = await startDrop(env.world.documents);
    await env.drop.server.publish();
  });
  afterAll(async () => {
    await env.drop?.stop();
    await env.world?.store.close();
  });
  return env;
}
