import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import type { MailboxSpool } from './mailbox-spool.js';

/** A file in `/inbound/`: being uploaded, or complete and waiting for (or in) processing. */
export interface InboundFile {
  account: string;
  name: string;
  /** Where its bytes are on disk right now. */
  path: string;
  size: number;
  mtime: Date;
  state: 'uploading' | 'queued';
}

/** One upload in progress, written straight to disk at the offsets the client sends (never buffered whole). */
export interface Upload {
  file: InboundFile;
  /** Writes a chunk; throws UploadRefused when it would exceed the size limit (the upload is then doomed). */
  write(offset: number, data: Buffer): Promise<void>;
  /** The client closed the handle: a complete file, queued for processing. Throws UploadRefused if doomed. */
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

export interface InboundUploads {
  begin(account: string, name: string): Promise<Upload>;
  list(account: string): InboundFile[];
  /** Re-queues complete uploads a previous run acknowledged but never processed. */
  recover(account: string): Promise<void>;
  /** Resolves once everything queued so far has been processed. */
  drain(): Promise<void>;
}

/** What an upload needs from the folder it belongs to. */
interface UploadFolder {
  files: Set<InboundFile>;
  maxFileSize: number;
  /** Where a complete upload goes in `received/`: unique, and sorting in arrival order. */
  nextReceivedPath(file: InboundFile): string;
  enqueue(file: InboundFile): void;
}

/** One upload writing into its open temp file; writes still in flight are awaited before the handle closes. */
function uploadInto(handle: FileHandle, file: InboundFile, folder: UploadFolder): Upload {
  // The temp path: fixed here, as commit moves `file.path` to `received/`.
  const path = file.path;
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
      const received = folder.nextReceivedPath(file);
      await rename(path, received);
      file.path = received;
      file.state = 'queued';
      folder.enqueue(file);
    },
    abort: discard,
  };
}

/**
 * Upload lifecycle for `/inbound/`: incoming temp file -> (CLOSE) renamed into `received/` and processed
 * one at a time, in arrival order, by `process` (which must remove the file when done).
 */
export function createInboundUploads(deps: {
  spool: MailboxSpool;
  maxFileSize: number;
  process: (file: InboundFile) => Promise<void>;
}): InboundUploads {
  const files = new Set<InboundFile>();
  let queue: Promise<void> = Promise.resolve();
  let sequence = 0;

  const enqueue = (file: InboundFile) => {
    queue = queue.then(async () => {
      try {
        await deps.process(file);
      } catch {
        // `process` reports its own failures; one bad file must not stall the files queued behind it.
      } finally {
        files.delete(file);
      }
    });
  };
  const folder: UploadFolder = {
    files,
    maxFileSize: deps.maxFileSize,
    nextReceivedPath(file) {
      sequence += 1;
      return deps.spool.receivedPath(file.account, `${Date.now()}${String(sequence).padStart(6, '0')}`, file.name);
    },
    enqueue,
  };

  return {
    async begin(account, name) {
      const path = deps.spool.incomingPath(account);
      const handle: FileHandle = await open(path, 'wx', 0o600);
      const file: InboundFile = { account, name, path, size: 0, mtime: new Date(), state: 'uploading' };
      files.add(file);
      return uploadInto(handle, file, folder);
    },
    list(account) {
      return [...files].filter((f) => f.account === account);
    },
    async recover(account) {
      await deps.spool.clearIncoming(account);
      for (const { path, name } of await deps.spool.listReceived(account)) {
        const file: InboundFile = { account, name, path, size: 0, mtime: new Date(), state: 'queued' };
        files.add(file);
        enqueue(file);
      }
    },
    async drain() {
      let last: Promise<void> | undefined;
      while (last !== queue) {
        last = queue;
        await queue.catch(() => undefined);
      }
    },
  };
}
