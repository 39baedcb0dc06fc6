import { acceptedResponseSchema, formatInstant } from '@tollkit/messages';
import { checkLevel, scopeFor, segment, submitBase, type NotificationLevel, type TransportMode } from './endpoints.js';
import type { ClientContext } from './lib/context.js';
import { errorFor, send } from './lib/http.js';
import { parseResponse } from './lib/parse.js';


/** Input of {@link deleteNotification}. */
export interface DeleteNotificationInput {
  readonly mode: TransportMode;
  readonly level: NotificationLevel;
  readonly mrn: string;
  /** `documentIssueDate` of the cancellation; default: the client's clock. */
  readonly documentIssueDate?: string | undefined;
}

/**
 * Cancels a notification (`DELETE …/{level}/{MRN}` with body `{documentIssueDate}`); returns the `requestId` to
 * poll. Retried on 5xx and network errors like any idempotent call.
 *
 * @example
 * const { requestId } = await client.deleteNotification({ mode: 'rail', level: 'master-consignment', mrn });
 */
export async function deleteNotification(ctx: ClientContext, input: DeleteNotificationInput): Promise<{ requestId: string }> {
  const level = checkLevel(input.level);
  const response = await send(ctx, {
    method: 'DELETE',
    path: `${submitBase(input.mode)}/${level}/${segment(input.mrn, 'mrn')}`,
    scope: scopeFor(input.mode, ctx.scopeFamily),
    json: { documentIssueDate: input.documentIssueDate ?? formatInstant(ctx.now()) },
    retry: 'idempotent',
  });
  if (response.status < 200 || response.status >= 300) throw errorFor(response);
  return { requestId: parseResponse(acceptedResponseSchema, response, 'accepted response').requestId };
}
