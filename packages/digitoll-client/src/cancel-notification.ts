import { acceptedResponseSchema, formatInstant } from '@tollkit/messages';
import type { DeleteNotificationInput } from './delete-notification.js';
import { checkLevel, scopeFor, segment, submitBase } from './endpoints.js';
import type { ClientContext } from './lib/context.js';
import { errorFor, send } from './lib/http.js';
import { parseResponse } from './lib/parse.js';

/** What a DELETE achieved. */
export type CancelOutcome =
  /** 202: poll `requestId`. */
  | { readonly status: 'accepted'; readonly requestId: string }
  /** An earlier try got no answer, and the repeat found the MRN no longer active: the first one cancelled it. */
  | { readonly status: 'already-cancelled'; readonly requestId: undefined };

/** The operation behind `DigitollClient.cancelNotification` (documented there). */
export async function cancelNotification(ctx: ClientContext, input: DeleteNotificationInput): Promise<CancelOutcome> {
  const level = checkLevel(input.level);
  const response = await send(ctx, {
    method: 'DELETE',
    path: `${submitBase(input.mode)}/${level}/${segment(input.mrn, 'mrn')}`,
    scope: scopeFor(input.mode, ctx.scopeFamily),
    json: { documentIssueDate: input.documentIssueDate ?? formatInstant(ctx.now()) },
    retry: 'idempotent',
  });
  if (response.status === 404 && response.earlierAttemptUncertain) return { status: 'already-cancelled', requestId: undefined };
  if (response.status < 200 || response.status >= 300) throw errorFor(response);
  return { status: 'accepted', requestId: parseResponse(acceptedResponseSchema, response, 'accepted response').requestId };
}
