import type { NextFunction, Request, Response } from 'express';
import type { Metrics } from './metrics.js';

/**
 * Counts X12 documents crossing /edi by transaction type: inbound 270/837 as accepted or rejected (judged by
 * the acknowledgements the gateway answered with: a TA1 or a lone 999 is a rejection), outbound documents
 * (834/837/835 views and the 271/999/277CA/TA1 answers) as emitted. Reads only the response headers the EDI
 * router sets (X-EDI-Documents: kind:control-number, on every answer), never the X12 itself.
 */
export function x12Metrics(metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    res.once('finish', () => {
      const answered = String(res.getHeader('X-EDI-Documents') ?? '')
        .split(',')
        .filter(Boolean)
        .map((d) => d.split(':', 1)[0]);
      const path = req.path.replace(/\/+$/, '');
      if (req.method === 'GET' && res.statusCode === 200) {
        for (const kind of answered) metrics.x12Documents.inc({ type: kind, direction: 'outbound', result: 'emitted' });
        return;
      }
      if (req.method !== 'POST' || (path !== '/270' && path !== '/837')) return;
      const inbound = path.slice(1);
      const accepted = !answered.includes('TA1') && (inbound === '270' ? answered.includes('271') : answered.includes('277CA'));
      metrics.x12Documents.inc({ type: inbound, direction: 'inbound', result: accepted ? 'accepted' : 'rejected' });
      for (const kind of answered) metrics.x12Documents.inc({ type: kind, direction: 'outbound', result: 'emitted' });
    });
    next();
  };
}
