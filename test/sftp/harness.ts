import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import SftpClient from 'ssh2-sftp-client';
import { createSftpServer, ensureHostKey, type MailboxDocuments, type SftpEvent, type SftpServer, type SftpServerDeps } from '../../server/sftp/index.js';

export const PASSWORD = 'correct horse';
/** A partner key pair (OpenSSH format), made once per test file. */
export const partnerKey = ssh2.utils.generateKeyPairSync('ed25519', { comment: 'keyed' });

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
  const server = createSftpServer({
    documents,
    users: [{ name: 'partner', password: PASSWORD }],
    authorizedKeys: { keyed: [partnerKey.public] },
    hostKey: await ensureHostKey({ dataDir }),
    spoolDir: join(dataDir, 'sftp', 'mailboxes'),
    maxFileSize: 64 * 1024 * 1024,
    onEvent: (e) => events.push(e),
    ...overrides,
  });
  const port = await server.listen(0, '127.0.0.1');
  return {
    server,
    port,
    dataDir,
    events,
    async stop() {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Connects ssh2-sftp-client (the real client) with a password or a private key. */
export async function connect(port: number, auth: { username: string; password?: string; privateKey?: string }): Promise<SftpClient> {
  const client = new SftpClient();
  await client.connect({ host: '127.0.0.1', port, readyTimeout: 5000, retries: 0, ...auth } as SftpClient.ConnectOptions);
  return client;
}

/** Polls a folder until a file not in `before` appears (or the time is up). */
export async function waitForNewFile(client: SftpClient, dir: string, before: string[], timeoutMs = 2000): Promise<string | undefined> {
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
