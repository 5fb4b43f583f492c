import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { RequestIds } from './request-ids.js';
import { createAccessLog } from './access-log.js';
import type { Metrics } from './metrics.js';
import { routeShape } from './metrics.js';

/** A connect-style middleware over plain node:http objects (helmet, cors and express-rate-limit all are). */
export type EdgeMiddleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

export interface EdgeOptions {
  logger?: Logger;
  metrics?: Metrics;
  /** Run in order before any route; each may answer the request itself (CORS preflight, 429). */
  middleware?: EdgeMiddleware[];
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * What every request passes through before routing, framework-free so the FHIR fast path keeps its speed:
 * request id (X-Request-Id honoured when well-formed, else generated, always echoed), one structured log
 * line per request (method, route shape, status, duration; never bodies, query strings or PHI-like fields),
 * Prometheus counters/latency by route and status, then the protection middleware.
 */
export function createEdge(options: EdgeOptions) {
  const { logger, metrics } = options;
  const accessLog = createAccessLog(logger);
  const chain = options.middleware ?? [];
  const requestIds = new RequestIds();
  return (req: IncomingMessage, res: ServerResponse, route: () => void): void => {
    const start = performance.now();
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : requestIds.next();
    res.setHeader('x-request-id', id); // lower-case: see protection.ts
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query >= 0 ? url.slice(0, query) : url;
    if (metrics || accessLog) {
      res.on('finish', () => {
        const elapsed = performance.now() - start;
        const method = req.method ?? 'GET';
        const route = routeShape(path);
        metrics?.http.record(method, route, res.statusCode, elapsed / 1000);
        accessLog?.({ reqId: id, method, route, status: res.statusCode, ms: Math.round(elapsed * 100) / 100 });
      });
    }
    let i = 0;
    const next = (err?: unknown): void => {
      if (err) {
        logger?.error({ reqId: id, err }, 'edge middleware failed');
        if (!res.headersSent) {
          res.statusCode = 500;
          res.setHeader('Content-Type', 'application/fhir+json');
          res.end(JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception', diagnostics: 'Internal error' }] }));
        }
        return;
      }
      const middleware = chain[i++];
      if (middleware) middleware(req, res, next);
      else route();
    };
    next();
  };
}
