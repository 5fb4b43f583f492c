import type express from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';

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
 * A framework-free handler for requests below a mount path (`req.url` relative to it). It answers the request,
 * or calls `pass()` to leave it to express (a route it does not serve itself).
 */
export type FastHandler = (req: IncomingMessage, res: ServerResponse, mountPath: string, pass: () => void) => Promise<void> | void;

/**
 * Serves requests under `mountPath` with a framework-free handler ahead of express. Express's per-request
 * machinery (router walk, req/res decoration) costs about three quarters of FHIR read throughput and a third of
 * a 270 -> 271 (bench/fhir.bench.ts, bench/edi.bench.ts), and these faces need none of it. The bypass is taken
 * only while no middleware is registered ahead of the mount, so anything added before it (logging, metrics, CORS,
 * security headers) still sees those requests through express; middleware added after the mount never saw them
 * anyway (the mounted router ends every response).
 */
export function installFastPath(app: express.Express, mountPath: string, mountedRouter: unknown, handler: FastHandler): void {
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
    const pass = (): void => {
      req.url = url;
      expressHandle(req, res, next);
    };
    // The handler answers every error itself; destroying the socket is the last resort.
    handler(req, res, mountPath, pass)?.catch(() => res.destroy());
  };
}
