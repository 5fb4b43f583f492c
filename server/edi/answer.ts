import accepts from 'accepts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ControlNumbersUnavailable } from '../../edi/control-numbers.js';
import type { ResponseDocument } from '../../edi/gateway.js';
import { StoreError } from '../../data-store/store.js';

export const X12_MEDIA_TYPE = 'application/edi-x12';

/**
 * Writes the documents answering an inbound interchange: raw X12 (interchanges concatenated) or, when the client
 * prefers `application/json`, a JSON array of `{kind, controlNumber, text}`. `X-EDI-Documents` always lists
 * `kind:control-number` (the X12 metrics read it). Plain node:http, so express routes and the fast path share it.
 */
export function writeDocuments(req: IncomingMessage, res: ServerResponse, docs: ResponseDocument[], status = 200): void {
  res.statusCode = status;
  res.setHeader('X-EDI-Documents', docs.map((d) => `${d.kind}:${d.controlNumber}`).join(','));
  if (accepts(req).type([X12_MEDIA_TYPE, 'text/plain', 'application/json']) === 'application/json') {
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(JSON.stringify(docs.map((d) => ({ kind: d.kind, controlNumber: d.controlNumber, text: d.text }))));
  } else {
    res.setHeader('Content-Type', `${X12_MEDIA_TYPE}; charset=utf-8`);
    res.end(docs.length === 1 ? docs[0].bytes : Buffer.concat(docs.map((d) => d.bytes)));
  }
}

/** An OperationOutcome for a bad request to the EDI endpoints (bad query parameters, 404 for an unknown payer). */
export function writeProblem(res: ServerResponse, status: number, diagnostics: string, code: 'invalid' | 'not-found' | 'transient' | 'too-costly' = 'invalid'): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/fhir+json; charset=utf-8');
  res.end(JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] }));
}

/**
 * What `work` gives (X12 written with control numbers held first), or undefined after answering 503 with
 * Retry-After when they cannot be held (refused before anything was written or stored, so the client retries), or
 * 422 `too-costly` when the store refuses the reads it needs (a whole population regenerated: Store.checkReadAll).
 */
export async function unlessUnavailable<T>(res: ServerResponse, work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof StoreError && error.code === 'too-costly') {
      writeProblem(res, 422, error.message, 'too-costly');
      return undefined;
    }
    if (!(error instanceof ControlNumbersUnavailable)) throw error;
    res.setHeader('Retry-After', '5');
    writeProblem(res, 503, error.message, 'transient');
    return undefined;
  }
}
