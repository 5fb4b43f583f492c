import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from 'cors';
import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import helmet from 'helmet';

/**
 * Security headers chosen by helmet; the Swagger UI page needs inline styles/scripts, so CSP allows them for
 * self only. Our helmet configuration sets the same static headers on every response (no nonces), so they are
 * captured once from helmet and replayed: running helmet's dozen middlewares per request cost about a fifth of
 * FHIR read throughput (bench/fhir.bench.ts).
 */
export function securityHeaders(): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  const headers: Array<[string, string | number | readonly string[]]> = [];
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => void headers.push([name, value]),
    removeHeader: (name: string) => {
      const i = headers.findIndex(([n]) => n.toLowerCase() === name.toLowerCase());
      if (i >= 0) headers.splice(i, 1);
    },
  };
  let failed: unknown;
  helmetMiddleware()({ method: 'GET', url: '/', headers: {} } as never, recorder as never, (err?: unknown) => {
    failed = err;
  });
  if (failed) throw failed;
  return (_req, res, next) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}

function helmetMiddleware(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
      },
    },
  });
}

/** CORS for the configured origins (`*` for any); undefined when CORS is off. */
export function corsPolicy(origins: string[]): RequestHandler | undefined {
  if (origins.length === 0) return undefined;
  return cors({
    origin: origins.includes('*') ? true : origins,
    exposedHeaders: ['ETag', 'Location', 'Content-Location', 'Last-Modified', 'X-Request-Id'],
    allowedHeaders: ['Content-Type', 'Authorization', 'If-Match', 'If-None-Match', 'If-None-Exist', 'If-Modified-Since', 'Prefer', 'X-Request-Id'],
  });
}

/**
 * Per-client rate limit keyed by the client address; over the limit answers 429 with Retry-After
 * (draft-7 RateLimit headers) and an OperationOutcome body FHIR clients can read.
 * Health and metrics are never limited. Works on plain node:http objects (see edge.ts).
 */
export function rateLimiter(options: { windowMs: number; max: number }): RequestHandler {
  return rateLimit({
    windowMs: options.windowMs,
    limit: options.max,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    validate: false,
    keyGenerator: (req) => ipKeyGenerator(req.socket.remoteAddress ?? 'unknown'),
    skip: (req) => {
      const path = (req.url ?? '/').split('?', 1)[0];
      return path.startsWith('/health') || path === '/metrics';
    },
    handler: (_req, res, _next, opts) => {
      res.statusCode = opts.statusCode;
      res.setHeader('Content-Type', 'application/fhir+json; charset=utf-8');
      res.end(
        JSON.stringify({
          resourceType: 'OperationOutcome',
          issue: [{ severity: 'error', code: 'throttled', diagnostics: `Too many requests: at most ${options.max} per ${options.windowMs} ms` }],
        }),
      );
    },
  });
}
