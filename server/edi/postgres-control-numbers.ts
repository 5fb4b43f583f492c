import type { Pool } from 'pg';
import { createSharedTables } from '../../data-store/postgres/schema.js';
import { clockFloor, MAX_CONTROL_NUMBER, type SharedControlNumbers } from '../../edi/control-numbers.js';

/** One row: the highest X12 control number any server on the database has reserved. */
export const CONTROL_NUMBERS_TABLE = 'cdg_control_numbers';

const SCHEMA = `CREATE TABLE IF NOT EXISTS ${CONTROL_NUMBERS_TABLE} (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  reserved_through bigint NOT NULL
)`;

/**
 * Reserves the next `$2` numbers at or above `$1 + 1` in one statement: the row lock of the upsert makes two servers
 * asking together take disjoint blocks (https://www.postgresql.org/docs/current/sql-insert.html#SQL-ON-CONFLICT).
 */
const RESERVE = `INSERT INTO ${CONTROL_NUMBERS_TABLE} AS c (only_row, reserved_through) VALUES (true, $1::bigint + $2::bigint)
  ON CONFLICT (only_row) DO UPDATE SET reserved_through = GREATEST(c.reserved_through, $1::bigint) + $2::bigint
  RETURNING reserved_through`;

interface Block {
  next: number;
  through: number;
}

/**
 * X12 control numbers (ISA13, GS06, ST02) for servers sharing a PostgreSQL database (STORE=postgres): each server
 * reserves blocks of `block` numbers from one row and hands them out from memory, so two servers never issue the
 * same number, each server's numbers increase (every block starts above every earlier one) and a restart starts a
 * fresh block. Numbers are only taken whole for one request (take: what it writes with, held before it writes, see
 * holdControlNumbers); when half a block is used the next one is reserved in the background, so a request waits
 * for the database only when a burst outruns that. The clock floor of edi/control-numbers.ts applies to the first block.
 */
export async function openSharedControlNumbers(pool: Pool, options: { block?: number; clock?: () => Date } = {}): Promise<SharedControlNumbers> {
  const blockSize = options.block ?? 1000;
  const clock = options.clock ?? (() => new Date());
  await createSharedTables(pool, [SCHEMA]);
  const fetchBlock = async (count: number): Promise<Block> => {
    const { rows } = await pool.query<{ reserved_through: string }>(RESERVE, [clockFloor(clock) - 1, count]);
    const through = Number(rows[0].reserved_through);
    if (through > MAX_CONTROL_NUMBER) throw new Error('X12 control numbers exhausted (ISA13 max 999999999)');
    return { next: through - count + 1, through };
  };
  let current = await fetchBlock(blockSize);
  let spare: Block | undefined;
  let fetching: Promise<void> | undefined;
  const left = (b: Block | undefined) => (b ? b.through - b.next + 1 : 0);
  const refill = (count: number): Promise<void> =>
    (fetching ??= fetchBlock(Math.max(blockSize, count))
      .then((b) => {
        spare = b;
      })
      .finally(() => {
        fetching = undefined;
      }));

  // Called only once `count` numbers are in hand (take), so it never fails.
  const next = (count: number): number => {
    if (left(current) < count) {
      // The rest of the current block is skipped: numbers must increase, and the spare block starts above it.
      current = spare!;
      spare = undefined;
    }
    const first = current.next;
    current.next += count;
    if (!spare && left(current) < blockSize / 2) refill(blockSize).catch(() => undefined);
    return first;
  };
  return {
    async take(count) {
      // Checked and taken in one synchronous step: while a block is on its way, other requests may draw down
      // what arrived before this one resumes.
      while (left(current) < count && left(spare) < count) {
        if (fetching) await fetching;
        else await refill(count);
      }
      return next(count);
    },
  };
}
