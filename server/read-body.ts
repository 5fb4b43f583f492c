import type { IncomingMessage } from 'node:http';

/** A body that could not be read, in body-parser's shape (`type`, `status`), as outcomes.ts and the EDI face expect. */
export type BodyError = Error & { type: 'entity.too.large' | 'request.aborted'; status: 413 | 400 };

function bodyError(type: BodyError['type']): BodyError {
  return Object.assign(new Error(type === 'entity.too.large' ? 'request body too large' : 'request aborted'), { type, status: type === 'entity.too.large' ? 413 : 400 } as const);
}

/** Reads a request body up to `limit` bytes; beyond it (declared or sent) rejects with a 413 BodyError. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      req.resume();
      reject(bodyError('entity.too.large'));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(bodyError('entity.too.large'));
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on('error', () => reject(bodyError('request.aborted')));
  });
}
