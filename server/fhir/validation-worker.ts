/**
 * The validation worker's entry: the R4 validator runs here, off the event loop that answers requests.
 * Messages are structured-cloned: in `{ id, resources, stopAtInvalid }`, out `{ id, results }` (and `{ ready }` once
 * the validator is compiled). https://nodejs.org/api/worker_threads.html
 */
import { parentPort } from 'node:worker_threads';
import { validateResource, warmUpValidator, type ValidationResult } from '../../fhir-profiles/schema-validator.js';

export interface ValidationJob {
  id: number;
  resources: unknown[];
  /** Stop at the first invalid resource (a transaction fails as a whole on it). */
  stopAtInvalid: boolean;
}

export interface ValidationReply {
  id: number;
  results: ValidationResult[];
}

const port = parentPort;
if (port) {
  warmUpValidator();
  port.on('message', (job: ValidationJob) => {
    const results: ValidationResult[] = [];
    for (const resource of job.resources) {
      const result = validateResource(resource);
      results.push(result);
      if (!result.valid && job.stopAtInvalid) break;
    }
    port.postMessage({ id: job.id, results } satisfies ValidationReply);
  });
  port.postMessage({ ready: true });
}
