import type { Resource } from 'fhir/r4';
import type { ValidationResult } from '../../fhir-profiles/schema-validator.js';
import { OperationOutcomeError, badRequest, serviceUnavailable, tooCostly, unprocessable } from './outcomes.js';
import { ValidationPool, ValidationTimeout, type ValidationPoolOptions } from './validation-pool.js';
import type { ValidationInput } from './validation-worker.js';
import { stringifySliced } from '../../data-store/sliced-stringify.js';
import { timeSlicer } from '../../data-store/time-slicer.js';

/** Checks a request body is a JSON object resource of the expected type (400 otherwise). */
export function assertResourceBody(body: unknown, expectedType?: string): Resource {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new OperationOutcomeError(badRequest('Request body must be a FHIR resource (JSON object)'));
  }
  const type = (body as { resourceType?: unknown }).resourceType;
  if (typeof type !== 'string') throw new OperationOutcomeError(badRequest('Missing resourceType', 'resourceType'));
  if (expectedType && type !== expectedType) {
    throw new OperationOutcomeError(badRequest(`Resource type ${type.slice(0, 64)} does not match the URL (${expectedType})`, 'resourceType'));
  }
  return body as Resource;
}

/**
 * The validator runs on worker threads for the whole process (it is pure, and compiled once per worker); the
 * event loop that answers requests never runs it. Two workers by default: one pathological body holding a worker
 * until its timeout leaves the other for everyone else.
 */
let options: ValidationPoolOptions = { size: 2, timeoutMs: 10_000 };
let pool: ValidationPool | undefined;

/** Sets worker count and per-job timeout (VALIDATION_TIMEOUT_MS); running workers are replaced on next use. */
export function configureValidation(next: Partial<ValidationPoolOptions>): void {
  const merged = { ...options, ...next };
  if (merged.size === options.size && merged.timeoutMs === options.timeoutMs) return;
  options = merged;
  void stopValidation();
}

/** Starts the workers now (compiling the validator takes a second or two), rather than in the first write. */
export function warmUpValidation(): void {
  void validateOffThread([{ resourceType: 'Basic', code: { text: 'warm-up' } }]).catch(() => undefined);
}

/** Terminates the validation workers (shutdown); a later validation starts new ones. */
export async function stopValidation(): Promise<void> {
  const running = pool;
  pool = undefined;
  await running?.close();
}

/**
 * Validates resources on a worker, in order (stopping at the first invalid one with `stopAtInvalid`).
 * 422 `too-costly` when the worker runs past its timeout (it is then replaced), 503 when it failed otherwise.
 */
export async function validateOffThread(resources: unknown[], stopAtInvalid = false): Promise<ValidationResult[]> {
  const inputs: ValidationInput[] = [];
  const pause = timeSlicer(); // thousands of small resources (a transaction's) must yield too
  for (const resource of resources) inputs.push({ bytes: await stringifySliced(resource, { pause }) });
  return run(inputs, stopAtInvalid);
}

async function run(inputs: ValidationInput[], stopAtInvalid: boolean): Promise<ValidationResult[]> {
  try {
    return await (pool ??= new ValidationPool(options)).validate(inputs, stopAtInvalid);
  } catch (err) {
    if (err instanceof ValidationTimeout) {
      throw new OperationOutcomeError(tooCostly(`Validation was stopped after ${err.timeoutMs} ms: the resource is too costly to check`));
    }
    throw new OperationOutcomeError(serviceUnavailable(`Validation is unavailable: ${(err as Error).message}`));
  }
}

/** JSON bytes of large request bodies, by body object (dropped with it). */
const bodyBytes = new WeakMap<object, Uint8Array>();
/** From this size the body's own bytes are kept for the worker (smaller resources are encoded again). */
export const LARGE_BODY = 256 * 1024;

/** Remembers the JSON bytes a large request body was parsed from (the HTTP adapter calls it). */
export function rememberBodyBytes(body: unknown, bytes: Uint8Array): void {
  if (typeof body === 'object' && body !== null && bytes.length >= LARGE_BODY) bodyBytes.set(body, bytes);
}

/**
 * Validates against the R4 JSON Schema off the event loop; 422 naming each failing path.
 * `source`: the request body `resource` was made from by changing at most its id (sent as bytes when large).
 * https://hl7.org/fhir/R4/http.html#update
 */
export async function assertValid(resource: Resource, source?: unknown): Promise<void> {
  const bytes = typeof source === 'object' && source !== null ? bodyBytes.get(source) : undefined;
  const [result] = await run([bytes === undefined ? { bytes: await stringifySliced(resource) } : { bytes, id: resource.id ?? null }], false);
  if (result && !result.valid) throw new OperationOutcomeError(unprocessable(result.issues));
}
