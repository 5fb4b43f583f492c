import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Hands out interchange/group/transaction control numbers (ISA13, GS06, ST02) at once: unique and increasing. A
 * counter in memory or a file is one; so are the numbers held for one request (holdControlNumbers).
 */
export interface ControlNumbers {
  /** Takes `count` consecutive numbers and returns the first. */
  next(count?: number): number;
}

/**
 * A counter shared through a database (server/edi/postgres-control-numbers.ts): numbers are taken for one request
 * alone, waiting for a block when the server has too few, so concurrent requests cannot use them up.
 */
export interface SharedControlNumbers {
  /** Takes `count` consecutive numbers for one caller alone and returns the first. */
  take(count: number): Promise<number>;
}

/** Where a store's X12 control numbers come from (EdiOptions.controlNumbers); writers take them held, only. */
export type ControlNumberSource = ControlNumbers | SharedControlNumbers;

/** Control numbers could not be reserved (database unreachable, exhausted): nothing was done; answer 503, retry. */
export class ControlNumbersUnavailable extends Error {
  constructor(cause: unknown) {
    super(`X12 control numbers cannot be reserved: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'ControlNumbersUnavailable';
  }
}

/**
 * The one way to take control numbers: the `count` numbers one request or document writes with, held before it
 * writes or stores anything. From a shared counter they are taken at once (take) and handed out by next() in
 * order, the unused ones skipped (X12 control numbers need only be unique and increasing, X12.5 ISA13); a counter
 * that hands numbers out at once is its own holder. ControlNumbersUnavailable when they cannot be taken.
 */
export async function holdControlNumbers(counter: ControlNumberSource, count: number): Promise<ControlNumbers> {
  if ('next' in counter) return counter;
  let first: number;
  try {
    first = await counter.take(count);
  } catch (error) {
    throw new ControlNumbersUnavailable(error);
  }
  const end = first + count;
  return {
    next(n = 1) {
      if (first + n > end) throw new Error(`a request held ${count} X12 control numbers and needs more`);
      const taken = first;
      first += n;
      return taken;
    },
  };
}

/** The numbers an interchange of `sets` transaction sets in one group takes: ISA13 = GS06, then one ST02 each. */
export function interchangeNumbers(sets: number): number {
  return 1 + sets;
}

/** The largest control number: ISA13 is N0 9/9 (X12.5). */
export const MAX_CONTROL_NUMBER = 999_999_999;
const MAX = MAX_CONTROL_NUMBER;
const EPOCH_MS = Date.UTC(2025, 0, 1);

/**
 * The lowest number to hand out now: seconds since 2025-01-01Z, so numbers keep increasing across restarts even
 * without a state file, as long as a run issues on average fewer than one number per second.
 */
export function clockFloor(clock: () => Date): number {
  return Math.max(1, Math.floor((clock().getTime() - EPOCH_MS) / 1000));
}

export interface ControlNumberOptions {
  /** JSON file keeping the reserved high-water mark; when given, numbers survive restarts exactly. */
  file?: string;
  clock?: () => Date;
  /** Numbers reserved per file write (hi/lo allocation), so a busy 270 endpoint does not write per request. */
  block?: number;
}

/**
 * Creates the counter. With `file`, the high-water mark is persisted (write to temp + rename, so a crash
 * never leaves a torn file) a block at a time; after a restart numbering resumes above everything reserved.
 */
export function createControlNumbers(options: ControlNumberOptions = {}): ControlNumbers {
  const clock = options.clock ?? (() => new Date());
  const block = options.block ?? 1000;
  const file = options.file;
  let reservedThrough = 0;
  if (file && existsSync(file)) {
    try {
      const saved = JSON.parse(readFileSync(file, 'utf8')) as { reservedThrough?: unknown };
      if (typeof saved.reservedThrough === 'number') reservedThrough = saved.reservedThrough;
    } catch {
      // An unreadable state file: fall back to the clock floor below.
    }
  }
  const floor = clockFloor(clock);
  let nextNumber = Math.max(reservedThrough + 1, floor);
  if (!file) reservedThrough = Number.POSITIVE_INFINITY;

  const persist = (through: number): void => {
    if (!file) return;
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ reservedThrough: through }));
    renameSync(tmp, file);
  };

  return {
    next(count = 1) {
      const first = nextNumber;
      const last = first + count - 1;
      if (last > MAX) throw new Error('X12 control numbers exhausted (ISA13 max 999999999)');
      if (last > reservedThrough) {
        reservedThrough = Math.min(MAX, last + block);
        persist(reservedThrough);
      }
      nextNumber = last + 1;
      return first;
    },
  };
}
