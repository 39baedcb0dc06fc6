import type { TransportMode } from '@tollkit/codesets';
import type { z } from 'zod';
import type { HouseConsignmentDraft, MasterConsignmentDraft, TransportDraft } from './drafts.js';
import { customsErrorMap, toFieldErrors } from './lib/field-errors.js';
import { dropNulls } from './lib/lenient.js';
import { notificationSchemaFor } from './notification-schema-for.js';
import type { NotificationLevel, ValidationResult } from './types.js';

/** The draft type of each notification level. */
export interface NotificationDrafts {
  transport: TransportDraft;
  'master-consignment': MasterConsignmentDraft;
  'house-consignment': HouseConsignmentDraft;
}

/**
 * {@link validateNotification} for a draft (a body without `documentIssueDate`, as `manifest`
 * produces it): the same Customs texts and paths, without needing a clock.
 *
 * @throws TypeError for an unknown level or mode.
 * @example
 * declare const draft: HouseConsignmentDraft;
 * const result = validateDraft('house-consignment', draft, 'road');
 */
export function validateDraft<L extends NotificationLevel>(
  level: L,
  draft: unknown,
  mode: TransportMode,
): ValidationResult<NotificationDrafts[L]> {
  const full = notificationSchemaFor(level, mode) as unknown as z.ZodObject<{ documentIssueDate: z.ZodType }>;
  const schema = full.omit({ documentIssueDate: true });
  const parsed = schema.safeParse(dropNulls(draft), { error: customsErrorMap });
  if (parsed.success) return { ok: true, value: parsed.data as unknown as NotificationDrafts[L] };
  return { ok: false, errors: toFieldErrors(parsed.error.issues) };
}
