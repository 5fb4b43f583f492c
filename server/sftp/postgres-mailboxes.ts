import type { Pool, PoolClient } from 'pg';
import { createSharedTables } from '../../data-store/postgres/schema.js';
import { candidateName, checked, type OutboundMailboxes, type SpoolFile } from './outbound-mailboxes.js';
import { OUTBOUND_FOLDERS } from './virtual-path.js';

/** The outbound mailbox files of STORE=postgres: one row per file, shared by every server on the database. */
export const MAILBOX_TABLE = 'cdg_mailbox_files';

const SCHEMA = `CREATE TABLE IF NOT EXISTS ${MAILBOX_TABLE} (
  account text NOT NULL,
  folder text NOT NULL,
  name text NOT NULL,
  content bytea NOT NULL,
  mtime timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account, folder, name)
)`;

/** A write gives up after this many taken names (`name_2` ... ): far more than one drop's documents share a name. */
const MAX_ATTEMPTS = 1000;

interface Row {
  name: string;
  size: number;
  mtime: Date;
}

/**
 * Inserts a whole file under `name`, or `name` with a suffix (`_2`, `_3`...) if taken: the primary key decides, as
 * link() does on disk. `db` may be a client inside a transaction (an inbound file's answers, postgres-inbound.ts).
 */
export async function insertMailboxFile(db: Pool | PoolClient, account: string, folder: string, name: string, text: string): Promise<{ name: string; bytes: number }> {
  // UTF-8, as the disk mailboxes write it (writeFile's default), so both serve the same bytes.
  const content = Buffer.from(text);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const candidate = checked(candidateName(name, attempt));
    const { rowCount } = await db.query(`INSERT INTO ${MAILBOX_TABLE} (account, folder, name, content) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, [
      account,
      folder,
      candidate,
      content,
    ]);
    if (rowCount) return { name: candidate, bytes: content.length };
  }
  throw new Error(`${MAX_ATTEMPTS} files named like ${name} in /outbound/${folder}/ already`);
}

const file = (row: Row): SpoolFile => ({ name: row.name, size: Number(row.size), mtime: row.mtime });

/**
 * The outbound mailboxes in PostgreSQL (STORE=postgres), so a partner sees the same /outbound on every server behind
 * the load balancer: the answer to a file dropped on one server can be fetched from another. A write inserts under a
 * name nobody holds (insertMailboxFile); a download reads the file whole when opened.
 */
export async function openPostgresMailboxes(pool: Pool): Promise<OutboundMailboxes> {
  await createSharedTables(pool, [SCHEMA]);
  return {
    prepare: async () => undefined,
    async list(account, folder) {
      const { rows } = await pool.query<Row>(
        `SELECT name, octet_length(content) AS size, mtime FROM ${MAILBOX_TABLE} WHERE account = $1 AND folder = $2 ORDER BY name COLLATE "C"`,
        [account, folder],
      );
      return rows.map(file);
    },
    async stat(account, folder, name) {
      const { rows } = await pool.query<Row>(`SELECT name, octet_length(content) AS size, mtime FROM ${MAILBOX_TABLE} WHERE account = $1 AND folder = $2 AND name = $3`, [
        account,
        folder,
        name,
      ]);
      return rows[0] && file(rows[0]);
    },
    async open(account, folder, name) {
      const { rows } = await pool.query<{ content: Buffer }>(`SELECT content FROM ${MAILBOX_TABLE} WHERE account = $1 AND folder = $2 AND name = $3`, [account, folder, name]);
      const content = rows[0]?.content;
      if (!content) return undefined;
      return {
        size: content.length,
        read: async (buffer, position) => content.copy(buffer, 0, position),
        close: async () => undefined,
      };
    },
    async remove(account, folder, name) {
      const { rowCount } = await pool.query(`DELETE FROM ${MAILBOX_TABLE} WHERE account = $1 AND folder = $2 AND name = $3`, [account, folder, name]);
      return (rowCount ?? 0) > 0;
    },
    write: (account, folder, name, text) => insertMailboxFile(pool, account, folder, name, text),
    async clear(account) {
      const { rowCount } = await pool.query(`DELETE FROM ${MAILBOX_TABLE} WHERE account = $1 AND folder = ANY($2)`, [account, [...OUTBOUND_FOLDERS]]);
      return rowCount ?? 0;
    },
  };
}
