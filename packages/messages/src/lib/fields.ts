/**
 * Field builders: each returns a zod schema whose issues already carry Customs' text, the way a
 * Java bean annotation (`@NotBlank @Size(min, max)`, `@NotNull`, `@Digits`) would. Messages are
 * built with the catalogue in `customs-texts.ts`; anything not covered here falls back to
 * `customsErrorMap` (field-errors.ts).
 */
import { z } from 'zod';
import {
  INVALID_DATE,
  INVALID_INSTANT,
  MUST_BE_GREATER_THAN_OR_EQUAL_TO_0,
  MUST_NOT_BE_BLANK,
  MUST_NOT_BE_EMPTY,
  MUST_NOT_BE_NULL,
  type JsonTypeName,
  mustBeOfType,
  mustBeOneOf,
  mustMatch,
  numericOutOfBounds,
  sizeMustBeBetween,
} from './customs-texts.js';
import { countDigits } from './digits.js';

/** Error for the schema's own `invalid_type` issue: absent → `missingText`, else the type text. */
function typeError(type: JsonTypeName, missingText: string) {
  return (issue: { input?: unknown }): string =>
    issue.input === undefined || issue.input === null ? missingText : mustBeOfType(type);
}

/** `yyyy-MM-ddTHH:mm:ssZ`, exactly (UTC, seconds precision, literal Z). */
export const INSTANT_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;
/** `YYYY-MM-DD`. */
export const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
/** 18-character MRN: 2-digit year, 2-letter country, 14 alphanumerics (pattern inferred from examples). */
export const MRN_PATTERN = /^[0-9]{2}[A-Z]{2}[A-Z0-9]{14}$/;

function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * True for a valid `yyyy-MM-ddTHH:mm:ssZ` instant (calendar date and time of day checked).
 *
 * @example
 * ```ts
 * isWireInstant('2026-03-01T08:16:00Z'); // true
 * isWireInstant('2026-03-01T08:16:00.000Z'); // false (no milliseconds on the wire)
 * ```
 */
export function isWireInstant(value: string): boolean {
  const m = INSTANT_PATTERN.exec(value);
  if (m === null) return false;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return isCalendarDate(y, mo, d) && h <= 23 && mi <= 59 && s <= 59;
}

/**
 * True for a valid `YYYY-MM-DD` calendar date.
 *
 * @example
 * ```ts
 * isWireDate('2024-02-29'); // true
 * isWireDate('2026-02-29'); // false
 * ```
 */
export function isWireDate(value: string): boolean {
  const m = DATE_PATTERN.exec(value);
  if (m === null) return false;
  const [, y, mo, d] = m.map(Number) as [number, number, number, number];
  return isCalendarDate(y, mo, d);
}

/** Required string of `min..max` characters (`@NotBlank @Size`). */
export function text(min: number, max: number) {
  return z
    .string({ error: typeError('string', MUST_NOT_BE_BLANK) })
    .refine((v) => v.trim().length > 0, { error: MUST_NOT_BE_BLANK, abort: true })
    .min(min, { error: sizeMustBeBetween(min, max) })
    .max(max, { error: sizeMustBeBetween(min, max) });
}

/** Optional string of `min..max` characters (`@Size`); absent is fine, `""` is too short. */
export function optionalText(min: number, max: number) {
  return z
    .string({ error: typeError('string', MUST_NOT_BE_BLANK) })
    .min(min, { error: sizeMustBeBetween(min, max) })
    .max(max, { error: sizeMustBeBetween(min, max) })
    .exactOptional();
}

/** Required instant `yyyy-MM-ddTHH:mm:ssZ`. */
export function instant() {
  return z
    .string({ error: typeError('string', MUST_NOT_BE_NULL) })
    .refine(isWireInstant, { error: INVALID_INSTANT });
}

/** Required `YYYY-MM-DD` date (sent as a string). */
export function localDate() {
  return z.string({ error: typeError('string', MUST_NOT_BE_BLANK) }).refine(isWireDate, { error: INVALID_DATE });
}

/** Required 18-character MRN. */
export function mrn() {
  return text(18, 18).refine((v) => v.length !== 18 || MRN_PATTERN.test(v), { error: mustMatch(MRN_PATTERN.source) });
}

/** Required decimal with at most `integerDigits`.`fractionDigits` digits and ≥ 0 (`@Digits @PositiveOrZero`). */
export function decimal(integerDigits: number, fractionDigits: number) {
  return z
    .number({ error: typeError('number', MUST_NOT_BE_NULL) })
    .refine(
      (v) => {
        const d = countDigits(v);
        return d.integer <= integerDigits && d.fraction <= fractionDigits;
      },
      { error: numericOutOfBounds(integerDigits, fractionDigits), abort: true },
    )
    .refine((v) => v >= 0, { error: MUST_BE_GREATER_THAN_OR_EQUAL_TO_0 });
}

/** Integer digits allowed for integer fields (Java `Integer`, 10 digits) [I]. */
export const INTEGER_DIGITS = 10;

/** Required integer ≥ 0: a fraction gives `numeric value out of bounds (<10 digits>.<0 digits> expected)`. */
export function integer() {
  return z
    .number({ error: typeError('integer', MUST_NOT_BE_NULL) })
    .refine(
      (v) => {
        const d = countDigits(v);
        return d.integer <= INTEGER_DIGITS && d.fraction === 0 && Math.abs(v) <= 2_147_483_647;
      },
      { error: numericOutOfBounds(INTEGER_DIGITS, 0), abort: true },
    )
    .refine((v) => v >= 0, { error: MUST_BE_GREATER_THAN_OR_EQUAL_TO_0 });
}

/** Required JSON boolean. */
export function bool() {
  return z.boolean({ error: typeError('boolean', MUST_NOT_BE_NULL) });
}

/** Required enum (a Java enum on Customs' side): `Must be one of [..]`. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, {
    error: (issue) =>
      issue.input === undefined || issue.input === null ? MUST_NOT_BE_NULL : mustBeOneOf(values),
  });
}

/** Required object (`@NotNull @Valid`). */
export function obj<S extends z.core.$ZodLooseShape>(shape: S) {
  return z.object(shape, { error: typeError('object', MUST_NOT_BE_NULL) });
}

/** Required list; `min` ≥ 1 gives `must not be empty` for `[]`; `max` gives the size text. */
export function list<T extends z.ZodType>(item: T, options: { min?: number; max?: number } = {}) {
  let schema = z.array(item, { error: typeError('array', MUST_NOT_BE_NULL) });
  if (options.min !== undefined && options.min > 0) schema = schema.min(options.min, { error: MUST_NOT_BE_EMPTY });
  if (options.max !== undefined) schema = schema.max(options.max, { error: sizeMustBeBetween(options.min ?? 0, options.max) });
  return schema;
}
