import type { Pool } from 'pg';

/**
 * The key of the transaction-level advisory lock that serialises CREATE TABLE of the shared tables other than the
 * write log: two servers starting together would otherwise race on the catalog ('cdgs' in ASCII).
 * https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS
 */
const SCHEMA_LOCK = 0x63646773;

/** Runs `statements` (CREATE TABLE IF NOT EXISTS ...) in one transaction under the schema lock. */
export async function createSharedTables(pool: Pool, statements: readonly string[]): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [SCHEMA_LOCK]);
    for (const sql of statements) await client.query(sql);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
