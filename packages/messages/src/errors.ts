/**
 * Errors thrown by `@tollkit/messages`. Match on `code`, not `instanceof`.
 * Misuse of the API (an invalid `Date`, an unknown level) is a plain `TypeError`.
 */
import type { FieldError } from './types.js';

/** Stable error codes of this package. */
export type MessagesErrorCode = 'MESSAGES_INVALID_NOTIFICATION' | 'MESSAGES_INVALID_RESPONSE';
/** What the caller should do: reject the data, retry, alert, or fix configuration. */
export type ErrorCategory = 'bad-data' | 'transient' | 'bug' | 'config';

/** Base class of this package's errors. */
export class MessagesError extends Error {
  readonly code: MessagesErrorCode;
  readonly category: ErrorCategory;
  constructor(code: MessagesErrorCode, category: ErrorCategory, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.category = category;
  }
}

function summarise(errors: readonly FieldError[]): string {
  const shown = errors.slice(0, 5).map((e) => `${e.field === '' ? '(body)' : e.field}: ${e.error}`);
  return shown.join('; ') + (errors.length > 5 ? `; … ${errors.length - 5} more` : '');
}

/** A request body fails Customs' synchronous checks; `errors` lists them in Customs' shape. */
export class InvalidNotificationError extends MessagesError {
  readonly errors: readonly FieldError[];
  constructor(what: string, errors: readonly FieldError[]) {
    super('MESSAGES_INVALID_NOTIFICATION', 'bad-data', `invalid ${what}: ${summarise(errors)}`);
    this.errors = errors;
  }
}

/** A Customs response does not have the documented shape; `errors` says where. */
export class InvalidResponseError extends MessagesError {
  readonly errors: readonly FieldError[];
  constructor(what: string, errors: readonly FieldError[]) {
    super('MESSAGES_INVALID_RESPONSE', 'bug', `unexpected ${what} response: ${summarise(errors)}`);
    this.errors = errors;
  }
}
