import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { randomUUID } from 'node:crypto';
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
  const chain = options.middleware ?? [];
  // prom-client hashes the label object on every call; children per label set are looked up once.
  const children = new Map<string, { count: { inc(): void }; duration: { observe(v: number): void } }>();
  const record = (method: string, route: string, status: string, seconds: number): void => {
    if (!metrics) return;
    const key = `${method} ${route} ${status}`;
    let child = children.get(key);
    if (!child) {
      const labels = { method, route, status };
      child = { count: metrics.httpRequests.labels(labels), duration: metrics.httpDuration.labels(labels) };
      children.set(key, child);
    }
    child.count.inc();
    child.duration.observe(seconds);
  };
  return (req: IncomingMessage, res: ServerResponse, route: () => void): void => {
    const start = process.hrtime.bigint();
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', id);
    const path = (req.url ?? '/').split('?', 1)[0];
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const method = req.method ?? 'GET';
      const route = routeShape(path);
      record(method, route, String(res.statusCode), seconds);
      logger?.info({ reqId: id, method, route, status: res.statusCode, ms: Math.round(seconds * 1e5) / 100 }, 'request');
    });
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
