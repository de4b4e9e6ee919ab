import { SwitchyardError } from '../../core/index.ts';

/**
 * An error that only the HTTP edge raises, with its status code. The
 * store's own errors (NotFound, Conflict, Validation) keep their mapping in
 * the error handler.
 */
export class ApiError extends SwitchyardError {
  readonly statusCode: number;
  readonly headers: Record<string, string>;

  constructor(statusCode: number, code: string, message: string, headers = {}) {
    super(code, message);
    this.statusCode = statusCode;
    this.headers = headers;
  }
}

/**
 * 401: no bearer token, or one that is unknown, expired or of a disabled
 * account. RFC 6750 §3 asks for a WWW-Authenticate challenge with it.
 */
export class UnauthorizedError extends ApiError {
  constructor(message: string, isInvalidToken = false) {
    const challenge = isInvalidToken
      ? 'Bearer realm="switchyard", error="invalid_token"'
      : 'Bearer realm="switchyard"';
    super(401, 'ERR_UNAUTHORIZED', message, { 'www-authenticate': challenge });
  }
}

/** 403: authenticated, but the role or the team does not allow it. */
export class ForbiddenError extends ApiError {
  constructor(message: string) {
    super(403, 'ERR_FORBIDDEN', message);
  }
}

/**
 * 412: the If-Match ETag no longer matches, so someone changed the object
 * since the client read it (a lost update, RFC 9110 §13.1.1).
 */
export class PreconditionFailedError extends ApiError {
  constructor(what: string, id: number) {
    super(
      412,
      'ERR_PRECONDITION_FAILED',
      `${what} ${id} was changed since it was read (If-Match does not match its ETag)`,
    );
  }
}

/** 429 with Retry-After (RFC 6585 §4). */
export class RateLimitedError extends ApiError {
  constructor(message: string, retryAfterSec: number) {
    super(429, 'ERR_RATE_LIMITED', message, { 'retry-after': String(retryAfterSec) });
  }
}
