import type express from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FhirNodeHandler } from './fhir/http-adapter.js';

type AppHandle = (req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void) => void;

/** The bits of an express (router 2.x) layer the check reads. */
interface RouterLayer {
  route?: unknown;
  handle: unknown;
  match(path: string): boolean;
}

/** True when no middleware that would run for requests under `mountPath` sits before `mounted` in the stack. */
export function nothingAhead(stack: RouterLayer[], mounted: unknown, mountPath: string): boolean {
  for (const layer of stack) {
    if (layer.handle === mounted) return true;
    if (!layer.route && layer.match(`${mountPath}/metadata`)) return false;
  }
  return false;
}

/**
 * Serves requests under `mountPath` with the framework-free FHIR handler ahead of express. Express's per-request
 * machinery (router walk, req/res decoration) costs about three quarters of read throughput (bench/fhir.bench.ts)
 * and the FHIR face needs none of it. The bypass is taken only while no middleware is registered ahead of the
 * mount, so anything added before it (logging, metrics, CORS, security headers) still sees FHIR requests through
 * express; middleware added after the mount never saw them anyway (the FHIR router ends every response).
 */
export function installFhirFastPath(app: express.Express, mountPath: string, mountedRouter: unknown, handler: FhirNodeHandler): void {
  const target = app as unknown as { handle: AppHandle; router: { stack: RouterLayer[] } };
  const expressHandle = target.handle.bind(app);
  let checkedLength = -1;
  let fast = true;
  target.handle = (req, res, next) => {
    const url = req.url ?? '/';
    const under = url.startsWith(mountPath) && (url.length === mountPath.length || url[mountPath.length] === '/' || url[mountPath.length] === '?');
    if (!under) return expressHandle(req, res, next);
    const stack = target.router.stack;
    if (stack.length !== checkedLength) {
      checkedLength = stack.length;
      fast = nothingAhead(stack, mountedRouter, mountPath);
    }
    if (!fast) return expressHandle(req, res, next);
    req.url = url.slice(mountPath.length) || '/';
    handler(req, res, mountPath).catch(() => res.destroy()); // the handler answers every error itself; this is the last resort
  };
}
