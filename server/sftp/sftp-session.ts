import type { Attributes, SFTPWrapper } from 'ssh2';
import type { SftpEventListener } from './events.js';
import { UploadRefused, type InboundUploads, type Upload } from './inbound-uploads.js';
import type { OutboundMailboxes, OutboundReader } from './outbound-mailboxes.js';
import { DIR_MODE, entry, fileAttrs, MAX_READ, mustResolve, OPEN_FLAG, READDIR_BATCH, Refusal, reply, STATUS, type Entry } from './sftp-protocol.js';
import { childDirectories, isOutboundFolder, type VirtualNode } from './virtual-path.js';

export interface SessionContext {
  account: string;
  mailboxes: OutboundMailboxes;
  inbound: InboundUploads;
  /** Timestamp shown for the fixed directories. */
  startedAt: Date;
  emit: SftpEventListener;
}

type OpenHandle =
  | { type: 'read'; file: OutboundReader; size: number; path: string; bytes: number }
  | { type: 'write'; upload: Upload; path: string }
  | { type: 'dir'; entries: Entry[]; next: number };

/** One channel's state, shared by the request handlers. */
interface Session {
  sftp: SFTPWrapper;
  ctx: SessionContext;
  handles: Map<number, OpenHandle>;
  addHandle(h: OpenHandle): Buffer;
  getHandle(buf: Buffer): [number, OpenHandle];
  /** Runs a request; any Refusal becomes its status, anything else a FAILURE (reported, never thrown). */
  run(reqid: number, work: () => Promise<void>): void;
}

/** Attributes of a path: fixed directories carry the start time; files their own size and time. */
async function nodeAttrs(ctx: SessionContext, node: VirtualNode): Promise<Attributes> {
  const t = Math.floor(ctx.startedAt.getTime() / 1000);
  switch (node.type) {
    case 'root':
    case 'dir':
      return { mode: DIR_MODE, uid: 0, gid: 0, size: 0, atime: t, mtime: t };
    case 'outbound-file': {
      const f = await ctx.mailboxes.stat(ctx.account, node.folder, node.name);
      if (!f) throw new Refusal(STATUS.NO_SUCH_FILE, 'no such file');
      return fileAttrs(f.size, f.mtime);
    }
    case 'inbound-file': {
      const f = (await ctx.inbound.list(ctx.account)).findLast((x) => x.name === node.name);
      if (!f) throw new Refusal(STATUS.NO_SUCH_FILE, 'no such file');
      return fileAttrs(f.size, f.mtime);
    }
  }
}

/** The entries of a directory: uploads in /inbound, files in an outbound folder, else the fixed subdirectories. */
async function directoryListing(ctx: SessionContext, node: VirtualNode): Promise<Entry[]> {
  if (node.type === 'inbound-file' || node.type === 'outbound-file') throw new Refusal(STATUS.FAILURE, 'not a directory');
  if (node.path === '/inbound') {
    return (await ctx.inbound.list(ctx.account)).map((f) => entry(f.name, fileAttrs(f.size, f.mtime), ctx.account));
  }
  const folder = node.path.startsWith('/outbound/') && node.type === 'dir' ? node.name : undefined;
  if (folder !== undefined && isOutboundFolder(folder)) {
    return (await ctx.mailboxes.list(ctx.account, folder)).map((f) => entry(f.name, fileAttrs(f.size, f.mtime), ctx.account));
  }
  const at = await nodeAttrs(ctx, node);
  return childDirectories(node.path).map((name) => entry(name, at, ctx.account));
}

/** OPEN, READ, WRITE, CLOSE: downloads from /outbound, uploads into /inbound. */
function serveFileRequests({ sftp, ctx, handles, addHandle, getHandle, run }: Session): void {
  sftp.on('OPEN', (reqid, filename, flags) =>
    run(reqid, async () => {
      const node = mustResolve(filename);
      const writing = (flags & (OPEN_FLAG.WRITE | OPEN_FLAG.APPEND | OPEN_FLAG.CREAT | OPEN_FLAG.TRUNC)) !== 0;
      if (node.type === 'root' || node.type === 'dir') throw new Refusal(STATUS.FAILURE, 'is a directory');
      if (node.type === 'outbound-file') {
        if (writing) throw new Refusal(STATUS.PERMISSION_DENIED, 'outbound files are read-only; upload to /inbound/');
        const file = await ctx.mailboxes.open(ctx.account, node.folder, node.name);
        if (!file) throw new Refusal(STATUS.NO_SUCH_FILE, 'no such file');
        return reply(() => sftp.handle(reqid, addHandle({ type: 'read', file, size: file.size, path: node.path, bytes: 0 })));
      }
      if (!writing || (flags & OPEN_FLAG.READ) !== 0) throw new Refusal(STATUS.PERMISSION_DENIED, '/inbound/ is write-only');
      if ((flags & OPEN_FLAG.EXCL) !== 0 && (await ctx.inbound.list(ctx.account)).some((f) => f.name === node.name)) {
        throw new Refusal(STATUS.FAILURE, 'file exists');
      }
      const upload = await ctx.inbound.begin(ctx.account, node.name);
      reply(() => sftp.handle(reqid, addHandle({ type: 'write', upload, path: node.path })));
    }),
  );

  sftp.on('READ', (reqid, buf, offset, length) =>
    run(reqid, async () => {
      const [, h] = getHandle(buf);
      if (h.type !== 'read') throw new Refusal(STATUS.PERMISSION_DENIED, 'handle not open for reading');
      if (offset >= h.size) return reply(() => sftp.status(reqid, STATUS.EOF));
      const chunk = Buffer.allocUnsafe(Math.min(length, MAX_READ, h.size - offset));
      const bytesRead = await h.file.read(chunk, offset);
      if (bytesRead === 0) return reply(() => sftp.status(reqid, STATUS.EOF));
      h.bytes += bytesRead;
      reply(() => sftp.data(reqid, chunk.subarray(0, bytesRead)));
    }),
  );

  sftp.on('WRITE', (reqid, buf, offset, data) =>
    run(reqid, async () => {
      const [, h] = getHandle(buf);
      if (h.type !== 'write') throw new Refusal(STATUS.PERMISSION_DENIED, 'handle not open for writing');
      await h.upload.write(offset, data);
      reply(() => sftp.status(reqid, STATUS.OK));
    }),
  );

  sftp.on('CLOSE', (reqid, buf) =>
    run(reqid, async () => {
      const [id, h] = getHandle(buf);
      handles.delete(id);
      if (h.type === 'read') {
        await h.file.close();
        ctx.emit({ type: 'file-downloaded', account: ctx.account, path: h.path, bytes: h.bytes });
      } else if (h.type === 'write') {
        try {
          await h.upload.commit();
        } catch (error) {
          if (error instanceof UploadRefused) ctx.emit({ type: 'upload-discarded', account: ctx.account, path: h.path, reason: 'too-large' });
          throw error;
        }
        ctx.emit({ type: 'file-uploaded', account: ctx.account, path: h.path, bytes: h.upload.file.size });
      }
      reply(() => sftp.status(reqid, STATUS.OK));
    }),
  );
}

/** Directory listing, attributes, path resolution and removal of outbound files. */
function serveDirectoryRequests({ sftp, ctx, addHandle, getHandle, run }: Session): void {
  sftp.on('OPENDIR', (reqid, path) =>
    run(reqid, async () => {
      const node = mustResolve(path);
      const entries = await directoryListing(ctx, node);
      reply(() => sftp.handle(reqid, addHandle({ type: 'dir', entries, next: 0 })));
    }),
  );

  sftp.on('READDIR', (reqid, buf) =>
    run(reqid, async () => {
      const [, h] = getHandle(buf);
      if (h.type !== 'dir') throw new Refusal(STATUS.FAILURE, 'not a directory handle');
      if (h.next >= h.entries.length) return reply(() => sftp.status(reqid, STATUS.EOF));
      const batch = h.entries.slice(h.next, h.next + READDIR_BATCH);
      h.next += batch.length;
      reply(() => sftp.name(reqid, batch));
    }),
  );

  const statRequest = (reqid: number, path: string) =>
    run(reqid, async () => {
      const attrs = await nodeAttrs(ctx, mustResolve(path));
      reply(() => sftp.attrs(reqid, attrs));
    });
  // There are no links in a mailbox, so LSTAT and STAT agree.
  sftp.on('STAT', statRequest);
  sftp.on('LSTAT', statRequest);

  sftp.on('FSTAT', (reqid, buf) =>
    run(reqid, async () => {
      const [, h] = getHandle(buf);
      const now = new Date();
      const attrs =
        h.type === 'read' ? fileAttrs(h.size, now) : h.type === 'write' ? fileAttrs(h.upload.file.size, h.upload.file.mtime) : await nodeAttrs(ctx, { type: 'root', path: '/' });
      reply(() => sftp.attrs(reqid, attrs));
    }),
  );

  // Times and modes are not kept; accepting the request keeps clients that preserve them (`put -p`) working.
  sftp.on('SETSTAT', (reqid, path) =>
    run(reqid, async () => {
      await nodeAttrs(ctx, mustResolve(path));
      reply(() => sftp.status(reqid, STATUS.OK));
    }),
  );
  sftp.on('FSETSTAT', (reqid, buf) =>
    run(reqid, async () => {
      getHandle(buf);
      reply(() => sftp.status(reqid, STATUS.OK));
    }),
  );

  sftp.on('REALPATH', (reqid, path) =>
    run(reqid, async () => {
      const node = mustResolve(path);
      reply(() => sftp.name(reqid, [{ filename: node.path, longname: node.path, attrs: {} as Attributes }]));
    }),
  );

  sftp.on('REMOVE', (reqid, path) =>
    run(reqid, async () => {
      const node = mustResolve(path);
      if (node.type !== 'outbound-file') throw new Refusal(STATUS.PERMISSION_DENIED, 'only outbound files can be removed');
      if (!(await ctx.mailboxes.remove(ctx.account, node.folder, node.name))) throw new Refusal(STATUS.NO_SUCH_FILE, 'no such file');
      ctx.emit({ type: 'file-removed', account: ctx.account, path: node.path });
      reply(() => sftp.status(reqid, STATUS.OK));
    }),
  );
}

/** Requests the mailbox never grants: it has a fixed layout, no links and no extensions. */
function refuseUnsupported(sftp: SFTPWrapper): void {
  const fixedLayout = (reqid: number) => reply(() => sftp.status(reqid, STATUS.PERMISSION_DENIED, 'the mailbox layout is fixed'));
  sftp.on('MKDIR', fixedLayout);
  sftp.on('RMDIR', fixedLayout);
  sftp.on('RENAME', fixedLayout);
  const noLinks = (reqid: number) => reply(() => sftp.status(reqid, STATUS.OP_UNSUPPORTED, 'symbolic links are not supported'));
  sftp.on('READLINK', noLinks);
  sftp.on('SYMLINK', noLinks);
  sftp.on('EXTENDED', (reqid: number) => reply(() => sftp.status(reqid, STATUS.OP_UNSUPPORTED, 'no extensions are supported')));
}

/** Closes what is still open when the channel goes away; uploads not closed by the client are discarded. */
function teardownOf({ ctx, handles }: Session): () => Promise<void> {
  let closed: Promise<void> | undefined;
  return () =>
    (closed ??= (async () => {
      for (const [id, h] of handles) {
        handles.delete(id);
        if (h.type === 'read') await h.file.close().catch(() => undefined);
        if (h.type === 'write') {
          await h.upload.abort();
          ctx.emit({ type: 'upload-discarded', account: ctx.account, path: h.path, reason: 'disconnected' });
        }
      }
    })());
}

/**
 * Serves one SFTP channel over the account's virtual mailbox (SFTP v3, draft-ietf-secsh-filexfer-02).
 * Returns a function that tears the session down (open uploads are discarded, not processed).
 */
export function serveSftpSession(sftp: SFTPWrapper, ctx: SessionContext): () => Promise<void> {
  const handles = new Map<number, OpenHandle>();
  let nextHandle = 1;

  const addHandle = (h: OpenHandle): Buffer => {
    const id = nextHandle++;
    handles.set(id, h);
    const buf = Buffer.alloc(4);
    buf.writeUInt32BE(id);
    return buf;
  };
  const getHandle = (buf: Buffer): [number, OpenHandle] => {
    const id = buf.length === 4 ? buf.readUInt32BE() : -1;
    const h = handles.get(id);
    if (!h) throw new Refusal(STATUS.FAILURE, 'invalid handle');
    return [id, h];
  };

  const run = (reqid: number, work: () => Promise<void>) => {
    work().catch((error: unknown) => {
      if (error instanceof Refusal) return reply(() => sftp.status(reqid, error.code, error.message));
      if (error instanceof UploadRefused) return reply(() => sftp.status(reqid, STATUS.FAILURE, error.message));
      ctx.emit({ type: 'error', account: ctx.account, error: error instanceof Error ? error.message : String(error) });
      reply(() => sftp.status(reqid, STATUS.FAILURE, 'internal error'));
    });
  };

  const session: Session = { sftp, ctx, handles, addHandle, getHandle, run };
  serveFileRequests(session);
  serveDirectoryRequests(session);
  refuseUnsupported(sftp);
  return teardownOf(session);
}
