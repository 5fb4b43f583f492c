import type { IncomingMessage } from 'node:http';

/** A body that could not be read, in body-parser's shape (`type`, `status`), as outcomes.ts and the EDI face expect. */
export type BodyError = Error & { type: 'entity.too.large' | 'request.aborted'; status: 413 | 400 };

function bodyError(type: BodyError['type']): BodyError {
  return Object.assign(new Error(type === 'entity.too.large' ? 'request body too large' : 'request aborted'), { type, status: type === 'entity.too.large' ? 413 : 400 } as const);
}

/**
 * Reads a request body up to `limit` bytes, handing each chunk to `onChunk` as it arrives (work on a large body is
 * then spread over the time it takes to arrive); beyond the limit (declared or sent) rejects with a 413 BodyError,
 * and an error thrown by `onChunk` rejects with that error. The rest of the body is drained, not read.
 */
export function readChunks(req: IncomingMessage, limit: number, onChunk: (chunk: Buffer) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      req.resume();
      reject(bodyError('entity.too.large'));
      return;
    }
    let size = 0;
    const stop = (err: unknown): void => {
      req.removeAllListeners('data');
      req.resume();
      reject(err);
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return stop(bodyError('entity.too.large'));
      try {
        onChunk(chunk);
      } catch (err) {
        stop(err);
      }
    });
    req.on('end', () => resolve());
    req.on('error', () => reject(bodyError('request.aborted')));
  });
}

/** Reads a request body up to `limit` bytes; beyond it (declared or sent) rejects with a 413 BodyError. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await readChunks(req, limit, (chunk) => chunks.push(chunk));
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
}
