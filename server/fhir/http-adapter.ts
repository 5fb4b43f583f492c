import express from 'express';
import type { Bundle, OperationOutcome, Resource } from 'fhir/r4';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Store } from '../../data-store/store.js';
import { etag } from './bundle.js';
import { bundleJson } from './bundle-json.js';
import { FHIR_JSON, assertAcceptable, assertContentType, type BodyKind } from './content-negotiation.js';
import { versionLocation } from './entry-response.js';
import { OperationOutcomeError, badRequest, methodNotAllowed, normalizeError, statusOf } from './outcomes.js';
import { parseQueryString, type FhirRequest } from './request.js';
import { dispatch } from './routes.js';
import { JsonDepthScanner, JsonTooDeep, MAX_JSON_DEPTH } from '../json-depth.js';
import { readBody, readChunks } from '../read-body.js';
import { subsetResource, wantsSubset } from './subsetting.js';
import { rememberBodyBytes } from './validation.js';
import { parseJsonSliced } from '../../data-store/sliced-json.js';
import { encodeVersion, versionJson } from '../../data-store/version-json.js';
import { stringifySlicedPieces } from '../../data-store/sliced-stringify.js';

export interface FhirRouterOptions {
  /** Largest accepted request body in bytes (default 16 MiB). */
  bodyLimit?: number;
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const HOST = /^[A-Za-z0-9.\-:[\]]{1,255}$/;

function firstHeader(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text?.split(',')[0]?.trim() || undefined;
}

/** The absolute FHIR base as the client sees it, honouring X-Forwarded-Proto / X-Forwarded-Host. */
export function baseUrlOf(req: IncomingMessage, mountPath: string): string {
  const fwdProto = firstHeader(req, 'x-forwarded-proto');
  const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true;
  const proto = fwdProto && /^https?$/i.test(fwdProto) ? fwdProto.toLowerCase() : encrypted ? 'https' : 'http';
  const fwdHost = firstHeader(req, 'x-forwarded-host');
  const host = [fwdHost, req.headers.host].find((h) => h !== undefined && HOST.test(h)) ?? 'localhost';
  return `${proto}://${host}${mountPath}`;
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function bodyKind(method: string, path: string): BodyKind {
  if (method === 'PATCH') return 'json-patch';
  if (method === 'POST' && path.endsWith('/_search')) return 'form';
  return 'resource';
}

/** From this many bytes a JSON body is parsed in slices. */
const SLICED_PARSE_FROM = 1024 * 1024;

const NO_BODY: { body?: unknown; form?: Array<[string, string]> } = {};

function needsBody(req: IncomingMessage): boolean {
  return req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'DELETE' && hasBody(req);
}

/**
 * Reads a JSON body: its nesting is measured chunk by chunk as it arrives, so one nested too deep (400) never
 * reaches the parser, and a 20 MB body costs no long pass on the event loop before parsing.
 */
async function readJson(req: IncomingMessage, limit: number): Promise<Buffer> {
  const depth = new JsonDepthScanner(MAX_JSON_DEPTH);
  // With a Content-Length (within the limit: readChunks refuses more), chunks are copied into place as they arrive:
  // joining 20 MB at the end would be one more long step.
  const declared = Number(req.headers['content-length'] ?? NaN);
  const whole = Number.isSafeInteger(declared) && declared > 0 && declared <= limit ? Buffer.allocUnsafe(declared) : undefined;
  const chunks: Buffer[] = [];
  let filled = 0;
  try {
    await readChunks(req, limit, (chunk) => {
      depth.push(chunk);
      if (whole && chunks.length === 0 && filled + chunk.length <= whole.length) filled += chunk.copy(whole, filled);
      else chunks.push(chunk);
    });
  } catch (err) {
    if (err instanceof JsonTooDeep) throw new OperationOutcomeError(badRequest(`JSON body is nested deeper than ${err.limit} levels`));
    throw err;
  }
  if (!whole) return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
  return chunks.length === 0 ? whole.subarray(0, filled) : Buffer.concat([whole.subarray(0, filled), ...chunks]);
}

/** Parses JSON bytes: a large body in slices straight from the bytes (JSON.parse of 20 MB holds the loop 130 ms idle). */
async function parseJson(bytes: Buffer): Promise<{ body?: unknown }> {
  if (bytes.length >= SLICED_PARSE_FROM) return { body: await parseJsonSliced(bytes) };
  const text = bytes.toString('utf8');
  return text.trim() === '' ? {} : { body: JSON.parse(text) as unknown };
}

/** Parses the request body according to the interaction; 415 for the wrong media type, 400 for malformed or too deeply nested JSON. */
async function parseBody(req: IncomingMessage & { body?: unknown }, path: string, limit: number): Promise<{ body?: unknown; form?: Array<[string, string]> }> {
  if (req.body !== undefined) return { body: req.body }; // an upstream body parser already ran
  const kind = bodyKind(req.method ?? '', path);
  assertContentType(req.headers['content-type'], kind);
  if (kind === 'form') return { form: parseQueryString((await readBody(req, limit)).toString('utf8')) };
  const bytes = await readJson(req, limit);
  try {
    const parsed = await parseJson(bytes);
    rememberBodyBytes(parsed.body, bytes);
    return parsed;
  } catch (err) {
    throw new OperationOutcomeError(badRequest(`Malformed JSON body: ${(err as Error).message.slice(0, 200)}`));
  }
}

/** Body of a small answer the server composed (an OperationOutcome): encoded at once. */
function toBody(body: object, pretty: boolean): string {
  return pretty ? JSON.stringify(body, null, 2) : JSON.stringify(body);
}

/** HTTP-date of a FHIR instant; many versions share one lastUpdated, so the formatting is remembered. */
const httpDates = new Map<string, string>();
const HTTP_DATES_MAX = 20_000;
function httpDate(instant: string): string {
  let date = httpDates.get(instant);
  if (date === undefined) {
    date = new Date(instant).toUTCString();
    if (httpDates.size >= HTTP_DATES_MAX) httpDates.clear();
    httpDates.set(instant, date);
  }
  return date;
}

function send(res: ServerResponse, status: number, body: object | undefined, pretty: boolean): void {
  res.statusCode = status;
  if (body === undefined) {
    res.end();
    return;
  }
  res.setHeader('content-type', FHIR_JSON); // lower-case names on the read path: see server/ops/protection.ts
  res.end(toBody(body, pretty));
}

/** Answers this big and more are written piece by piece rather than joined first (one long step: stringifySlicedPieces). */
const JOIN_BELOW = 1024 * 1024;

/** Writes JSON bytes, given whole or in pieces (in order), with their Content-Length. */
function sendJson(res: ServerResponse, status: number, json: Buffer | Buffer[]): void {
  res.statusCode = status;
  res.setHeader('content-type', FHIR_JSON);
  const length = Array.isArray(json) ? json.reduce((n, piece) => n + piece.length, 0) : json.length;
  if (!Array.isArray(json) || length < JOIN_BELOW) {
    res.end(Array.isArray(json) ? Buffer.concat(json, length) : json);
    return;
  }
  res.setHeader('content-length', length);
  res.cork();
  for (const piece of json) res.write(piece);
  res.end();
}

function sendOutcome(res: ServerResponse, outcome: OperationOutcome, pretty: boolean): void {
  send(res, statusOf(outcome), outcome, pretty);
}

function isPretty(query: Array<[string, string]>): boolean {
  return query.some(([n, v]) => n === '_pretty' && v === 'true');
}

/**
 * Whether the answer is a stored version (with its ETag): the store stamps every version with a versionId, which the
 * bundles, outcomes and CapabilityStatement the server composes never carry. A stored Bundle is a version too.
 */
function describesVersion(resource: Resource): boolean {
  return resource.meta?.versionId !== undefined && resource.resourceType !== 'CapabilityStatement';
}

/** A plain node:http handler for FHIR requests below `mountPath` (`req.url` relative to it). */
export type FhirNodeHandler = (req: IncomingMessage, res: ServerResponse, mountPath: string) => Promise<void>;

/**
 * The thin HTTP edge: turns a node request into a FhirRequest, dispatches it through the route table and writes
 * status, ETag, Location, Last-Modified, Content-Type and body. Framework-free (plain node:http) so it can run
 * behind express or directly. https://hl7.org/fhir/R4/http.html
 */
export function createFhirHandler(store: Store, options: FhirRouterOptions = {}): FhirNodeHandler {
  const limit = options.bodyLimit ?? 16 * 1024 * 1024;
  return async (req, res, mountPath) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const query = q >= 0 ? parseQueryString(url.slice(q + 1)) : [];
    const pretty = isPretty(query);
    try {
      // HEAD is GET without a body (node:http drops the body of HEAD responses itself).
      const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
      if (!METHODS.has(method)) throw new OperationOutcomeError(methodNotAllowed(`Method ${method.slice(0, 10)} is not supported`));
      assertAcceptable(query.find(([n]) => n === '_format')?.[1], req.headers.accept);
      const path = (q >= 0 ? url.slice(0, q) : url).replace(/^\/+|\/+$/g, '');
      const { body, form } = needsBody(req) ? await parseBody(req, path, limit) : NO_BODY;
      const fhirRequest: Omit<FhirRequest, 'params'> = {
        method: method as FhirRequest['method'],
        path,
        query: form ? [...query, ...form] : query,
        body,
        baseUrl: baseUrlOf(req, mountPath),
        headers: {
          ifMatch: req.headers['if-match'],
          ifNoneExist: firstRaw(req.headers['if-none-exist']),
          ifNoneMatch: req.headers['if-none-match'],
          prefer: firstRaw(req.headers.prefer),
        },
      };
      const answer = dispatch(fhirRequest, store);
      // read and vread answer synchronously: no promise round trip on the hottest path.
      const [outcome, resource] = answer instanceof Promise ? await answer : answer;
      const status = statusOf(outcome);
      if (!resource) return sendOutcome(res, outcome, pretty);
      const tag = describesVersion(resource) ? etag(resource.meta?.versionId) : undefined;
      if (tag) {
        res.setHeader('etag', tag);
        if (method === 'GET' && req.headers['if-none-match'] === tag) return send(res, 304, undefined, false);
      }
      if (tag && resource.meta?.lastUpdated) res.setHeader('last-modified', httpDate(resource.meta.lastUpdated));
      if (status === 201) {
        const loc = versionLocation(resource);
        if (loc) res.setHeader('Location', `${fhirRequest.baseUrl}/${loc}`);
      }
      if (method !== 'GET') {
        const prefer = fhirRequest.headers.prefer ?? '';
        if (/return\s*=\s*minimal/i.test(prefer)) return send(res, status, undefined, false);
        if (/return\s*=\s*OperationOutcome/i.test(prefer)) return send(res, status, outcome, pretty);
      }
      const subset = method === 'GET' && describesVersion(resource) && wantsSubset(query);
      const answered = subset ? subsetResource(resource, query) : resource;
      // Any answer may hold megabytes (a stored version, a page of them, what a write stored): `_pretty` is indented
      // in slices, and the rest written in slices from the bytes the store kept for each stored version in it.
      if (pretty) return sendJson(res, status, await stringifySlicedPieces(answered, { indent: 2 }));
      // Stored versions (read, vread, and what a write stored) and the CapabilityStatement are immutable shared
      // objects: reuse their JSON.
      const cacheable = !subset && (tag !== undefined || (method === 'GET' && resource.resourceType === 'CapabilityStatement'));
      if (cacheable && method === 'GET') return sendJson(res, status, versionJson(resource) ?? (await encodeVersion(resource)));
      // A page (searchset, history) from the bytes of each entry's resource, concatenated.
      if (method === 'GET' && answered.resourceType === 'Bundle' && !describesVersion(answered)) return sendJson(res, status, await bundleJson(answered as Bundle));
      return sendJson(res, status, await stringifySlicedPieces(answered, { known: versionJson }));
    } catch (err) {
      return sendOutcome(res, normalizeError(err), pretty);
    }
  };
}

/** The FHIR handler as an express router (mount it with `app.use('/fhir', ...)`). */
export function createFhirRouter(store: Store, options: FhirRouterOptions = {}): express.Router {
  const handle = createFhirHandler(store, options);
  const router = express.Router();
  router.use((req, res) => handle(req, res, req.baseUrl));
  // Errors raised before us (e.g. an upstream body parser) still answer as OperationOutcomes.
  router.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    sendOutcome(res, normalizeError(err), false);
  });
  return router;
}

function firstRaw(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
