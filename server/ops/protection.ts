import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from 'cors';
import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import helmet from 'helmet';

/**
 * JSON API responses get the headers OWASP's REST Security Cheat Sheet lists for APIs (nosniff, no framing, a
 * deny-all CSP, no referrer); the HTML pages under /api/docs get helmet's full browser set, with inline
 * styles/scripts allowed for self (Swagger UI needs them). Both sets are static, so helmet runs once and its
 * headers are replayed: running helmet's dozen middlewares, and sending its browser headers on every JSON
 * answer, cost about a fifth of FHIR read throughput (bench/fhir.bench.ts).
 * https://cheatsheetseries.owasp.org/cheatsheets/REST_Security_Cheat_Sheet.html#security-headers
 */
export function securityHeaders(): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  const page = capturedHelmetHeaders();
  // Lower-case names (field names are case-insensitive, RFC 9110 section 5.1): node keys headers by the
  // lower-cased name, and a name already lower-case spares a new string and its lookup on every response.
  const api: Array<[string, string]> = [
    ['x-content-type-options', 'nosniff'],
    ['x-frame-options', 'DENY'],
    ['content-security-policy', "default-src 'none'; frame-ancestors 'none'"],
    ['referrer-policy', 'no-referrer'],
  ];
  return (req, res, next) => {
    const headers = (req.url ?? '').startsWith('/api/docs') ? page : api;
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}

function capturedHelmetHeaders(): Array<[string, string | number | readonly string[]]> {
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
  return headers;
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
