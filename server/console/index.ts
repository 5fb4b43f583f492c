import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import type { Store } from '../../data-store/store.js';
import { StoreError } from '../../data-store/store.js';
import { ControlNumbersUnavailable } from '../../edi/control-numbers.js';
import { createEdi, OUTBOUND_SETS, type Edi } from '../../edi/gateway.js';
import { CODE_MEANINGS } from '../../edi/guides/code-meanings.js';
import { X12_MEDIA_TYPE } from '../edi/answer.js';
import { memberSummary, memberView, prepareMember } from './member-view.js';
import { overviewOf } from './overview.js';
import type { TrafficLog } from './traffic.js';

export { createTrafficLog, type TrafficEntry, type TrafficLog } from './traffic.js';

/** What the console is built from. */
export interface ConsoleDeps {
  store: Store;
  /** The store's EDI object: member slices use its options (and control numbers). */
  edi: Edi;
  /** The population's as-of date (ages, coverage in force). */
  asOf: string;
  traffic: TrafficLog;
}

/** Static files: the console is plain ES modules, served as written (no build step). */
const PUBLIC = fileURLToPath(new URL('./public/', import.meta.url));
/** Chart.js's self-contained UMD build, from node_modules (its ESM build imports a bare specifier). */
const CHART_JS = join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js');

/**
 * The console's own CSP: scripts, styles and data from this origin only, no inline code. Replaces the deny-all
 * CSP the edge sets on API answers (server/ops/protection.ts), which would block the page.
 */
const PAGE_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const MEMBER_KINDS: readonly string[] = OUTBOUND_SETS.map((t) => t.kind);

/**
 * The web console: the page at `/` (for clients that ask for HTML; others fall through to the API's answer),
 * its files under /console, and read-only JSON under /console/api. Independent of /admin (which may need a token).
 */
export function createConsoleRouter(deps: ConsoleDeps): express.Router {
  const { store, edi, asOf, traffic } = deps;
  const router = express.Router();
  const overview = overviewOf(store, asOf);
  const page = (_req: express.Request, res: express.Response, next: express.NextFunction): void => {
    res.setHeader('content-security-policy', PAGE_CSP);
    next();
  };

  router.get('/', (req, res, next) => {
    if (req.accepts(['application/json', 'text/html']) !== 'text/html') return next();
    res.setHeader('content-security-policy', PAGE_CSP);
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(join(PUBLIC, 'index.html'));
  });
  router.get(['/console', '/console/'], (_req, res) => res.redirect(302, '/'));
  router.get('/console/vendor/chart.umd.min.js', page, (_req, res) => res.sendFile(CHART_JS));
  router.use('/console', page, express.static(PUBLIC, { index: false, fallthrough: true }));

  router.get('/console/api/overview', async (_req, res) => {
    res.json(await overview());
  });
  router.get('/console/api/traffic', (req, res) => {
    const limit = Number(req.query.limit ?? 100);
    const since = req.query.since === undefined ? undefined : Number(req.query.since);
    if (!Number.isInteger(limit) || limit < 0 || (since !== undefined && !Number.isInteger(since))) return problem(res, 400, 'limit and since must be whole numbers');
    res.json({ entries: traffic.recent({ limit, since }) });
  });
  router.get('/console/api/codes', (_req, res) => {
    res.json(CODE_MEANINGS);
  });
  router.get('/console/api/patients/:id/member', async (req, res) => {
    await prepareMember(store, req.params.id);
    try {
      res.json(memberSummary(store, req.params.id, asOf));
    } catch (error) {
      notFound(res, error, req.params.id);
    }
  });
  router.get('/console/api/patients/:id/x12/:kind', async (req, res) => {
    const { id, kind } = req.params;
    if (!MEMBER_KINDS.includes(kind)) return problem(res, 400, `kind must be one of ${MEMBER_KINDS.join(', ')}`);
    await prepareMember(store, id);
    let view: Store;
    try {
      view = memberView(store, id);
    } catch (error) {
      return notFound(res, error, id);
    }
    // The member's slice through the store's EDI options (one control-number sequence), over the view.
    let doc;
    try {
      doc = await createEdi(view, edi.options).emit(kind);
    } catch (error) {
      if (!(error instanceof ControlNumbersUnavailable)) throw error;
      res.set('Retry-After', '5');
      return problem(res, 503, error.message);
    }
    traffic.httpOutbound(req.originalUrl.split('?')[0], kind, doc.controlNumber, doc.bytes.length);
    res.set({ 'content-type': `${X12_MEDIA_TYPE}; charset=utf-8`, 'x-x12-control-number': doc.controlNumber }).send(doc.bytes);
  });
  return router;
}

/** An RFC 9457 problem document (the console API is not FHIR). */
function problem(res: express.Response, status: number, detail: string): void {
  res.status(status).type('application/problem+json').json({ type: 'about:blank', title: status === 404 ? 'Not Found' : status === 503 ? 'Service Unavailable' : 'Bad Request', status, detail });
}

function notFound(res: express.Response, error: unknown, id: string): void {
  if (error instanceof StoreError && (error.code === 'not-found' || error.code === 'gone')) return problem(res, 404, `no patient '${id.slice(0, 64)}'`);
  throw error;
}
