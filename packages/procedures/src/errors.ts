/** Stable codes of {@link ProceduresError}. Match on `code`, not `instanceof`. */
export type ProceduresErrorCode = 'PROCEDURES_TABLE_INVALID';

/** What the caller should do about a failure. */
export type ErrorCategory = 'bad-data' | 'transient' | 'bug' | 'config';

/** Base class of every error this package throws (misuse of the API is a plain `TypeError`). */
export class ProceduresError extends Error {
  readonly code: ProceduresErrorCode;
  readonly category: ErrorCategory;

  constructor(code: ProceduresErrorCode, category: ErrorCategory, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.category = category;
  }
}

/**
 * Customs' bundled tables (data/) contradict themselves in a way the rules cannot resolve. Thrown at
 * import time, so a bad table update fails every test instead of producing wrong answers.
 */
export class ProcedureTableInvalidError extends ProceduresError {
  constructor(message: string) {
    super('PROCEDURES_TABLE_INVALID', 'bug', message);
  }
}
