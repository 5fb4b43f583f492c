/**
 * The validation worker's entry: the R4 validator runs here, off the event loop that answers requests.
 * Messages are structured-cloned: in `{ id, resources, stopAtInvalid }`, out `{ id, results }` (and `{ ready }` once
 * the validator is compiled). https://nodejs.org/api/worker_threads.html
 */
import { parentPort } from 'node:worker_threads';
import { validateResource, warmUpValidator, type ValidationResult } from '../../fhir-profiles/schema-validator.js';

/**
 * A resource as its JSON bytes: the request body's, with the id the handler gave it (`null`: removed; absent: as in
 * the bytes), or encoded in slices. Sending bytes is one copy, where structured-cloning a 20 MB object would hold the
 * event loop.
 */
export interface ValidationInput {
  bytes: Uint8Array;
  id?: string | null;
}

export interface ValidationJob {
  id: number;
  resources: ValidationInput[];
  /** Stop at the first invalid resource (a transaction fails as a whole on it). */
  stopAtInvalid: boolean;
}

/** The results in input order, or what the validator threw (the worker stays up: recompiling takes seconds). */
export type ValidationReply = { id: number; results: ValidationResult[] } | { id: number; error: string };

function fromBytes({ bytes, id }: ValidationInput): unknown {
  const resource = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')) as Record<string, unknown>;
  if (id === null) delete resource.id;
  else if (id !== undefined) resource.id = id;
  return resource;
}

const port = parentPort;
if (port) {
  warmUpValidator();
  port.on('message', (job: ValidationJob) => {
    const results: ValidationResult[] = [];
    try {
      for (const input of job.resources) {
        const result = validateResource(fromBytes(input));
        results.push(result);
        if (!result.valid && job.stopAtInvalid) break;
      }
    } catch (err) {
      port.postMessage({ id: job.id, error: err instanceof Error ? err.message : String(err) } satisfies ValidationReply);
      return;
    }
    port.postMessage({ id: job.id, results } satisfies ValidationReply);
  });
  port.postMessage({ ready: true });
}
