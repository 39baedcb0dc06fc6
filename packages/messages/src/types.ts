/**
 * Shared shapes of Customs' error reports and the message levels (ARCHITECTURE.md, docs/digitoll.md §13).
 */

/** One synchronous (HTTP 400) error: `field` is the dotted path with `[i]` for indexes, no root prefix. */
export interface FieldError {
  field: string;
  error: string;
}

/** One asynchronous (validation-status FAILURE) error. */
export interface ValidationErrorListItem {
  description: string;
  pointer: { messageElementPath: string };
}

/** The three notification levels, as in the URL segments. */
export type NotificationLevel = 'transport' | 'master-consignment' | 'house-consignment';

/** All notification levels, in submission order. */
/** What a notification body is sent as: a first submit (POST) or an update (PUT). */
export type NotificationOperation = 'create' | 'update';

export const NOTIFICATION_LEVELS: readonly NotificationLevel[] = ['transport', 'master-consignment', 'house-consignment'];

/** Outcome of a synchronous validation. */
export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };
