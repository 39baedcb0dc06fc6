import type { TransportMode } from '@tollkit/codesets';
import { customsErrorMap, toFieldErrors } from './lib/field-errors.js';
import { dropNulls } from './lib/lenient.js';
import { type NotificationBodies, notificationSchemaFor } from './notification-schema-for.js';
import type { NotificationLevel, ValidationResult } from './types.js';

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
  const parsed = schema.safeParse(dropNulls(body), { error: customsErrorMap });
  if (parsed.success) return { ok: true, value: parsed.data as NotificationBodies[L] };
  return { ok: false, errors: toFieldErrors(parsed.error.issues) };
}
