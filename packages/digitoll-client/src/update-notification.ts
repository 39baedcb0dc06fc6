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

/**
 * PUTs a full replacement of a notification; returns the new `requestId` to poll. PUT is idempotent (the same
 * full body), so it is retried on 5xx and network errors; the last requestId is the one that counts.
 *
 * @example
 * const { requestId } = await client.updateNotification({ mode: 'air', level: 'transport', mrn, body });
 */
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
