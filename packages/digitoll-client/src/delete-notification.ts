import { cancelNotification } from './cancel-notification.js';
import type { NotificationLevel, TransportMode } from './endpoints.js';
import { NotFoundError } from './errors.js';
import type { ClientContext } from './lib/context.js';

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
 * poll. Retried on 5xx and network errors. When a repeat finds the MRN gone after a try whose answer was lost,
 * this throws `DIGITOLL_NOT_FOUND` saying so; `cancelNotification` returns that case as a result instead.
 *
 * @example
 * const { requestId } = await client.deleteNotification({ mode: 'rail', level: 'master-consignment', mrn });
 */
export async function deleteNotification(ctx: ClientContext, input: DeleteNotificationInput): Promise<{ requestId: string }> {
  const outcome = await cancelNotification(ctx, input);
  if (outcome.status === 'accepted') return { requestId: outcome.requestId };
  throw new NotFoundError(
    `DELETE ${input.level}/${input.mrn}: the MRN is no longer active; an earlier try whose answer was lost most likely cancelled it`,
    { status: 404 },
  );
}
