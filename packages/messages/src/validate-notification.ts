import type { TransportMode } from '@tollkit/codesets';
import { customsErrorMap, toFieldErrors } from './lib/field-errors.js';
import { withoutNulls } from './lib/lenient.js';
import { type NotificationBodies, notificationSchemaFor } from './notification-schema-for.js';
import type { NotificationLevel, ValidationResult } from './types.js';

/**
 * The `value`s {@link validateNotification} returned, with the level and mode they passed as. The schemas have no
 * transforms, so parsing such a value again gives the same value: `checkNotificationRules` reads it as it is instead
 * of parsing it a second time (half the schema work of a checked notification).
 */
const passed = new WeakMap<object, string>();

/** True when `value` is a `value` {@link validateNotification} returned for this level and mode. */
export function passedValidation(value: unknown, level: NotificationLevel, mode: TransportMode): boolean {
  return typeof value === 'object' && value !== null && passed.get(value) === `${level}|${mode}`;
}

/**
 * Customs' synchronous (HTTP 400) checks of a notification body: presence, JSON types, sizes,
 * formats and enums, reported as Customs does — `{ field, error }` with Customs' texts and paths
 * such as `consignmentHouseLevel.consignor.address.city` (docs/digitoll.md §13.1).
 *
 * `null` members count as absent (as Jackson reads them); unknown members are ignored and dropped
 * from `value`. Code lists, countries, offices and business rules are asynchronous on Customs'
 * side: see `checkNotificationRules`.
 *
 * @throws TypeError for an unknown level or mode.
 * @example
 * ```ts
 * declare const body: unknown; // a house consignment as parsed JSON
 * const result = validateNotification('house-consignment', body, 'road');
 * if (!result.ok) console.log(result.errors); // [{ field: 'consignmentHouseLevel.goodsDescription', error: 'must not be blank' }]
 * ```
 */
export function validateNotification<L extends NotificationLevel>(
  level: L,
  body: unknown,
  mode: TransportMode,
): ValidationResult<NotificationBodies[L]> {
  const schema = notificationSchemaFor(level, mode);
  const parsed = schema.safeParse(withoutNulls(body), { error: customsErrorMap });
  if (parsed.success) {
    passed.set(parsed.data, `${level}|${mode}`);
    return { ok: true, value: parsed.data as NotificationBodies[L] };
  }
  return { ok: false, errors: toFieldErrors(parsed.error.issues) };
}
