import type { OperationOutcome, OperationOutcomeIssue } from 'fhir/r4';
import { StoreError } from '../../data-store/store.js';

/**
 * OperationOutcomes as the one currency of results and errors (Medplum fhir-router style).
 * The outcome `id` carries the HTTP status class, so handlers never see HTTP.
 * https://hl7.org/fhir/R4/operationoutcome.html
 */

type IssueSeverity = OperationOutcomeIssue['severity'];
type IssueCode = OperationOutcomeIssue['code'];

/** Outcome ids and the HTTP status each one means. */
const STATUS_BY_ID: Record<string, number> = {
  ok: 200,
  created: 201,
  'bad-request': 400,
  'not-found': 404,
  'method-not-allowed': 405,
  'not-acceptable': 406,
  conflict: 409,
  gone: 410,
  'precondition-failed': 412,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  unprocessable: 422,
  'server-error': 500,
  unavailable: 503,
};

function outcome(id: string, severity: IssueSeverity, code: IssueCode, details: string, expression?: string): OperationOutcome {
  const issue: OperationOutcomeIssue = { severity, code, details: { text: details } };
  if (expression) issue.expression = [expression];
  return { resourceType: 'OperationOutcome', id, issue: [issue] };
}

/** 200: the interaction succeeded. */
export const allOk: OperationOutcome = outcome('ok', 'information', 'informational', 'All OK');
/** 201: a resource was created. */
export const created: OperationOutcome = outcome('created', 'information', 'informational', 'Created');
/** 404: no such resource. */
export const notFound: OperationOutcome = outcome('not-found', 'error', 'not-found', 'Not found');
/** 410: the resource was deleted. */
export const gone: OperationOutcome = outcome('gone', 'error', 'deleted', 'Resource was deleted');

/** 200 with a custom informational text (e.g. delete, $validate success). */
export function ok(details: string): OperationOutcome {
  return outcome('ok', 'information', 'informational', details);
}
/** 400: the request is malformed. */
export function badRequest(details: string, expression?: string): OperationOutcome {
  return outcome('bad-request', 'error', 'invalid', details, expression);
}
/** 404 with a specific message (unknown type, unknown version, ...). */
export function notFoundWith(details: string): OperationOutcome {
  return outcome('not-found', 'error', 'not-found', details);
}
/** 405: the path exists but not with this method. */
export function methodNotAllowed(details: string): OperationOutcome {
  return outcome('method-not-allowed', 'error', 'not-supported', details);
}
/** 406: the client asked for a format we do not produce (XML). */
export function notAcceptable(details: string): OperationOutcome {
  return outcome('not-acceptable', 'error', 'not-supported', details);
}
/** 409: conflicting state. */
export function conflict(details: string): OperationOutcome {
  return outcome('conflict', 'error', 'conflict', details);
}
/** 412: If-Match / conditional interaction precondition failed. */
export function preconditionFailed(details: string): OperationOutcome {
  return outcome('precondition-failed', 'error', 'conflict', details);
}
/** 415: the request body is not in a media type we accept. */
export function unsupportedMediaType(details: string): OperationOutcome {
  return outcome('unsupported-media-type', 'error', 'not-supported', details);
}
/** Most issues an outcome lists; the rest are counted in one final issue (a response stays small whatever the input). */
export const MAX_ISSUES = 100;

/** The outcome with at most MAX_ISSUES issues plus, when some were dropped, one issue saying how many. */
export function capIssues(o: OperationOutcome): OperationOutcome {
  return o.issue.length <= MAX_ISSUES ? o : { ...o, issue: listed(o.issue, o.issue.length) };
}

/** The first MAX_ISSUES of `total` issues, and a last one counting the others. */
function listed(first: OperationOutcomeIssue[], total: number): OperationOutcomeIssue[] {
  if (total <= MAX_ISSUES) return first;
  const dropped = total - MAX_ISSUES;
  const text = `${dropped} more issue${dropped === 1 ? '' : 's'} not listed (an outcome lists at most ${MAX_ISSUES})`;
  return [...first.slice(0, MAX_ISSUES), { severity: 'information', code: 'informational', details: { text } }];
}

/** 422: the resource is syntactically fine but fails the R4 schema / business rules. */
export function unprocessable(issues: Array<{ message: string; path?: string }>): OperationOutcome {
  const first = issues.slice(0, MAX_ISSUES).map((i): OperationOutcomeIssue => ({
    severity: 'error',
    code: 'processing',
    details: { text: i.message },
    ...(i.path ? { expression: [i.path] } : {}),
  }));
  return { resourceType: 'OperationOutcome', id: 'unprocessable', issue: listed(first, issues.length) };
}

/** 422 `too-costly`: the server stopped checking the input to protect itself (validation ran out of time). */
export function tooCostly(details: string): OperationOutcome {
  return outcome('unprocessable', 'error', 'too-costly', details);
}
/** 503: a part of the server is not available right now (retry later). */
export function serviceUnavailable(details: string): OperationOutcome {
  return outcome('unavailable', 'error', 'transient', details);
}
/** 500: something failed on our side. */
export function serverError(details: string): OperationOutcome {
  return outcome('server-error', 'fatal', 'exception', details);
}

/** The HTTP status an outcome stands for. */
export function statusOf(o: OperationOutcome): number {
  return STATUS_BY_ID[o.id ?? ''] ?? (o.issue.some((i) => i.severity === 'error' || i.severity === 'fatal') ? 400 : 200);
}

/** True for 2xx outcomes. */
export function isOk(o: OperationOutcome): boolean {
  const s = statusOf(o);
  return s >= 200 && s < 300;
}

/** The one exception type: carries its own OperationOutcome (and so its status). */
export class OperationOutcomeError extends Error {
  constructor(readonly outcome: OperationOutcome) {
    super(outcome.issue[0]?.details?.text ?? 'error');
    this.name = 'OperationOutcomeError';
  }
}

const STORE_ERROR_OUTCOME: Record<StoreError['code'], (e: StoreError) => OperationOutcome> = {
  'not-found': (e) => notFoundWith(e.message || 'Not found'),
  gone: (e) => ({ ...gone, issue: [{ ...gone.issue[0], details: { text: e.message || 'Resource was deleted' } }] }),
  'version-conflict': (e) => preconditionFailed(e.message || 'Version conflict'),
  conflict: (e) => conflict(e.message),
  invalid: (e) => badRequest(e.message, e.expression),
  'precondition-failed': (e) => preconditionFailed(e.message),
  'too-costly': (e) => tooCostly(e.message),
};

/** Body-parser style errors carry `status`/`type` (e.g. entity.too.large, entity.parse.failed). */
interface HttpishError {
  status?: number;
  statusCode?: number;
  type?: string;
  message?: string;
}

/** The one place any thrown value becomes an OperationOutcome (and so a status), its issue list capped. */
export function normalizeError(err: unknown): OperationOutcome {
  return capIssues(toOutcome(err));
}

function toOutcome(err: unknown): OperationOutcome {
  if (err instanceof OperationOutcomeError) return err.outcome;
  if (err instanceof StoreError || (err instanceof Error && err.name === 'StoreError' && 'code' in err)) {
    const e = err as StoreError;
    const map = STORE_ERROR_OUTCOME[e.code];
    if (map) return map(e);
  }
  if (err && typeof err === 'object') {
    const e = err as HttpishError;
    const status = e.status ?? e.statusCode;
    if (e.type === 'entity.too.large' || status === 413) return outcome('payload-too-large', 'error', 'too-costly', 'Request body is too large');
    if (e.type === 'entity.parse.failed' || err instanceof SyntaxError) return badRequest(`Malformed JSON: ${e.message ?? ''}`);
    if (e.type === 'encoding.unsupported' || status === 415) return unsupportedMediaType(e.message ?? 'Unsupported encoding');
    if (typeof status === 'number' && status >= 400 && status < 500) return badRequest(e.message ?? 'Bad request');
  }
  return serverError(err instanceof Error ? err.message : String(err));
}
