import type { TransportMode } from '@tollkit/codesets';
import { InvalidNotificationError } from './errors.js';
import type { NotificationBodies } from './notification-schema-for.js';
import type { NotificationLevel } from './types.js';
import { validateNotification } from './validate-notification.js';

/**
 * Like {@link validateNotification}, but returns the parsed body or throws.
 *
 * @throws InvalidNotificationError (`MESSAGES_INVALID_NOTIFICATION`, category `bad-data`) with the
 *   `{ field, error }` list in `errors`; TypeError for an unknown level or mode.
 * @example
 * declare const json: unknown; // a transport as parsed JSON
 * const body = assertValidNotification('transport', json, 'road');
 */
export function assertValidNotification<L extends NotificationLevel>(
  level: L,
  body: unknown,
  mode: TransportMode,
): NotificationBodies[L] {
  const result = validateNotification(level, body, mode);
  if (!result.ok) throw new InvalidNotificationError(`${level} notification`, result.errors);
  return result.value;
}
