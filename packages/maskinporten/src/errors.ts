/**
 * Errors of `@tollkit/maskinporten`. Match on `code`, not `instanceof`.
 * Messages never contain keys, assertions or tokens.
 */

/** What the caller should do about a failure. */
export type ErrorCategory = 'bad-data' | 'transient' | 'bug' | 'config';

/** Stable error codes of this package. */
export type MaskinportenErrorCode =
  | 'MASKINPORTEN_KEY_INVALID'
  | 'MASKINPORTEN_BAD_CREDENTIALS'
  | 'MASKINPORTEN_SCOPE_NOT_GRANTED'
  | 'MASKINPORTEN_CLOCK_SKEW'
  | 'MASKINPORTEN_SERVICE_UNAVAILABLE'
  | 'MASKINPORTEN_BAD_RESPONSE';

/** Details a refusal may carry. */
export interface MaskinportenErrorOptions {
  readonly cause?: unknown;
  readonly status?: number | undefined;
  readonly oauthError?: string | undefined;
  readonly clockOffsetMs?: number | undefined;
}

/** Base class of every error this package throws on purpose. */
export class MaskinportenError extends Error {
  readonly code: MaskinportenErrorCode;
  readonly category: ErrorCategory;
  /** HTTP status of the refusing response, when there was one. */
  readonly status: number | undefined;
  /** OAuth `error` value from the server, when there was one (never secret). */
  readonly oauthError: string | undefined;
  /** The server's clock minus ours in ms, from the refusing response's Date header, when known. */
  readonly clockOffsetMs: number | undefined;

  constructor(
    code: MaskinportenErrorCode,
    category: ErrorCategory,
    message: string,
    options: MaskinportenErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.category = category;
    this.status = options.status;
    this.oauthError = options.oauthError;
    this.clockOffsetMs = options.clockOffsetMs;
  }
}

/** A key or certificate file could not be read or does not fit (wrong password, not RSA, key/certificate mismatch). */
export class KeyInvalidError extends MaskinportenError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('MASKINPORTEN_KEY_INVALID', 'config', message, options);
  }
}

/** Maskinporten or Customs refused the client, key or certificate (`invalid_client`, bad signature, unknown kid …). */
export class BadCredentialsError extends MaskinportenError {
  constructor(message: string, options: MaskinportenErrorOptions = {}) {
    super('MASKINPORTEN_BAD_CREDENTIALS', 'config', message, options);
  }
}

/** The client is not allowed the requested scope (`invalid_scope`, "Not authorized to request scope …"). */
export class ScopeNotGrantedError extends MaskinportenError {
  readonly scope: string;
  constructor(scope: string, message: string, options: MaskinportenErrorOptions = {}) {
    super('MASKINPORTEN_SCOPE_NOT_GRANTED', 'config', message, options);
    this.scope = scope;
  }
}

/** The grant was refused for time reasons; `clockOffsetMs` is the server's clock minus ours, when known. */
export class ClockSkewError extends MaskinportenError {
  constructor(message: string, options: MaskinportenErrorOptions = {}) {
    super('MASKINPORTEN_CLOCK_SKEW', 'config', message, options);
  }
}

/** Maskinporten or the Customs token service did not answer usefully (network error, 5xx, 429) after retries. */
export class ServiceUnavailableError extends MaskinportenError {
  /** The server's `Retry-After`, in ms, when it sent one. */
  readonly retryAfterMs: number | undefined;
  constructor(message: string, options: MaskinportenErrorOptions & { retryAfterMs?: number | undefined } = {}) {
    super('MASKINPORTEN_SERVICE_UNAVAILABLE', 'transient', message, options);
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** A token response we cannot use (not JSON, no `access_token`, unexpected refusal). */
export class BadResponseError extends MaskinportenError {
  constructor(message: string, options: MaskinportenErrorOptions = {}) {
    super('MASKINPORTEN_BAD_RESPONSE', 'bug', message, options);
  }
}
