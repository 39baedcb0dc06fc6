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

/** The operation behind `DigitollClient.deleteNotification` (documented there). */
export async function deleteNotification(ctx: ClientContext, input: DeleteNotificationInput): Promise<{ requestId: string }> {
  const outcome = await cancelNotification(ctx, input);
  if (outcome.status === 'accepted') return { requestId: outcome.requestId };
  throw new NotFoundError(
    `DELETE ${input.level}/${input.mrn}: the MRN is no longer active; an earlier try whose answer was lost most likely cancelled it`,
    { status: 404 },
  );
}
