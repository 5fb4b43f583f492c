import type { IncomingMessage } from 'node:http';
import type { Store } from '../../data-store/store.js';
import { processInbound, rejectUnreadable, type EdiOptions } from '../../edi/gateway.js';
import type { FastHandler } from '../fast-path.js';
import type { Metrics } from '../ops/metrics.js';
import { countX12Documents } from '../ops/x12-metrics.js';
import { writeDocuments } from './answer.js';

/** Why a body could not be read: over the limit (413) or the connection failed (400). */
class UnreadableBody extends Error {
  constructor(readonly status: number, readonly reason: string) {
    super(reason);
  }
}

/** The raw body as latin1 text (X12 is single-byte; any byte survives to be judged by the parser). */
function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      req.resume();
      reject(new UnreadableBody(413, 'entity.too.large'));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new UnreadableBody(413, 'entity.too.large'));
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve((chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)).toString('latin1')));
    req.on('error', () => reject(new UnreadableBody(400, 'request.aborted')));
  });
}

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
      text = await readBody(req, limit);
    } catch (err) {
      const e = err instanceof UnreadableBody ? err : new UnreadableBody(400, 'request.aborted');
      const docs = rejectUnreadable(store, `request body could not be read (${e.reason})`, { edi });
      writeDocuments(req, res, docs, e.status);
      if (metrics) countX12Documents(metrics, 'POST', `/${only}`, e.status, docs);
      return;
    }
    const docs = await processInbound(store, text, { only, edi });
    writeDocuments(req, res, docs);
    if (metrics) countX12Documents(metrics, 'POST', `/${only}`, 200, docs);
  };
}
