import { open, readFile, rename, unlink, type FileHandle } from 'node:fs/promises';
import type { MailboxSpool } from './mailbox-spool.js';
import type { OutboundMailboxes } from './outbound-mailboxes.js';
import type { OutboundFolder } from './virtual-path.js';

/** A file in `/inbound/` as the partner sees it: being uploaded, or complete and waiting for (or in) processing. */
export interface InboundFile {
  account: string;
  name: string;
  size: number;
  mtime: Date;
  state: 'uploading' | 'queued';
}

/** One upload in progress, written straight to disk at the offsets the client sends (never buffered whole). */
export interface Upload {
  file: InboundFile;
  /** Writes a chunk; throws UploadRefused when it would exceed the size limit (the upload is then doomed). */
  write(offset: number, data: Buffer): Promise<void>;
  /** The client closed the handle: a complete file, kept for processing. Throws UploadRefused if doomed. */
  commit(): Promise<void>;
  /** The connection went away without a close: the bytes are discarded and nothing is processed. */
  abort(): Promise<void>;
}

export class UploadRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UploadRefused';
  }
}

/** One answer to an inbound file, for `/outbound/<folder>/`. */
export interface InboundAnswer {
  folder: OutboundFolder;
  name: string;
  text: string;
}

/** A complete upload handed to processing. */
export interface ReceivedFile {
  account: string;
  name: string;
  read(): Promise<Buffer>;
  /**
   * Stores the answers in the account's /outbound and marks the file done (on PostgreSQL in one transaction), under
   * the names they were stored with.
   */
  finish(answers: InboundAnswer[]): Promise<Array<{ name: string; bytes: number }>>;
}

export interface InboundUploads {
  begin(account: string, name: string): Promise<Upload>;
  list(account: string): Promise<InboundFile[]>;
  /** Drops uploads a previous run never finished and processes complete ones it acknowledged but never answered. */
  recover(account: string): Promise<void>;
  /** Resolves once everything received so far (that this server may take) has been processed. */
  drain(): Promise<void>;
  /** Takes on no more files than this server received; resolves once those are processed. */
  close(): Promise<void>;
}

/** What an upload needs from the folder it belongs to. */
export interface UploadFolder {
  /** The uploads in progress (and, on disk, the complete ones waiting). */
  files: Set<InboundFile>;
  maxFileSize: number;
  /** Keeps a complete upload (its bytes in `tempPath`) for processing; the CLOSE is answered once this resolves. */
  receive(file: InboundFile, tempPath: string): Promise<void>;
}

/** Starts an upload of `name` into a fresh temp file of the account's spool, listed in `folder.files` from now on. */
export async function beginUpload(spool: MailboxSpool, folder: UploadFolder, account: string, name: string): Promise<Upload> {
  const path = spool.incomingPath(account);
  const handle: FileHandle = await open(path, 'wx', 0o600);
  const file: InboundFile = { account, name, size: 0, mtime: new Date(), state: 'uploading' };
  folder.files.add(file);
  return uploadInto(handle, path, file, folder);
}

/** One upload writing into its open temp file at `path`; writes still in flight are awaited before the handle closes. */
function uploadInto(handle: FileHandle, path: string, file: InboundFile, folder: UploadFolder): Upload {
  const pending = new Set<Promise<unknown>>();
  let refused: string | undefined;
  let closed = false;

  const settle = async () => {
    while (pending.size > 0) await Promise.allSettled([...pending]);
    if (!closed) {
      closed = true;
      await handle.close();
    }
  };
  const discard = async () => {
    await settle();
    folder.files.delete(file);
    await unlink(path).catch(() => undefined);
  };

  return {
    file,
    async write(offset, data) {
      if (refused || closed) throw new UploadRefused(refused ?? 'upload already closed');
      if (offset + data.length > folder.maxFileSize) {
        refused = `file exceeds the maximum size of ${folder.maxFileSize} bytes`;
        throw new UploadRefused(refused);
      }
      const op = handle.write(data, 0, data.length, offset);
      pending.add(op);
      try {
        await op;
      } finally {
        pending.delete(op);
      }
      file.size = Math.max(file.size, offset + data.length);
      file.mtime = new Date();
    },
    async commit() {
      if (refused) {
        await discard();
        throw new UploadRefused(refused);
      }
      await settle();
      try {
        await folder.receive(file, path);
      } catch (error) {
        // Not kept, so not acknowledged: the CLOSE fails and the partner sends the file again.
        await discard();
        throw error;
      }
    },
    abort: discard,
  };
}

/** A complete upload spooled in `received/` at `path`. */
interface SpooledFile extends InboundFile {
  path: string;
}

/**
 * Upload lifecycle for `/inbound/` on the local disk (the embedded store): incoming temp file -> (CLOSE) renamed
 * into `received/` and processed one at a time, in arrival order, by `process`; `finish` writes the answers into
 * `mailboxes` and then removes the file, so one not finished is processed again at the next start.
 */
export function createInboundUploads(deps: {
  spool: MailboxSpool;
  mailboxes: OutboundMailboxes;
  maxFileSize: number;
  process: (file: ReceivedFile) => Promise<void>;
}): InboundUploads {
  const files = new Set<InboundFile>();
  let queue: Promise<void> = Promise.resolve();
  let sequence = 0;

  const received = (file: SpooledFile): ReceivedFile => ({
    account: file.account,
    name: file.name,
    read: () => readFile(file.path),
    async finish(answers) {
      const written: Array<{ name: string; bytes: number }> = [];
      for (const a of answers) written.push(await deps.mailboxes.write(file.account, a.folder, a.name, a.text));
      await unlink(file.path);
      return written;
    },
  });
  const enqueue = (file: SpooledFile) => {
    queue = queue.then(async () => {
      try {
        await deps.process(received(file));
      } catch {
        // `process` reports its own failures; one bad file must not stall the files queued behind it.
      } finally {
        files.delete(file);
      }
    });
  };
  const drain = async () => {
    let last: Promise<void> | undefined;
    while (last !== queue) {
      last = queue;
      await queue.catch(() => undefined);
    }
  };
  const folder: UploadFolder = {
    files,
    maxFileSize: deps.maxFileSize,
    async receive(file, tempPath) {
      sequence += 1;
      const path = deps.spool.receivedPath(file.account, `${Date.now()}${String(sequence).padStart(6, '0')}`, file.name);
      await rename(tempPath, path);
      const spooled = Object.assign(file, { path, state: 'queued' as const });
      enqueue(spooled);
    },
  };

  return {
    begin: (account, name) => beginUpload(deps.spool, folder, account, name),
    list: async (account) => [...files].filter((f) => f.account === account),
    async recover(account) {
      await deps.spool.clearIncoming(account);
      for (const { path, name } of await deps.spool.listReceived(account)) {
        const file: SpooledFile = { account, name, path, size: 0, mtime: new Date(), state: 'queued' };
        files.add(file);
        enqueue(file);
      }
    },
    drain,
    close: drain,
  };
}
