import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { pino, type Logger } from 'pino';

/** Structured JSON logs (pino); human-readable when stdout is a terminal. */
export function createLogger(options: { level: string; pretty?: boolean; destination?: NodeJS.WritableStream }): Logger {
  const pretty = options.pretty ?? Boolean(process.stdout.isTTY);
  if (options.destination) return pino({ level: options.level, base: undefined }, options.destination as never);
  if (pretty) {
    return pino({ level: options.level, transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:standard' } } });
  }
  return pino({ level: options.level });
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * One log line per request with its request id (an incoming X-Request-Id is honoured when well-formed,
 * otherwise one is generated and echoed). Only method, route, status, duration and sizes are logged:
 * never bodies, query values or headers that could carry PHI.
 */
export function requestLogging(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const incoming = req.get('x-request-id');
    const id = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = id;
    res.setHeader('X-Request-Id', id);
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      logger.info(
        {
          reqId: id,
          method: req.method,
          path: req.path.length > 200 ? `${req.path.slice(0, 200)}...` : req.path,
          status: res.statusCode,
          ms: Math.round(ms * 100) / 100,
          bytes: Number(res.getHeader('content-length') ?? 0) || undefined,
        },
        'request',
      );
    });
    next();
  };
}
