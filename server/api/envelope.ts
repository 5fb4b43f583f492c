/**
 * The /api/v1 JSON envelopes (issue #14): `{ success: true, data, meta: { version, request_id } }` and
 * `{ success: false, error: { code, message, details }, meta }`. One error type carries its status.
 */
import type { Response } from 'express';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** 400 naming the parameter that is wrong. */
export const badParameter = (parameter: string, message: string, extra: Record<string, unknown> = {}): ApiError =>
  new ApiError(400, 'invalid_parameter', message, { parameter, ...extra });

/** The request id is the one the edge gave this exchange (its x-request-id response header). */
export function meta(res: Response, version: string): { version: string; request_id: string } {
  return { version, request_id: String(res.getHeader('x-request-id') ?? '') };
}

export function sendData(res: Response, version: string, data: unknown, status = 200): void {
  res.status(status).json({ success: true, data, meta: meta(res, version) });
}

export function sendError(res: Response, version: string, error: unknown): void {
  const e = error instanceof ApiError ? error : new ApiError(500, 'internal_error', 'The request could not be completed');
  res.status(e.status).json({ success: false, error: { code: e.code, message: e.message, details: e.details }, meta: meta(res, version) });
}
