import type { Store } from '../../data-store/store.js';
import { processInbound, rejectUnreadable, type EdiOptions } from '../../edi/gateway.js';
import type { FastHandler } from '../fast-path.js';
import { readBody, type BodyError } from '../read-body.js';
import type { Metrics } from '../ops/metrics.js';
import { countX12Documents } from '../ops/x12-metrics.js';
import { writeDocuments } from './answer.js';

const INBOUND: Record<string, '270' | '837'> = { '/270': '270', '/270/': '270', '/837': '837', '/837/': '837' };

/**
 * POST /edi/270 and POST /edi/837 without express (see fast-path.ts): read the body, process the interchange,
 * answer with the acknowledgements and count the documents. Anything else is passed on to the express router.
 */
export function createEdiInboundHandler(deps: { store: Store; edi: EdiOptions; limit: number; metrics?: Metrics }): FastHandler {
  const { store, edi, limit, metrics } = deps;
  return async (req, res, _mountPath, pass) => {
    const only = req.method === 'POST' ? INBOUND[req.url ?? ''] : undefined;
    if (!only) return pass();
    let text: string;
    try {
      // latin1: X12 is single-byte text, and any byte survives to be judged by the parser.
      text = (await readBody(req, limit)).toString('latin1');
    } catch (err) {
      const e = err as BodyError;
      const docs = rejectUnreadable(store, `request body could not be read (${e.type})`, { edi });
      writeDocuments(req, res, docs, e.status);
      if (metrics) countX12Documents(metrics, 'POST', `/${only}`, e.status, docs);
      return;
    }
    const docs = await processInbound(store, text, { only, edi });
    writeDocuments(req, res, docs);
    if (metrics) countX12Documents(metrics, 'POST', `/${only}`, 200, docs);
  };
}
