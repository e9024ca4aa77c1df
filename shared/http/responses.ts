// One way to answer: JSON bodies, the design's error body, and the headers every API response carries.
import { ZodError } from 'zod';
import { DomainError, IntakeLimited, type ErrorCode, type ErrorDetail } from '../domain/errors';
import type { HttpResponseInit } from '../host/http-types';

export const STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  invalid_transition: 409,
  ticket_closed: 409,
  ticket_full: 409,
  too_large: 413,
  unsupported_media_type: 415,
  idempotency_key_reused: 409,
  unavailable: 503,
  rate_limited: 429,
};

export interface ErrorBody {
  error: { code: ErrorCode | 'internal_error'; message: string; details: ErrorDetail[] };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponseInit {
  return { status, jsonBody: body, headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers } };
}

export function zodDetails(err: ZodError): ErrorDetail[] {
  return err.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message }));
}

export function toErrorResponse(err: unknown): HttpResponseInit {
  if (err instanceof ZodError) err = new DomainError('validation_failed', 'The request is not valid', zodDetails(err));
  if (err instanceof DomainError) {
    const status = STATUS_BY_CODE[err.code];
    const headers: Record<string, string> = {};
    if (status === 401) headers['WWW-Authenticate'] = 'Bearer';
    if (status === 503) headers['Retry-After'] = '5';
    if (err instanceof IntakeLimited && err.retryAfterSeconds !== null) headers['Retry-After'] = String(err.retryAfterSeconds);
    const body: ErrorBody = { error: { code: err.code, message: err.message, details: err.details } };
    return json(status, body, headers);
  }
  const body: ErrorBody = { error: { code: 'internal_error', message: 'Something went wrong on our side; it has been logged', details: [] } };
  return json(500, body);
}

/** Browsers keep to HTTPS for a year once they have seen it (OWASP's HTTP headers cheat sheet). */
export const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * The usual API security headers; nothing here is cacheable, since tokens open most of it. In
 * Azure (HTTPS only) also Strict-Transport-Security; the local stack speaks plain HTTP on
 * loopback, where the header would be ignored at best.
 */
export function withStandardHeaders(response: HttpResponseInit, where: { inAzure: boolean } = { inAzure: false }): HttpResponseInit {
  const headers = new Headers(response.headers as HeadersInit | undefined);
  if (where.inAzure) headers.set('Strict-Transport-Security', HSTS);
  headers.set('X-Content-Type-Options', 'nosniff');
  if (!headers.has('Cache-Control')) headers.set('Cache-Control', 'no-store');
  headers.set('Referrer-Policy', 'no-referrer');
  headers.set('X-Frame-Options', 'DENY');
  // The web pages set a policy that lets their own scripts and styles load; an API answer loads nothing.
  if (!headers.has('Content-Security-Policy')) headers.set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
  return { ...response, headers: Object.fromEntries(headers.entries()) };
}
