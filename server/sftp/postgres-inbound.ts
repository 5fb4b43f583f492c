import type { Pool } from 'pg';
import { createSharedTables } from '../../data-store/postgres/schema.js';
import { inTransaction } from '../../data-store/postgres/transaction.js';
import { insertMailboxFile } from './postgres-mailboxes.js';
import type { InboundAnswer } from './inbound-uploads.js';

/** The received SFTP uploads of STORE=postgres: one row per file until it is answered, shared by every server. */
export const INBOUND_TABLE = 'cdg_inbound_files';

const SCHEMA = `CREATE TABLE IF NOT EXISTS ${INBOUND_TABLE} (
  id bigserial PRIMARY KEY,
  account text NOT NULL,
  name text NOT NULL,
  content bytea NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  claimed_by text,
  claimed_until timestamptz
)`;

/**
 * Takes the oldest file nobody holds a live lease on, for `$2` milliseconds of the database's clock (one clock for
 * every server). SKIP LOCKED: two servers claiming at once take different rows
 * (https://www.postgresql.org/docs/current/sql-select.html#SQL-FOR-UPDATE-SHARE).
 */
const CLAIM = `UPDATE ${INBOUND_TABLE} SET claimed_by = $1, claimed_until = now() + $2 * interval '1 millisecond'
  WHERE id = (SELECT id FROM ${INBOUND_TABLE} WHERE claimed_until IS NULL OR claimed_until < now() ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
  RETURNING id, account, name`;

/** A received file as /inbound lists it. */
export interface ReceivedEntry {
  name: string;
  size: number;
  mtime: Date;
}

/** A file a server has claimed for processing (its bytes are read when its turn comes: see read()). */
export interface ClaimedFile {
  id: string;
  account: string;
  name: string;
}

/** The claim was taken over by another server (this one's lease ran out): nothing of this attempt was kept. */
export class LeaseLost extends Error {
  constructor(name: string) {
    super(`${name} was claimed by another server while this one processed it; its answers are that server's`);
    this.name = 'LeaseLost';
  }
}

/** The received uploads in PostgreSQL (see openPostgresInbound). */
export interface SharedInbound {
  /**
   * Stores a complete upload claimed by `owner` (the server that received it) for `leaseMs`: once this resolves the
   * file is durable, and any server may process it when that claim runs out.
   */
  add(account: string, name: string, content: Buffer, owner: string, leaseMs: number): Promise<ClaimedFile>;
  /** The account's files not yet answered, in arrival order. */
  list(account: string): Promise<ReceivedEntry[]>;
  /** Claims the oldest file without a live lease for `owner`, for `leaseMs`; undefined when there is none. */
  claim(owner: string, leaseMs: number): Promise<ClaimedFile | undefined>;
  /** A file's bytes; throws when it is gone (answered by another server meanwhile). */
  read(id: string): Promise<Buffer>;
  /** Extends `owner`'s lease on a file it is still processing; false when the claim is no longer its own. */
  renew(id: string, owner: string, leaseMs: number): Promise<boolean>;
  /**
   * Stores the answers in the account's /outbound (cdg_mailbox_files) and removes the file, in one transaction,
   * if `owner` still holds the claim; LeaseLost, with nothing stored, when another server took it over.
   */
  complete(file: ClaimedFile, owner: string, answers: InboundAnswer[]): Promise<Array<{ name: string; bytes: number }>>;
}

/**
 * The /inbound side of the mailboxes for servers sharing a PostgreSQL database (STORE=postgres): a completed upload
 * is a row before its CLOSE is answered, so it survives the server that received it. That server holds it first,
 * under a lease it renews while processing; a file whose lease ran out (its server died) is claimed by another, and
 * the answers and the removal of the file commit together, only while the claim is the committer's own. Needs cdg_mailbox_files (openPostgresMailboxes) for the answers.
 */
export async function openPostgresInbound(pool: Pool): Promise<SharedInbound> {
  await createSharedTables(pool, [SCHEMA]);
  return {
    async add(account, name, content, owner, leaseMs) {
      const { rows } = await pool.query<{ id: string }>(
        `INSERT INTO ${INBOUND_TABLE} (account, name, content, claimed_by, claimed_until) VALUES ($1, $2, $3, $4, now() + $5 * interval '1 millisecond') RETURNING id`,
        [account, name, content, owner, leaseMs],
      );
      return { id: String(rows[0]!.id), account, name };
    },
    async list(account) {
      const { rows } = await pool.query<{ name: string; size: string; mtime: Date }>(
        `SELECT name, octet_length(content) AS size, received_at AS mtime FROM ${INBOUND_TABLE} WHERE account = $1 ORDER BY id`,
        [account],
      );
      return rows.map((r) => ({ name: r.name, size: Number(r.size), mtime: r.mtime }));
    },
    async claim(owner, leaseMs) {
      const { rows } = await pool.query<ClaimedFile>(CLAIM, [owner, leaseMs]);
      return rows[0] && { ...rows[0], id: String(rows[0].id) };
    },
    async read(id) {
      const { rows } = await pool.query<{ content: Buffer }>(`SELECT content FROM ${INBOUND_TABLE} WHERE id = $1`, [id]);
      if (!rows[0]) throw new Error(`received file ${id} is gone: another server answered it`);
      return rows[0].content;
    },
    async renew(id, owner, leaseMs) {
      const { rowCount } = await pool.query(
        `UPDATE ${INBOUND_TABLE} SET claimed_until = now() + $3 * interval '1 millisecond' WHERE id = $1 AND claimed_by = $2`,
        [id, owner, leaseMs],
      );
      return (rowCount ?? 0) > 0;
    },
    complete: (file, owner, answers) =>
      inTransaction(pool, async (client) => {
        // The row lock taken here also keeps a server claiming it now waiting until this commits (and then gone).
        const { rowCount } = await client.query(`DELETE FROM ${INBOUND_TABLE} WHERE id = $1 AND claimed_by = $2`, [file.id, owner]);
        if (!rowCount) throw new LeaseLost(file.name);
        const written: Array<{ name: string; bytes: number }> = [];
        for (const a of answers) written.push(await insertMailboxFile(client, file.account, a.folder, a.name, a.text));
        return written;
      }),
  };
}

