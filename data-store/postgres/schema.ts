import type { Pool } from 'pg';
import { inTransaction } from './transaction.js';

/**
 * The key of the transaction-level advisory lock that serialises CREATE TABLE of the shared tables other than the
 * write log: two servers starting together would otherwise race on the catalog ('cdgs' in ASCII).
 * https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS
 */
const SCHEMA_LOCK = 0x63646773;

/** Runs `statements` (CREATE TABLE IF NOT EXISTS ...) in one transaction under the schema lock. */
export async function createSharedTables(pool: Pool, statements: readonly string[]): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [SCHEMA_LOCK]);
    for (const sql of statements) await client.query(sql);
  });
}
