import { randomBytes } from 'node:crypto';
import { readFile, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { beginUpload, type InboundFile, type InboundUploads, type ReceivedFile, type UploadFolder } from './inbound-uploads.js';
import type { MailboxSpool } from './mailbox-spool.js';
import type { ClaimedFile, SharedInbound } from './postgres-inbound.js';

/**
 * How long a claim lasts without renewal: a server that dies mid-processing holds its file this long at most. A
 * server processing a file renews its claim every third of it, so only a dead (or cut-off) server loses one.
 */
export const INBOUND_LEASE_MS = 60_000;
/** How often each server looks for files nobody is processing (received by a server that died, or leases run out). */
export const INBOUND_POLL_MS = 5_000;

/**
 * Claims and processes files one at a time until none is left to take (or `isClosed`); a call made while a run is
 * going is served by that run, which then looks once more. `running()` is the run going now.
 */
function claimLoop(deps: { table: SharedInbound; owner: string; leaseMs: number; process: (file: ReceivedFile) => Promise<void>; isClosed: () => boolean }) {
  const { table, owner, leaseMs } = deps;
  /** Files this server received and holds, in arrival order (bytes left in the table): first, even once closing. */
  const mine: ClaimedFile[] = [];
  let running: Promise<void> | undefined;
  let again = false;
  /** The next file to process: one of ours still held (its lease may have run out meanwhile), else a claimable one. */
  const next = async (): Promise<ClaimedFile | undefined> => {
    for (let own = mine.shift(); own; own = mine.shift()) if (await table.renew(own.id, owner, leaseMs)) return own;
    return deps.isClosed() ? undefined : table.claim(owner, leaseMs);
  };
  const processClaimed = async (claimed: ClaimedFile) => {
    const renewal = setInterval(() => void table.renew(claimed.id, owner, leaseMs).catch(() => undefined), leaseMs / 3);
    renewal.unref();
    try {
      await deps.process({
        account: claimed.account,
        name: claimed.name,
        read: () => table.read(claimed.id),
        finish: (answers) => table.complete(claimed, owner, answers),
      });
    } finally {
      clearInterval(renewal);
    }
  };
  const pump = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        for (let claimed = await next(); claimed; claimed = await next()) await processClaimed(claimed);
      } while (again);
    })()
      // The database cannot be reached: the files stay in the table, and the next poll tries again.
      .catch(() => undefined)
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  return Object.assign(pump, {
    running: () => running,
    /** Processes a file this server received (and holds) before any other. */
    own(file: ClaimedFile) {
      mine.push(file);
      return pump();
    },
  });
}

/**
 * Upload lifecycle for `/inbound/` on servers sharing PostgreSQL (STORE=postgres): an upload in progress is a temp
 * file on this server's disk (not acknowledged yet, discarded with its session); at CLOSE it is stored in the shared
 * table before the OK, held by this server, which processes it next; should this server die first, another takes it
 * over once the hold runs out (postgres-inbound.ts). One file at a time: the ones this server received first, then
 * any whose claim ran out, looked for at start, every INBOUND_POLL_MS and on drain(); close() still answers the
 * files this server received.
 */
export function createSharedInboundUploads(deps: {
  spool: MailboxSpool;
  table: SharedInbound;
  maxFileSize: number;
  process: (file: ReceivedFile) => Promise<void>;
  leaseMs?: number;
  pollMs?: number;
}): InboundUploads {
  const leaseMs = deps.leaseMs ?? INBOUND_LEASE_MS;
  const owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const uploading = new Set<InboundFile>();
  let closed = false;
  let timer: NodeJS.Timeout | undefined;

  const pump = claimLoop({ ...deps, leaseMs, owner, isClosed: () => closed });

  const folder: UploadFolder = {
    files: uploading,
    maxFileSize: deps.maxFileSize,
    async receive(file, tempPath) {
      const held = await deps.table.add(file.account, file.name, await readFile(tempPath), owner, leaseMs);
      // Acknowledged from here on: the row is the file. A temp file left behind is cleared at the next start.
      uploading.delete(file);
      await unlink(tempPath).catch(() => undefined);
      void pump.own(held);
    },
  };

  return {
    begin: (account, name) => beginUpload(deps.spool, folder, account, name),
    async list(account) {
      const mine = [...uploading].filter((f) => f.account === account);
      const received = (await deps.table.list(account)).map((r): InboundFile => ({ account, ...r, state: 'queued' }));
      return [...received, ...mine];
    },
    async recover(account) {
      await deps.spool.clearIncoming(account);
      if (!timer && !closed) {
        timer = setInterval(() => void pump(), deps.pollMs ?? INBOUND_POLL_MS);
        timer.unref();
      }
      void pump();
    },
    drain: pump,
    async close() {
      closed = true;
      clearInterval(timer);
      await pump.running();
    },
  };
}
