import type { NextFunction, Request, Response } from 'express';
import { notFoundWith } from '../fhir/outcomes.js';

/** What any non-FHIR route answers on error: a small JSON body instead of express's HTML page. */
export interface JsonError {
  error: { status: number; message: string };
}

function isUnder(path: string, base: string): boolean {
  return path === base || path.startsWith(`${base}/`);
}

/**
 * The last route: a request no route served answers 404 as JSON (an OperationOutcome under the FHIR base,
 * R4 http.html#summary "404 Not Found ... an OperationOutcome").
 */
export function notFoundHandler(fhirBase: string) {
  return (req: Request, res: Response): void => {
    const message = `No route ${req.method} ${req.path}`;
    res.setHeader('Cache-Control', 'no-store');
    if (isUnder(req.path, fhirBase)) {
      res.status(404).type('application/fhir+json').json(notFoundWith(message));
      return;
    }
    res.status(404).json({ error: { status: 404, message } } satisfies JsonError);
  };
}

/** Errors no route answered (a malformed JSON body, a body over the limit): JSON with their status, never HTML. */
export function jsonErrorHandler() {
  return (err: unknown, _req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) return next(err);
    const e = err as { status?: unknown; statusCode?: unknown; expose?: unknown; message?: unknown };
    const raw = Number(e.status ?? e.statusCode);
    const status = Number.isInteger(raw) && raw >= 400 && raw < 600 ? raw : 500;
    const message = status < 500 && typeof e.message === 'string' ? e.message : 'Internal server error';
    res.status(status).json({ error: { status, message } } satisfies JsonError);
  };
}
