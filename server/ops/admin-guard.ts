import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import { isIP } from 'node:net';

/** Whether an interface name keeps the port on this machine (127.0.0.0/8, ::1, localhost). */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1' || h === '::ffff:127.0.0.1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

/**
 * The admin token the server runs with: ADMIN_TOKEN when set; otherwise a random one when the port stays on
 * loopback (printed at start so the local user can use it); otherwise none, and /admin is disabled: a token
 * nobody configured must not guard a port other machines reach.
 */
export function resolveAdminToken(settings: { adminToken: string; host: string }): { token: string; generated: boolean } {
  if (settings.adminToken !== '') return { token: settings.adminToken, generated: false };
  if (isLoopback(settings.host)) return { token: randomBytes(24).toString('base64url'), generated: true };
  return { token: '', generated: false };
}

function refuse(res: Response, status: number, code: string, text: string): void {
  res.status(status).type('application/fhir+json').json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, details: { text } }] });
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Guards /admin/*: refuses cross-site browser requests (Sec-Fetch-Site, or an Origin other than the Host: a
 * page must not reset the store, even through a "simple" request that skips the CORS preflight), then asks for
 * `Authorization: Bearer <token>` (which no simple request can carry). Without a token admin is disabled (403).
 * https://fetch.spec.whatwg.org/#cors-safelisted-request-header https://www.w3.org/TR/fetch-metadata/
 * https://datatracker.ietf.org/doc/html/rfc6750#section-2.1
 */
export function adminGuard(options: { token: string; host?: string }): RequestHandler {
  const expected = digest(options.token);
  return (req, res, next) => {
    if (options.token === '') {
      const why = options.host && !isLoopback(options.host) ? `the server listens on ${options.host}, beyond loopback, and ADMIN_TOKEN is not set` : 'no admin token is configured';
      refuse(res, 403, 'forbidden', `The admin API is disabled: ${why}. Set ADMIN_TOKEN and send it as Authorization: Bearer <token>.`);
      return;
    }
    const site = req.headers['sec-fetch-site'];
    const origin = req.headers.origin;
    if ((site !== undefined && site !== 'same-origin' && site !== 'none') || (origin !== undefined && !sameOrigin(origin, req.headers.host))) {
      refuse(res, 403, 'forbidden', 'Cross-site requests to the admin API are refused');
      return;
    }
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (!m || !timingSafeEqual(digest(m[1]), expected)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="cdg-admin"');
      refuse(res, 401, 'login', 'The admin API needs Authorization: Bearer <ADMIN_TOKEN> (printed at start when generated)');
      return;
    }
    next();
  };
}

function sameOrigin(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host.toLowerCase();
  } catch {
    return false;
  }
}
