import type { AddressInfo } from 'node:net';
import ssh2 from 'ssh2';
import type { ClientInfo, Connection, SFTPWrapper } from 'ssh2';
import { resolveAccounts, type ResolvedAccount, type SftpAccount } from './accounts.js';
import { createAuthenticator } from './authenticate.js';
import { folderOf, OUTBOUND_SETS } from '../../edi/gateway.js';
import { documentFileName, type MailboxDocuments, type TradingPartner } from './documents.js';
import type { SftpEvent, SftpEventListener } from './events.js';
import { createInboundUploads, type InboundAnswer, type ReceivedFile } from './inbound-uploads.js';
import { createMailboxSpool } from './mailbox-spool.js';
import { createDiskMailboxes, type OutboundMailboxes } from './outbound-mailboxes.js';
import type { SharedInbound } from './postgres-inbound.js';
import { createSharedInboundUploads } from './shared-inbound-uploads.js';
import { serveSftpSession } from './sftp-session.js';

/** Everything the SFTP drop is built from; nothing is read from the environment or files beyond `spoolDir`. */
export interface SftpServerDeps {
  /** Source of outbound documents and handler of inbound files (see `createGatewayDocuments`). */
  documents: MailboxDocuments;
  /** Accounts (e.g. from `parseSftpUsers(SFTP_USERS)`). */
  users: SftpAccount[];
  /** Extra public keys by account (e.g. from `parseAuthorizedKeys(file text)`); an account may be key-only. */
  authorizedKeys?: Record<string, string[]>;
  /** Host private key, OpenSSH or PEM text (see `ensureHostKey`). */
  hostKey: string | Buffer;
  /**
   * Where mailboxes live on disk, e.g. `<DATA_DIR>/sftp/mailboxes`: uploads in progress, received uploads unless
   * `inbound` is given, and /outbound unless `mailboxes` is given.
   */
  spoolDir: string;
  /** Where /outbound is kept when not under `spoolDir`: the shared table of STORE=postgres (postgres-mailboxes.ts). */
  mailboxes?: OutboundMailboxes;
  /**
   * Where received uploads wait when not under `spoolDir`: the shared table of STORE=postgres (postgres-inbound.ts),
   * whose answers go to that database's /outbound, so `mailboxes` must be that database's too.
   */
  inbound?: SharedInbound;
  /** Largest accepted upload, bytes; writes past it are refused and the file is discarded. */
  maxFileSize: number;
  /** Observer for metrics and logs. */
  onEvent?: SftpEventListener;
  /** Clock for file names (UTC date). */
  now?: () => Date;
  /** A connection that has not authenticated within this time is dropped (default 30 s). */
  authTimeoutMs?: number;
  /** On close(), connections still open this long after being asked to disconnect are cut (default 3 s). */
  closeGraceMs?: number;
}

/** One published or answered file. */
export interface DroppedFile {
  account: string;
  /** Virtual path as the partner sees it, e.g. `/outbound/834/834_20260101_000000123.x12`. */
  path: string;
  kind: string;
  controlNumber: string;
  bytes: number;
}

export interface SftpServer {
  /** Starts listening; resolves with the bound port (pass 0 for a free one). */
  listen(port: number, host?: string): Promise<number>;
  /** Stops listening, ends every session (open uploads are discarded) and waits for queued inbound files. */
  close(): Promise<void>;
  /** Drops a fresh document of every outbound kind of the transaction-set table into every account's outbound folders. */
  publish(): Promise<DroppedFile[]>;
  /** Empties every account's outbound folders (POST /admin/reset: no answer of an earlier run is left to pick up). */
  clearOutbound(): Promise<number>;
  /** Resolves once every inbound file received so far has been processed. */
  idle(): Promise<void>;
  accounts(): string[];
}

/** What a connection needs from the server it arrived at. */
interface ConnectionContext {
  authenticate: ReturnType<typeof createAuthenticator>;
  emit: SftpEventListener;
  authTimeoutMs: number;
  clients: Set<Connection>;
  /** Each connection's ending, which close() waits for. */
  endings: Set<Promise<void>>;
  serve(sftp: SFTPWrapper, account: string): () => Promise<void>;
}

/** One SSH connection: authentication within the time limit, then SFTP channels for the authenticated account. */
function acceptConnection(client: Connection, info: ClientInfo, ctx: ConnectionContext): void {
  ctx.clients.add(client);
  const remote = `${info.ip}:${info.port}`;
  let account: ResolvedAccount | undefined;
  const teardowns: Array<() => Promise<void>> = [];
  const authState = { failures: 0 };
  const authTimer = setTimeout(() => client.end(), ctx.authTimeoutMs);
  authTimer.unref();

  client.on('authentication', (auth) => {
    const result = ctx.authenticate(auth, authState);
    if (result.refused) ctx.emit({ type: 'auth-refused', username: auth.username, method: auth.method, remote });
    if (result.account) {
      account = result.account;
      ctx.emit({ type: 'session-opened', account: account.name, method: auth.method as 'password' | 'publickey', remote });
    }
    if (result.tooManyFailures) client.end();
  });
  client.on('ready', () => {
    clearTimeout(authTimer);
    client.on('session', (acceptSession) => {
      const session = acceptSession();
      session.on('sftp', (acceptSftp) => {
        if (!account) return;
        const sftp = acceptSftp();
        const teardown = ctx.serve(sftp, account.name);
        teardowns.push(teardown);
        // The client's EOF ends the session; closing our side too is what lets OpenSSH's `sftp` exit (ssh2#1443).
        sftp.on('end', () => sftp.end());
        sftp.on('close', () => void teardown());
      });
    });
  });
  client.on('error', () => {
    // resets and protocol errors end the connection; 'close' follows
  });
  // Registered now, not on 'close': the listening socket may report closed before this connection does,
  // and close() must still wait for this connection's uploads to be discarded.
  const ending = new Promise<void>((resolve) => client.once('close', () => resolve()))
    .then(async () => {
      clearTimeout(authTimer);
      ctx.clients.delete(client);
      await Promise.all(teardowns.map((t) => t()));
      if (account) ctx.emit({ type: 'session-closed', account: account.name });
    })
    .finally(() => ctx.endings.delete(ending));
  ctx.endings.add(ending);
}

/** Guards the observer: its failure is never the partner's problem. */
const guarded = (onEvent: SftpEventListener | undefined): SftpEventListener => (event: SftpEvent) => {
  try {
    onEvent?.(event);
  } catch {
    // an observer's failure is not the partner's problem
  }
};

/** Binds the listener; once listening, a socket-level error is reported, never thrown at the process. */
const listenOn = (server: ssh2.Server, port: number, host: string, emit: SftpEventListener) =>
  new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      server.on('error', (error: Error) => emit({ type: 'error', error: error.message }));
      resolve();
    });
  });

/** Stops listening and asks every connection to disconnect; resolves once the listening socket is closed. */
async function stopListening(server: ssh2.Server, clients: Set<Connection>, graceMs: number): Promise<void> {
  const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
  for (const client of clients) client.end();
  // A peer that ignores our disconnect must not hold shutdown open: cut its socket after a grace period.
  const cut = setTimeout(() => {
    for (const client of clients) (client as unknown as { _sock?: { destroy(): void } })._sock?.destroy();
  }, graceMs);
  cut.unref();
  await stopped;
  clearTimeout(cut);
}

/** What the drop writes into /outbound: published documents, and the answers to inbound files. */
function deliveries(ctx: {
  documents: MailboxDocuments;
  mailboxes: OutboundMailboxes;
  emit: SftpEventListener;
  now: () => Date;
  partnerOf: (account: string) => TradingPartner;
}) {
  const { documents, mailboxes, emit, now, partnerOf } = ctx;
  const published = (account: string, kind: string, controlNumber: string, folder: string, written: { name: string; bytes: number }): DroppedFile => {
    const file: DroppedFile = { account, path: `/outbound/${folder}/${written.name}`, kind, controlNumber, bytes: written.bytes };
    emit({ type: 'file-published', ...file });
    return file;
  };
  const answerOf = (kind: string, text: string, controlNumber: string): InboundAnswer => {
    const folder = folderOf(kind);
    if (!folder) throw new Error(`no outbound folder for X12 kind ${kind}`);
    return { folder, name: documentFileName(kind, controlNumber, now()), text };
  };
  const drop = async (account: string, kind: string, text: string, controlNumber: string): Promise<DroppedFile> => {
    const answer = answerOf(kind, text, controlNumber);
    return published(account, kind, controlNumber, answer.folder, await mailboxes.write(account, answer.folder, answer.name, text));
  };

  const processInbound = async (file: ReceivedFile) => {
    const path = `/inbound/${file.name}`;
    try {
      // The one whole copy: the gateway takes the document as text. latin1 maps bytes 1:1 (X12 is ASCII),
      // exactly as POST /edi/* decodes a body without a charset, so both faces see the same text.
      const text = (await file.read()).toString('latin1');
      const responses = await documents.processInbound(text, partnerOf(file.account));
      const answers = responses.map((doc) => answerOf(doc.kind, doc.text, doc.controlNumber));
      const written = await file.finish(answers);
      responses.forEach((doc, i) => published(file.account, doc.kind, doc.controlNumber, answers[i]!.folder, written[i]!));
      emit({ type: 'inbound-processed', account: file.account, path, bytes: text.length, responses: responses.map((r) => r.kind) });
    } catch (error) {
      // Not finished, so kept: retried at the next start (on disk) or once its claim runs out (STORE=postgres).
      emit({ type: 'inbound-failed', account: file.account, path, error: error instanceof Error ? error.message : String(error) });
    }
  };
  return { drop, processInbound };
}

/**
 * Creates the embedded SFTP drop: an ssh2 server offering only the SFTP subsystem over per-account
 * virtual mailboxes. RFC 4254 (sessions, subsystem "sftp"), draft-ietf-secsh-filexfer-02 (SFTP v3).
 */
export function createSftpServer(deps: SftpServerDeps): SftpServer {
  const accounts = resolveAccounts(deps.users, deps.authorizedKeys);
  const emit = guarded(deps.onEvent);
  const now = deps.now ?? (() => new Date());
  const spool = createMailboxSpool(deps.spoolDir);
  const mailboxes = deps.mailboxes ?? createDiskMailboxes(deps.spoolDir);
  const partnerOf = (account: string): TradingPartner => {
    const payer = accounts.get(account)?.payer;
    return payer === undefined ? { account } : { account, payer };
  };

  const { drop, processInbound } = deliveries({ documents: deps.documents, mailboxes, emit, now, partnerOf });
  const inbound = deps.inbound
    ? createSharedInboundUploads({ spool, table: deps.inbound, maxFileSize: deps.maxFileSize, process: processInbound })
    : createInboundUploads({ spool, mailboxes, maxFileSize: deps.maxFileSize, process: processInbound });

  const startedAt = now();
  const authenticate = createAuthenticator(accounts);
  const clients = new Set<Connection>();
  const endings = new Set<Promise<void>>();
  const serve = (sftp: SFTPWrapper, account: string) => serveSftpSession(sftp, { account, mailboxes, inbound, startedAt, emit });
  const server = new ssh2.Server({ hostKeys: [deps.hostKey], ident: 'cdg-sftp' }, (client, info) =>
    acceptConnection(client, info, { authenticate, emit, authTimeoutMs: deps.authTimeoutMs ?? 30_000, clients, endings, serve }),
  );

  let prepared: Promise<void> | undefined;
  const prepare = () =>
    (prepared ??= (async () => {
      for (const name of accounts.keys()) {
        await spool.prepare(name);
        await mailboxes.prepare(name);
        await inbound.recover(name);
      }
    })());

  return {
    async listen(port, host = '0.0.0.0') {
      await prepare();
      await listenOn(server, port, host, emit);
      return (server.address() as AddressInfo).port;
    },
    async close() {
      await stopListening(server, clients, deps.closeGraceMs ?? 3000);
      await Promise.allSettled([...endings]);
      await inbound.close();
    },
    async publish() {
      await prepare();
      // Refused as a whole (nothing dropped) when one kind would be.
      for (const { kind } of OUTBOUND_SETS) deps.documents.checkEmit?.(kind);
      const dropped: DroppedFile[] = [];
      for (const name of accounts.keys()) {
        for (const { kind } of OUTBOUND_SETS) {
          const doc = await deps.documents.emit(kind, partnerOf(name));
          dropped.push(await drop(name, kind, doc.text, doc.controlNumber));
        }
      }
      return dropped;
    },
    async clearOutbound() {
      // Answers to uploads still being processed would land after the clearing: let them finish first.
      await inbound.drain();
      let removed = 0;
      for (const name of accounts.keys()) removed += await mailboxes.clear(name);
      return removed;
    },
    idle: () => inbound.drain(),
    accounts: () => [...accounts.keys()],
  };
}
