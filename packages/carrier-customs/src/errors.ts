/**
 * Errors of `@tollkit/carrier-customs`.
 *
 * Match on `code` (stable, SCREAMING_SNAKE), not on `instanceof`. `category` tells the pipeline what
 * to do: `bad-data` (reject, tell the user), `transient` (retry later), `config` (fix the setup),
 * `bug` (alert). Secrets (the Mybring API key) never appear in messages or causes.
 */

import type { ShipmondoGoodsLineError } from './validate-shipmondo-customs.js';

/** Every code this package can throw. */
export type CarrierCustomsErrorCode =
  | 'SHIPMONDO_CUSTOMS_INVALID'
  | 'BRING_DECLARATION_INVALID'
  | 'BRING_UNAUTHORIZED'
  | 'BRING_BAD_REQUEST'
  | 'BRING_RATE_LIMITED'
  | 'BRING_SERVER_ERROR'
  | 'BRING_UNEXPECTED_STATUS'
  | 'BRING_INVALID_RESPONSE'
  | 'BRING_NETWORK_ERROR';

/** What the caller should do about an error. */
export type CarrierCustomsErrorCategory = 'bad-data' | 'transient' | 'bug' | 'config';

/** A field-level problem: dotted path with `[i]` for array indexes, and a human message. */
export interface CarrierFieldError {
  field: string;
  message: string;
}

/** Base class of every error thrown by this package. */
export class CarrierCustomsError extends Error {
  readonly code: CarrierCustomsErrorCode;
  readonly category: CarrierCustomsErrorCategory;

  constructor(
    code: CarrierCustomsErrorCode,
    category: CarrierCustomsErrorCategory,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.category = category;
  }
}

/** `buildShipmondoCustoms` produced an object that breaks Shipmondo's goods rules. */
export class ShipmondoCustomsInvalidError extends CarrierCustomsError {
  /** One entry per failing field kind, in Shipmondo's message pattern. */
  readonly errors: readonly CarrierFieldError[];
  /** Which goods line, which field, which value. */
  readonly lineErrors: readonly ShipmondoGoodsLineError[];

  constructor(errors: readonly CarrierFieldError[], lineErrors: readonly ShipmondoGoodsLineError[]) {
    super(
      'SHIPMONDO_CUSTOMS_INVALID',
      'bad-data',
      `Shipmondo customs object is invalid: ${errors.map((e) => e.message).join('; ')}`,
    );
    this.errors = errors;
    this.lineErrors = lineErrors;
  }
}

/** A Bring declaration body failed local validation; nothing was sent. */
export class BringDeclarationInvalidError extends CarrierCustomsError {
  readonly errors: readonly CarrierFieldError[];

  constructor(errors: readonly CarrierFieldError[]) {
    super(
      'BRING_DECLARATION_INVALID',
      'bad-data',
      `Bring customs declaration is invalid: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`,
    );
    this.errors = errors;
  }
}

/** Bring answered 401/403: wrong Mybring API uid/key, or the user lacks the booking right. */
export class BringUnauthorizedError extends CarrierCustomsError {
  readonly status: number;

  constructor(status: number, serverMessage: string | undefined) {
    super(
      'BRING_UNAUTHORIZED',
      'config',
      `Bring rejected the Mybring API credentials (HTTP ${status})${serverMessage ? `: ${serverMessage}` : ''}`,
    );
    this.status = status;
  }
}

/** Bring answered 400: the request itself (headers or body encoding) was not acceptable. */
export class BringBadRequestError extends CarrierCustomsError {
  readonly status = 400;
  readonly serverMessage: string | undefined;

  constructor(serverMessage: string | undefined) {
    super('BRING_BAD_REQUEST', 'bad-data', `Bring answered 400 Bad Request${serverMessage ? `: ${serverMessage}` : ''}`);
    this.serverMessage = serverMessage;
  }
}

/** Still throttled (429) after the configured number of retries, or Retry-After beyond the cap. */
export class BringRateLimitedError extends CarrierCustomsError {
  readonly attempts: number;
  /** The last Retry-After the server asked for, in ms (undefined when it sent none). */
  readonly retryAfterMs: number | undefined;

  constructor(attempts: number, retryAfterMs: number | undefined, reason: string) {
    super('BRING_RATE_LIMITED', 'transient', `Bring kept answering 429 Too Many Requests: ${reason}`);
    this.attempts = attempts;
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * Bring answered 5xx. For 503 the request was retried (it was not processed); any other 5xx is not
 * retried because the declaration may have landed — `mayHaveLanded` says so.
 */
export class BringServerError extends CarrierCustomsError {
  readonly status: number;
  readonly attempts: number;
  readonly mayHaveLanded: boolean;

  constructor(status: number, attempts: number, mayHaveLanded: boolean) {
    super(
      'BRING_SERVER_ERROR',
      'transient',
      `Bring answered HTTP ${status} after ${attempts} attempt(s)${mayHaveLanded ? '; the declaration may have been received' : ''}`,
    );
    this.status = status;
    this.attempts = attempts;
    this.mayHaveLanded = mayHaveLanded;
  }
}

/** Bring answered a status the API does not document for this endpoint (e.g. 404, 405, 415). */
export class BringUnexpectedStatusError extends CarrierCustomsError {
  readonly status: number;

  constructor(status: number, serverMessage: string | undefined) {
    super(
      'BRING_UNEXPECTED_STATUS',
      'config',
      `Bring answered unexpected HTTP ${status}${serverMessage ? `: ${serverMessage}` : ''} (check the base URL)`,
    );
    this.status = status;
  }
}

/** A 200 whose body is not `{ error, processingId, status }`. */
export class BringInvalidResponseError extends CarrierCustomsError {
  readonly errors: readonly CarrierFieldError[];

  constructor(errors: readonly CarrierFieldError[], options?: { cause?: unknown }) {
    super(
      'BRING_INVALID_RESPONSE',
      'bug',
      `Bring's response does not match the documented schema: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`,
      options,
    );
    this.errors = errors;
  }
}

/**
 * The HTTP exchange failed. `mayHaveLanded` is false when the connection was never established
 * (such failures are retried), true when the request may have reached Bring (not retried).
 */
export class BringNetworkError extends CarrierCustomsError {
  readonly attempts: number;
  readonly mayHaveLanded: boolean;

  constructor(attempts: number, mayHaveLanded: boolean, options: { cause: unknown }) {
    const causeCode = (options.cause as { code?: unknown } | undefined)?.code;
    super(
      'BRING_NETWORK_ERROR',
      'transient',
      `Could not reach Bring after ${attempts} attempt(s)${typeof causeCode === 'string' ? ` (${causeCode})` : ''}${mayHaveLanded ? '; the declaration may have been received' : ''}`,
      options,
    );
    this.attempts = attempts;
    this.mayHaveLanded = mayHaveLanded;
  }
}
