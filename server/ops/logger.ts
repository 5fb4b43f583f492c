import { pino, type DestinationStream, type Logger } from 'pino';
import { LineBatcher } from './line-batcher.js';

export interface LoggerOptions {
  level: string;
  /** Human-readable lines (pino-pretty); default: when stdout is a terminal. */
  pretty?: boolean;
  /** A stream of its own (tests); otherwise lines go to `file`. */
  destination?: DestinationStream | NodeJS.WritableStream;
  /** File descriptor or path the JSON lines are written to (default 1, stdout). */
  file?: number | string;
}

/**
 * Structured JSON logs (pino); human-readable when stdout is a terminal. Off a terminal, lines are batched
 * (4,096 characters, line-batcher.ts) and written asynchronously (https://getpino.io/#/docs/asynchronous), so a request
 * log line does not cost a write system call each: that call was a quarter of FHIR read throughput
 * (bench/fhir.bench.ts). Batched lines are written at least every second, and `flushLogger` runs at shutdown
 * so nothing batched is lost on a graceful stop.
 */
export function createLogger(options: LoggerOptions): Logger {
  const pretty = options.pretty ?? (options.file === undefined && Boolean(process.stdout.isTTY));
  if (options.destination) return pino({ level: options.level, base: undefined }, options.destination as DestinationStream);
  if (pretty) {
    return pino({ level: options.level, transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:standard' } } });
  }
  const batcher = new LineBatcher(pino.destination({ dest: options.file ?? 1, sync: false }));
  const logger = pino({ level: options.level }, batcher);
  // At low traffic the batch would hold lines back; an operator tailing the log sees them within a second.
  setInterval(() => batcher.drain(), 1000).unref();
  return logger;
}

/** Writes out any batched log lines (graceful shutdown). */
export function flushLogger(logger: Logger): Promise<void> {
  return new Promise((resolve) => logger.flush(() => resolve()));
}
