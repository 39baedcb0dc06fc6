/**
 * Errors of `@tollkit/digitoll-client`. Match on `code`, not `instanceof`. No tokens in messages.
 */

/** What the caller should do about a failure. */
export type ErrorCategory = 'bad-data' | 'transient' | 'bug' | 'config';

/** Stable error codes of this package. */
export type DigitollErrorCode =
  | 'DIGITOLL_VALIDATION_REJECTED'
  | 'DIGITOLL_BAD_REQUEST'
  | 'DIGITOLL_UNAUTHORIZED'
  | 'DIGITOLL_FORBIDDEN'
  | 'DIGITOLL_NOT_FOUND'
  | 'DIGITOLL_RATE_LIMITED'
  | 'DIGITOLL_SERVER_ERROR'
  | 'DIGITOLL_NETWORK_ERROR'
  | 'DIGITOLL_OUTCOME_UNKNOWN'
  | 'DIGITOLL_RESPONSE_INVALID';

/** One synchronous (HTTP 400) problem, Customs' shape (docs/digitoll.md §8.2). */
export interface FieldError {
  readonly field: string;
  readonly error: string;
}

/** Base class of every error this package throws on purpose. */
export class DigitollError extends Error {
  readonly code: DigitollErrorCode;
  readonly category: ErrorCategory;
  /** HTTP status, when a response was received. */
  readonly status: number | undefined;
  /** `METHOD path` of the call, without host or query secrets. */
  readonly endpoint: string | undefined;

  constructor(
    code: DigitollErrorCode,
    category: ErrorCategory,
    message: string,
    options: { status?: number | undefined; endpoint?: string | undefined; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.category = category;
    this.status = options.status;
    this.endpoint = options.endpoint;
  }
}

type Details = { status?: number | undefined; endpoint?: string | undefined; cause?: unknown };

/** HTTP 400 with `validationErrors[]`: the message was rejected synchronously; nothing was stored. */
export class ValidationRejectedError extends DigitollError {
  readonly validationErrors: readonly FieldError[];
  constructor(validationErrors: readonly FieldError[], details: Details = {}) {
    const list = validationErrors.map((e) => `${e.field}: ${e.error}`).join('; ');
    super('DIGITOLL_VALIDATION_REJECTED', 'bad-data', `Customs rejected the message: ${list || '(no details)'}`, details);
    this.validationErrors = validationErrors;
  }
}

/** A 4xx that is neither a validation rejection nor auth (e.g. 415, 405, 413, a 400 without `validationErrors`). */
export class BadRequestError extends DigitollError {
  constructor(message: string, details: Details = {}) {
    super('DIGITOLL_BAD_REQUEST', 'bug', message, details);
  }
}

/** 401 even with a fresh token: the token is not accepted. */
export class UnauthorizedError extends DigitollError {
  constructor(message: string, details: Details = {}) {
    super('DIGITOLL_UNAUTHORIZED', 'config', message, details);
  }
}

/** 403: the token lacks the API's scope or the organisation may not see this object. */
export class ForbiddenError extends DigitollError {
  constructor(message: string, details: Details = {}) {
    super('DIGITOLL_FORBIDDEN', 'config', message, details);
  }
}

/** 404 where it means "no such object" (not the "still validating" 404 of validation-status). */
export class NotFoundError extends DigitollError {
  constructor(message: string, details: Details = {}) {
    super('DIGITOLL_NOT_FOUND', 'bad-data', message, details);
  }
}

/** 429 after all retries. */
export class RateLimitedError extends DigitollError {
  readonly retryAfterMs: number | undefined;
  constructor(message: string, retryAfterMs: number | undefined, details: Details = {}) {
    super('DIGITOLL_RATE_LIMITED', 'transient', message, details);
    this.retryAfterMs = retryAfterMs;
  }
}

/** 5xx after all retries (or on a call that may not be retried). */
export class ServerError extends DigitollError {
  constructor(message: string, details: Details = {}) {
    super('DIGITOLL_SERVER_ERROR', 'transient', message, details);
  }
}

/** No response: connection refused/reset, timeout. */
export class NetworkError extends DigitollError {
  constructor(message: string, details: Details = {}) {
    super('DIGITOLL_NETWORK_ERROR', 'transient', message, details);
  }
}

/**
 * A POST whose outcome is unknown (no answer, or a 5xx) and that could not be settled by looking the
 * notification up: it may or may not have been stored. Do not re-POST blindly; look it up later.
 */
export class OutcomeUnknownError extends DigitollError {
  constructor(message: string, details: Details = {}) {
    super('DIGITOLL_OUTCOME_UNKNOWN', 'transient', message, details);
  }
}

/** A 2xx response whose body does not match the schema in `@tollkit/messages`. */
export class ResponseInvalidError extends DigitollError {
  /** Per-field problems, `path: message`. */
  readonly issues: readonly string[];
  constructor(message: string, issues: readonly string[], details: Details = {}) {
    super('DIGITOLL_RESPONSE_INVALID', 'bug', `${message}: ${issues.slice(0, 5).join('; ')}`, details);
    this.issues = issues;
  }
}
