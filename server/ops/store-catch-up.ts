import type { Store } from '../../data-store/store.js';
import type { EdgeMiddleware } from './edge.js';

/**
 * Before routing, brings the store up to date with writes other servers sharing its database acknowledged
 * (STORE=postgres; at once for the embedded store), so a write acknowledged by one server is seen by the next
 * request to any other. Health checks pass without it: liveness must not depend on the database. When the
 * database cannot be read the request gets 503 rather than possibly stale data.
 */
export function storeCatchUp(store: Store): EdgeMiddleware {
  return (req, res, next) => {
    if (req.url?.startsWith('/health')) return next();
    store.sync().then(
      () => next(),
      (error: unknown) => {
        if (res.headersSent) return;
        res.statusCode = 503;
        res.setHeader('Content-Type', 'application/fhir+json');
        res.setHeader('Retry-After', '5');
        const diagnostics = `The store's database cannot be read: ${error instanceof Error ? error.message : String(error)}`;
        res.end(JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient', diagnostics }] }));
      },
    );
  };
}
