import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PopulationConfig } from '../../population/config.js';
import { healthBody } from './health.js';

/**
 * What the port answers until the store exists and the app is built: liveness 200, readiness 503, and every
 * other request 503 with Retry-After and an OperationOutcome, so orchestrators and clients wait rather than fail.
 */
export function bootApp(info: { version: string; config: PopulationConfig }) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '/').split('?', 1)[0];
    const { config } = info;
    const body = (status: string) =>
      JSON.stringify(healthBody(status, { version: info.version, seed: config.seed, patients: config.patients, asOf: config.asOf, ready: false, loaded: false, patientsLoaded: 0 }));
    res.setHeader('Cache-Control', 'no-store');
    // Generation may block the event loop longer than the keep-alive timeout; a client reusing a boot-time socket
    // after that races the server closing it (ECONNRESET). Closing each boot-time connection avoids the race.
    res.setHeader('Connection', 'close');
    if (path === '/health' || path === '/health/live') {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }).end(body('ok'));
      return;
    }
    res.setHeader('Retry-After', '2');
    if (path === '/health/ready' || path === '/health/loaded') {
      res.writeHead(503, { 'Content-Type': 'application/json; charset=utf-8' }).end(body('starting'));
      return;
    }
    res.writeHead(503, { 'Content-Type': 'application/fhir+json; charset=utf-8' }).end(
      JSON.stringify({
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: 'transient', diagnostics: 'The population is still being generated; retry shortly (see /health/ready)' }],
      }),
    );
  };
}
