import type { PoolClient } from 'pg';
import { describeDatabaseUrl, StoreUnavailableError } from './store-unavailable.js';

/** The settings the base population of the servers sharing a database is generated from: one row. */
export const POPULATION_TABLE = 'cdg_population';

const SCHEMA = `CREATE TABLE IF NOT EXISTS ${POPULATION_TABLE} (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  population json NOT NULL
)`;

/**
 * Keeps the population settings of the first server on a database and refuses a server whose differ: writes are
 * versions of resources of the base every server regenerates from the seed, so servers with other bases would
 * answer differently behind one load balancer. Runs inside the caller's transaction (under the write lock).
 */
export async function guardPopulation(client: PoolClient, databaseUrl: string, population: Record<string, unknown>): Promise<void> {
  await client.query(SCHEMA);
  const { rows } = await client.query<{ population: Record<string, unknown> }>(`SELECT population FROM ${POPULATION_TABLE}`);
  if (!rows.length) {
    await client.query(`INSERT INTO ${POPULATION_TABLE} (population) VALUES ($1)`, [JSON.stringify(population)]);
    return;
  }
  const kept = rows[0].population;
  const differences = [...new Set([...Object.keys(population), ...Object.keys(kept)])]
    .filter((key) => JSON.stringify(population[key]) !== JSON.stringify(kept[key]))
    .map((key) => `${key} ${JSON.stringify(population[key]) ?? 'unset'} here, ${JSON.stringify(kept[key]) ?? 'unset'} there`);
  if (differences.length) {
    throw new StoreUnavailableError(
      `the PostgreSQL database ${describeDatabaseUrl(databaseUrl) ?? ''} holds the writes of another population (${differences.join('; ')}): ` +
        'start every server on it with the same population settings, or use another database',
    );
  }
}
