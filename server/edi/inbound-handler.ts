import type { IncomingMessage, ServerResponse } from 'node:http';
import { INBOUND_SETS, type Edi } from '../../edi/gateway.js';
import type { FastHandler } from '../fast-path.js';
import { readBody, type BodyError } from '../read-body.js';
import type { Metrics } from '../ops/metrics.js';
import { countX12Documents } from '../ops/x12-metrics.js';
import type { TrafficLog } from '../console/traffic.js';
import { unlessUnavailable, writeDocuments } from './answer.js';

/** What answers an inbound POST (both the express routes and the fast path use it). */
export interface InboundAnswers {
  /** Processes an interchange, answers with its acknowledgements and counts the documents. */
  interchange(req: IncomingMessage, res: ServerResponse, text: string, only: string): Promise<void>;
  /** Answers a body that could not be read with a TA1 (note 024) and `status`, and counts it as rejected. */
  unreadable(req: IncomingMessage, res: ServerResponse, path: string, reason: string, status: number): Promise<void>;
}

/** The inbound answers of one EDI object. */
export function inboundAnswers(deps: { edi: Edi; metrics?: Metrics; traffic?: TrafficLog }): InboundAnswers {
  const { edi, metrics, traffic } = deps;
  return {
    async interchange(req, res, text, only) {
      const docs = await unlessUnavailable(res, () => edi.receive(text, { only }));
      if (!docs) return;
      writeDocuments(req, res, docs);
      if (metrics) countX12Documents(metrics, 'POST', `/${only}`, 200, docs);
      traffic?.httpInbound(`/edi/${only}`, only, text.length, docs);
    },
    async unreadable(req, res, path, reason, status) {
      const docs = await unlessUnavailable(res, () => edi.rejectUnreadable(`request body could not be read (${reason})`));
      if (!docs) return;
      writeDocuments(req, res, docs, status);
      if (metrics) countX12Documents(metrics, 'POST', path, status, docs);
      traffic?.httpInbound(`/edi${path}`, path.replace(/\W/g, '') || 'x12', undefined, docs);
    },
  };
}

/** POST path (with or without a trailing slash) -> inbound kind, from the transaction-set table. */
const INBOUND: ReadonlyMap<string, string> = new Map(INBOUND_SETS.flatMap((t) => [[t.http.path, t.kind], [`${t.http.path}/`, t.kind]]));

/**
 * POST /edi/<inbound kind> (270, 276, 837) without express (see fast-path.ts): read the body, then answer as the express
 * routes do. Anything else is passed on to the express router.
 */
export function createEdiInboundHandler(answers: InboundAnswers, limit: number): FastHandler {
  return async (req, res, _mountPath, pass) => {
    const only = req.method === 'POST' ? INBOUND.get(req.url ?? '') : undefined;
    if (!only) return pass();
    let text: string;
    try {
      // latin1: X12 is single-byte text, and any byte survives to be judged by the parser.
      text = (await readBody(req, limit)).toString('latin1');
    } catch (err) {
      const e = err as BodyError;
      return answers.unreadable(req, res, `/${only}`, e.type, e.status);
    }
    await answers.interchange(req, res, text, only);
  };
}
