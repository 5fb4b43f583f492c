import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * Structured JSON logs (pino); human-readable when stdout is a terminal. Off a terminal, lines are buffered
 * (4 KiB, pino's asynchronous mode, https://getpino.io/#/docs/asynchronous) so a request log line does not
 * cost a write system call each: that call was a quarter of FHIR read throughput (bench/fhir.bench.ts).
 * Buffered lines are written at least every second, and `flushLogger` runs at shutdown so nothing buffered is
 * lost on a graceful stop.
 */
export function createLogger(options: { level: string; pretty?: boolean; destination?: DestinationStream | NodeJS.WritableStream }): Logger {
  const pretty = options.pretty ?? Boolean(process.stdout.isTTY);
  if (options.destination) return pino({ level: options.level, base: undefined }, options.destination as DestinationStream);
  if (pretty) {
    return pino({ level: options.level, transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:standard' } } });
  }
  const logger = pino({ level: options.level }, pino.destination({ dest: 1, minLength: 4096, sync: false }));
  // At low traffic the buffer would hold lines back; an operator tailing the log sees them within a second.
  setInterval(() => logger.flush(), 1000).unref();
  return logger;
}

/** Writes out any buffered log lines (graceful shutdown). */
export function flushLogger(logger: Logger): Promise<void> {
  return new Promise((resolve) => logger.flush(() => resolve()));
}
