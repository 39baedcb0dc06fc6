import type { TransportMode } from '@tollkit/codesets';
import type { ProcedureAssessment } from '@tollkit/procedures';
import { type Loose, RuleCollector } from './lib/rules/collector.js';
import { checkHouseConsignmentRules } from './lib/rules/house-rules.js';
import { checkMasterConsignmentRules } from './lib/rules/master-rules.js';
import { checkTransportRules } from './lib/rules/transport-rules.js';
import type { NotificationBodies } from './notification-schema-for.js';
import type { HouseConsignment } from './schemas/house-consignment.js';
import type { MasterConsignment } from './schemas/master-consignment.js';
import type { Transport } from './schemas/transport.js';
import type { NotificationLevel, NotificationOperation, ValidationErrorListItem } from './types.js';
import { dropNulls } from './lib/lenient.js';
import { passedValidation, validateNotification } from './validate-notification.js';

/** Options of {@link checkNotificationRules}. */
export interface CheckNotificationRulesOptions {
  /** The moment the rules are judged at (arrival times must not have passed, ≤ 1 year ahead): a Date, epoch ms, or a clock. */
  now: Date | number | (() => number);
  /**
   * Also judge a body that fails {@link validateNotification} (default false: such a body throws).
   * The rules then read whatever members are there and skip the ones that are missing — so one
   * pass over a half-mapped record finds its rule problems too (Customs itself would stop at the
   * 400; this is for reporting, not for deciding what to send).
   */
  partial?: boolean;
  /**
   * What the body is sent as: `create` (POST, the default) or `update` (PUT). Only the first submit requires
   * estimated = scheduled arrival (`mo-obligatorisk-2024-04-EN.html`).
   */
  operation?: NotificationOperation;
  /**
   * Houses: receives the `assessProcedure` result (`@tollkit/procedures`) the procedure rules were judged with —
   * e.g. its `incompleteReasons`, what Customs reports for the house once accepted — so a caller needing both does
   * not assess the procedure a second time. Not called for other levels.
   *
   * @example
   * ```ts
   * declare const house: unknown; // a house consignment as parsed JSON
   * let incomplete: readonly string[] = [];
   * const errors = await checkNotificationRules('house-consignment', house as Record<string, unknown>, 'road', {
   *   now: Date.now(),
   *   onProcedureAssessment: (assessment) => {
   *     incomplete = assessment.incompleteReasons;
   *   },
   * });
   * ```
   */
  onProcedureAssessment?: (assessment: ProcedureAssessment) => void;
}

/**
 * Customs' asynchronous checks (validation-status FAILURE) of a notification that passed
 * {@link validateNotification}: code lists (A1), countries (A2), places (A7, A9), customs office
 * (A14), arrival times, conveyance reference and identification type (B1–B7), estimated = scheduled
 * arrival on a first submit, and for houses the procedure rules of `@tollkit/procedures` (§9) and a direct
 * consignment's carrier id. Errors come in Customs' shape with paths without
 * a root prefix (`customsOfficeOfFirstEntry.referenceNumber`).
 *
 * Not checked (needs Customs' systems): AES/NCTS/TVINN look-ups (A4, A5, A10, B8–B10), VOEC numbers (A12).
 *
 * @param body the body (raw JSON or the `value` of a successful {@link validateNotification}); it must
 *   pass the synchronous checks — Customs never runs these rules on a body it rejected with 400.
 * @throws TypeError for an unknown level or mode, an invalid `now`, or a body that fails the synchronous checks.
 * @example
 * ```ts
 * declare const body: unknown; // a transport as parsed JSON
 * const checked = validateNotification('transport', body, 'road');
 * if (checked.ok) {
 *   const errors = await checkNotificationRules('transport', checked.value, 'road', { now: Date.now() });
 * }
 * ```
 */
export async function checkNotificationRules<L extends NotificationLevel>(
  level: L,
  body: NotificationBodies[L] | Record<string, unknown>,
  mode: TransportMode,
  options: CheckNotificationRulesOptions,
): Promise<ValidationErrorListItem[]> {
  const now = typeof options.now === 'function' ? options.now() : typeof options.now === 'number' ? options.now : options.now.getTime();
  if (!Number.isFinite(now)) throw new TypeError('checkNotificationRules: options.now is not a valid date');
  // Re-read through the schema (validates level and mode too): the rules then see a normalised body
  // (no nulls, no unknown members) even when the caller passes the raw JSON it validated. The `value` of a
  // successful validateNotification for this level and mode is that already (the schemas have no transforms).
  const checked = passedValidation(body, level, mode) ? { ok: true as const, value: body } : validateNotification(level, body, mode);
  if (!checked.ok && options.partial !== true) {
    const first = checked.errors.slice(0, 3).map((e) => `${e.field}: ${e.error}`).join('; ');
    throw new TypeError(`checkNotificationRules needs a body that passes validateNotification (${first})`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new TypeError('checkNotificationRules: body must be an object');
  const value: unknown = checked.ok ? checked.value : dropNulls(body);
  const c = new RuleCollector();
  switch (level) {
    case 'transport':
      checkTransportRules(value as Loose<Transport>, mode, now, c, options.operation ?? 'create');
      break;
    case 'master-consignment':
      checkMasterConsignmentRules(value as Loose<MasterConsignment>, c);
      break;
    case 'house-consignment':
      checkHouseConsignmentRules(value as Loose<HouseConsignment>, mode, c, options.onProcedureAssessment);
      break;
    default:
      throw new TypeError(`unknown notification level ${JSON.stringify(level)}`);
  }
  const seen = new Set<string>();
  return c.errors.filter((e) => {
    const key = `${e.pointer.messageElementPath}\u0000${e.description}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
