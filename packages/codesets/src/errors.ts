/**
 * Errors of `@tollkit/codesets`. Match on `code`, not `instanceof`.
 * Misuse of the API (an unknown list name, a value of the wrong type) is a plain `TypeError`.
 */

/** Stable codes of the errors this package throws. */
export type CodesetsErrorCode = 'CODESETS_INVALID_CODE';

/** What the caller should do about an error: reject the data, retry, alert, or fix the configuration. */
export type ErrorCategory = 'bad-data' | 'transient' | 'bug' | 'config';

/** Base class of the errors of this package. */
export class CodesetsError extends Error {
  override readonly name: string = 'CodesetsError';
  constructor(
    readonly code: CodesetsErrorCode,
    readonly category: ErrorCategory,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A value is not a code of the list it must belong to. */
export class InvalidCodeError extends CodesetsError {
  override readonly name = 'InvalidCodeError';
  constructor(
    /** The list the value was checked against, e.g. `'CL754'`. */
    readonly list: string,
    /** The rejected value. */
    readonly value: string,
    /** The field the value came from, when the caller named it. */
    readonly field: string | undefined,
  ) {
    super(
      'CODESETS_INVALID_CODE',
      'bad-data',
      `${field === undefined ? '' : `${field}: `}${JSON.stringify(value)} is not a code of ${list}`,
    );
  }
}
