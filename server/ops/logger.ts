import { pino, type DestinationStream, type Logger } from 'pino';

/** Structured JSON logs (pino); human-readable when stdout is a terminal. */
export function createLogger(options: { level: string; pretty?: boolean; destination?: DestinationStream | NodeJS.WritableStream }): Logger {
  const pretty = options.pretty ?? Boolean(process.stdout.isTTY);
  if (options.destination) return pino({ level: options.level, base: undefined }, options.destination as never);
  if (pretty) {
    return pino({ level: options.level, transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:standard' } } });
  }
  return pino({ level: options.level });
}
