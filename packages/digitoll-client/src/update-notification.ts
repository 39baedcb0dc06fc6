import { acceptedResponseSchema } from '@tollkit/messages';
import { checkLevel, scopeFor, segment, submitBase, type NotificationLevel, type TransportMode } from './endpoints.js';
import type { ClientContext } from './lib/context.js';
import { errorFor, send } from './lib/http.js';
import { parseResponse } from './lib/parse.js';

/** Input of {@link updateNotification}. */
export interface UpdateNotificationInput {
  readonly mode: TransportMode;
  readonly level: NotificationLevel;
  readonly mrn: string;
  /** The full replacement body (keys unchanged, docs/digitoll.md §5.1). */
  readonly body: unknown;
}

/** The operation behind `DigitollClient.updateNotification` (documented there). */
export async function updateNotification(ctx: ClientContext, input: UpdateNotificationInput): Promise<{ requestId: string }> {
  const level = checkLevel(input.level);
  const response = await send(ctx, {
    method: 'PUT',
    path: `${submitBase(input.mode)}/${level}/${segment(input.mrn, 'mrn')}`,
    scope: scopeFor(input.mode, ctx.scopeFamily),
    json: input.body,
    retry: 'idempotent',
  });
  if (response.status < 200 || response.status >= 300) throw errorFor(response);
  return { requestId: parseResponse(acceptedResponseSchema, response, 'accepted response').requestId };
}
