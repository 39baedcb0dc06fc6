import type { DocumentIssueDate } from './drafts.js';
import { issueDate } from './lib/build-helpers.js';
import type { DeleteNotification } from './schemas/delete-notification.js';

/**
 * The body of `DELETE /<level>/{MRN}` (and of a relation DELETE): `{ documentIssueDate }` (§5.2).
 *
 * @throws TypeError for an invalid date.
 * @example buildDeleteBody(new Date()) // { documentIssueDate: '2025-03-01T08:15:00Z' }
 */
export function buildDeleteBody(now: DocumentIssueDate): DeleteNotification {
  return { documentIssueDate: issueDate(now) };
}
