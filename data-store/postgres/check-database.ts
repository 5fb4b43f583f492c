import { Client } from 'pg';
import { storeUnavailable } from './store-unavailable.js';

/**
 * Connects once and logs out: start-up calls it before generating the population, so a wrong DATABASE_URL or a
 * database that is down is reported in seconds, not after a generation of minutes. StoreUnavailableError otherwise.
 */
export async function checkDatabase(databaseUrl: string): Promise<void> {
  let client: Client | undefined;
  try {
    client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000, application_name: 'cdg' });
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw storeUnavailable(databaseUrl, error);
  } finally {
    await client?.end().catch(() => undefined);
  }
}
