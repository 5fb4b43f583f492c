import { join } from 'node:path';
import express from 'express';
import type { Store } from '../../data-store/store.js';
import { createControlNumbers, type ControlNumberSource } from '../../edi/control-numbers.js';
import { createEdi, INBOUND_SETS, OUTBOUND_SETS, type Edi, type OutboundSet, type TradingPartner } from '../../edi/gateway.js';
import type { Delimiters } from '../../edi/x12/delimiters.js';
import type { FastHandler } from '../fast-path.js';
import type { Metrics } from '../ops/metrics.js';
import { countX12Documents } from '../ops/x12-metrics.js';
import type { TrafficLog } from '../console/traffic.js';
import { X12_MEDIA_TYPE, unlessUnavailable, writeProblem } from './answer.js';
import { createEdiInboundHandler, inboundAnswers } from './inbound-handler.js';

/** What the EDI routes are built from. */
export interface EdiRouterDeps {
  store: Store;
  /** The store's EDI object, shared with the SFTP drop; made from the settings below when absent. */
  edi?: Edi;
  /** Where the control-number high-water mark is kept (edi-control-numbers.json); memory + clock floor when absent. */
  dataDir?: string;
  /** Control numbers from elsewhere (the database of STORE=postgres); win over `dataDir`. */
  controlNumbers?: ControlNumberSource;
  /** The population's as-of date: eligibility and terminations are judged on it when a 270 names no date. */
  asOf?: string;
  delimiters?: Delimiters;
  /** Text after each segment terminator: '\n' (default) or ''. */
  lineBreak?: string;
  /** Largest accepted inbound body in bytes (default 50 MiB); larger ones get a TA1 and HTTP 413. */
  maxBodyBytes?: number;
  clock?: () => Date;
  /** X12 document counters (cdg_x12_documents_total); none when absent. */
  metrics?: Metrics;
  /** Recent EDI traffic for the console; none when absent. */
  traffic?: TrafficLog;
  /** ISA15 of what we send (default T), our ISA06 id, and the trading partners `?partner=` may name. */
  usage?: 'P' | 'T';
  ourId?: string;
  partners?: Record<string, TradingPartner>;
}

const DATE_OR_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * HTTP face of the X12 gateway (mounted at /edi), routes from the transaction-set table: GET of each outbound
 * row (/834, /837?type=P|I|D, /835) emits from the store as it is now; POST of each inbound row (/270, /276,
 * /837) answers with what the row answers (271, 277, 999 + 277CA). Bodies are raw X12; responses are
 * application/edi-x12 (several interchanges concatenated) or JSON when asked for. All X12 work is in edi/.
 */
export function createEdiRouter(deps: EdiRouterDeps): express.Router {
  return createEdiFace(deps).router;
}

/** The store's EDI object from the router's settings (see EdiRouterDeps). */
export function ediFromDeps(deps: EdiRouterDeps): Edi {
  const clock = deps.clock ?? (() => new Date());
  return createEdi(deps.store, {
    clock,
    asOf: deps.asOf,
    ...(deps.controlNumbers
      ? { controlNumbers: deps.controlNumbers }
      : deps.dataDir
        ? { controlNumbers: createControlNumbers({ clock, file: join(deps.dataDir, 'edi-control-numbers.json') }) }
        : {}),
    ...(deps.delimiters ? { delimiters: deps.delimiters } : {}),
    ...(deps.lineBreak !== undefined ? { lineBreak: deps.lineBreak } : {}),
    ...(deps.maxBodyBytes ? { maxInboundBytes: deps.maxBodyBytes } : {}),
    ...(deps.usage ? { usage: deps.usage } : {}),
    ...(deps.ourId ? { ourId: deps.ourId } : {}),
    ...(deps.partners ? { partners: deps.partners } : {}),
  });
}

/**
 * The EDI face as an express router plus the framework-free handler for the inbound POSTs that app.ts serves
 * ahead of express (fast-path.ts); both answer through one EDI object, so control numbers stay in one sequence.
 */
export function createEdiFace(deps: EdiRouterDeps): { router: express.Router; inbound: FastHandler; edi: Edi } {
  const { metrics } = deps;
  const edi = deps.edi ?? ediFromDeps(deps);
  const router = express.Router();
  const limit = deps.maxBodyBytes ?? 50 * 1024 * 1024;
  // Raw bytes, decoded as latin1 here: X12 is single-byte text, and any byte survives to be judged by the parser.
  const rawBody = express.raw({ type: () => true, limit });

  const emit = (sets: readonly OutboundSet[]) => async (req: express.Request, res: express.Response): Promise<void> => {
    // Several kinds on one path (GET /837) are told apart by ?type= (P default: the first row).
    const type = String(req.query.type ?? sets[0].http.type ?? '').toUpperCase();
    const set = sets.length === 1 ? sets[0] : sets.find((t) => t.http.type === type);
    if (!set) return writeProblem(res, 400, `type must be ${sets.map((t) => t.http.type).join(' or ')}`);
    const k = set.kind;
    const since = typeof req.query.since === 'string' ? req.query.since : undefined;
    const payer = typeof req.query.payer === 'string' ? req.query.payer : undefined;
    const partner = typeof req.query.partner === 'string' ? req.query.partner : undefined;
    if (since !== undefined && !DATE_OR_INSTANT.test(since)) return writeProblem(res, 400, `since must be a date (YYYY-MM-DD) or instant, got '${since.slice(0, 40)}'`);
    if (payer !== undefined && !edi.payerKnown(payer)) return writeProblem(res, 404, `unknown payer '${payer.slice(0, 40)}': no Organization with that X12 payer id or id`, 'not-found');
    if (partner !== undefined && !Object.hasOwn(edi.options.partners, partner)) return writeProblem(res, 404, `unknown trading partner '${partner.slice(0, 40)}'`, 'not-found');
    const doc = await unlessUnavailable(res, () => edi.emit(k, { since, payer, partner }));
    if (!doc) return;
    res.set({ 'X-X12-Control-Number': doc.controlNumber, 'X-EDI-Documents': `${k}:${doc.controlNumber}`, 'Content-Type': `${X12_MEDIA_TYPE}; charset=utf-8` }).send(doc.bytes);
    if (metrics) countX12Documents(metrics, 'GET', req.path, 200, [{ kind: k }]);
    deps.traffic?.httpOutbound(`/edi${req.path}`, k, doc.controlNumber, doc.bytes.length);
  };
  for (const path of new Set(OUTBOUND_SETS.map((t) => t.http.path))) router.get(path, emit(OUTBOUND_SETS.filter((t) => t.http.path === path)));

  const answers = inboundAnswers({ edi, metrics, traffic: deps.traffic });
  for (const set of INBOUND_SETS) {
    router.post(set.http.path, rawBody, async (req: express.Request, res: express.Response): Promise<void> => {
      const text = typeof req.body === 'string' ? req.body : Buffer.isBuffer(req.body) ? req.body.toString('latin1') : '';
      await answers.interchange(req, res, text, set.kind);
    });
  }

  // Body errors (too large, bad encoding) still get an X12 answer: a TA1 with note 024.
  router.use((err: unknown, req: express.Request, res: express.Response, next: express.NextFunction) => {
    const e = err as { type?: string; status?: number };
    if (!e || typeof e !== 'object' || !('type' in e)) return next(err);
    return answers.unreadable(req, res, req.path, String(e.type), e.type === 'entity.too.large' ? 413 : e.status ?? 400);
  });
  return { router, inbound: createEdiInboundHandler(answers, limit), edi };
}
