import type { z } from 'zod';
import { instant, obj } from '../lib/fields.js';

/** Body of `DELETE /<level>/{MRN}` (and of a relation DELETE): only `documentIssueDate` (§5.2). */
export const deleteNotificationSchema = obj({ documentIssueDate: instant() });
export type DeleteNotification = z.infer<typeof deleteNotificationSchema>;
