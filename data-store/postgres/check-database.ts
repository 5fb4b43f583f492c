import type { Client } from 'pg';
import { storeUnavailable } from './store-unavailable.js';

/**
 * Connects once and logs out: start-up calls it before generating the population, so a wrong DATABASE_URL or a
 * database that is down is reported in seconds, not after a generation of minutes. StoreUnavailableError otherwise.
 */
export async function checkDatabase(databaseUrl: string): Promise<void> {
  let client: Client | undefined;
  try {
    // pg (~40 CommonJS modules) is loaded only by a server with DATABASE_URL, not on every start (issue 13).
    const { default: pg } = await import('pg');
    client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000, application_name: 'cdg' });
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw storeUnavailable(databaseUrl, error);
  } finally {
    await client?.end().catch(() => undefined);
  }
}
