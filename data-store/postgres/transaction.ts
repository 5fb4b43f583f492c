import type { Pool, PoolClient } from 'pg';

/**
 * Runs `work` on one pooled client between BEGIN and COMMIT; on any error ROLLBACK, then the error is rethrown.
 * The client goes back to the pool either way. https://www.postgresql.org/docs/current/tutorial-transactions.html
 */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
