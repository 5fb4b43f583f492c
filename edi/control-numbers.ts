import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Hands out interchange/group/transaction control numbers (ISA13, GS06, ST02): unique and increasing. */
export interface ControlNumbers {
  /** Reserves `count` consecutive numbers and returns the first. */
  next(count?: number): number;
}

const MAX = 999_999_999; // ISA13 is N0 9/9
// Floor derived from the clock (seconds since 2025-01-01Z), so numbers keep increasing across restarts even
// without a state file, as long as a run issues on average fewer than one number per second.
const EPOCH_MS = Date.UTC(2025, 0, 1);

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
  const floor = Math.max(1, Math.floor((clock().getTime() - EPOCH_MS) / 1000));
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
