import { acceptedResponseSchema } from '@tollkit/messages';
import { checkLevel, scopeFor, submitBase, type NotificationLevel, type TransportMode } from './endpoints.js';
import { NetworkError, OutcomeUnknownError, ServerError, type DigitollError } from './errors.js';
import { findNotification, type FoundNotification } from './find-notification.js';
import type { ClientContext } from './lib/context.js';
import { errorFor, send } from './lib/http.js';
import { notificationKeyOf } from './lib/keys.js';
import { parseResponse } from './lib/parse.js';

/** Input of {@link submitNotification}. */
export interface SubmitNotificationInput {
  readonly mode: TransportMode;
  readonly level: NotificationLevel;
  /** The request body (docs/digitoll.md §7), e.g. from `buildHouseConsignment`. */
  readonly body: unknown;
}

/** What a POST achieved. */
export type SubmitOutcome =
  /** 202: poll `requestId` for SUCCESS (+MRN) or FAILURE. */
  | { readonly status: 'accepted'; readonly requestId: string }
  /**
   * The answer to the POST was lost, and looking the document number up showed Customs already holds this
   * notification (so it was not sent again). Use `existing.mrn` when present, else query by document number.
   */
  | { readonly status: 'already-submitted'; readonly existing: FoundNotification };

/** The operation behind `DigitollClient.submitNotification` (documented there). */
export async function submitNotification(ctx: ClientContext, input: SubmitNotificationInput): Promise<SubmitOutcome> {
  const level = checkLevel(input.level);
  const key = notificationKeyOf(level, input.body);
  const path = `${submitBase(input.mode)}/${level}`;
  for (let attempt = 1; ; attempt++) {
    let failure: DigitollError;
    try {
      const response = await send(ctx, { method: 'POST', path, scope: scopeFor(input.mode, ctx.scopeFamily), json: input.body, retry: 'throttle-only' });
      if (response.status >= 200 && response.status < 300) {
        return { status: 'accepted', requestId: parseResponse(acceptedResponseSchema, response, 'accepted response').requestId };
      }
      const error = errorFor(response);
      if (!(error instanceof ServerError)) throw error;
      failure = error;
    } catch (error) {
      if (!(error instanceof NetworkError)) throw error;
      failure = error;
    }
    // Outcome unknown: the POST may or may not have been stored.
    ctx.emit({ type: 'outcome-unknown', endpoint: `POST ${path}`, reason: failure.message });
    if (key?.carrierId === undefined) {
      throw new OutcomeUnknownError(
        `POST ${path}: outcome unknown (${failure.message}); ${key === undefined ? `a ${level}` : 'a house that names no carrier id'} cannot be ` +
          'looked up by document number (documentNumber, type and carrierId), so it was not re-sent. Check with Customs ' +
          '(or the transport query) before sending it again.',
        { endpoint: `POST ${path}`, cause: failure },
      );
    }
    await ctx.sleep(ctx.lookupDelayMs);
    let existing: FoundNotification | undefined;
    try {
      existing = await findNotification(ctx, { mode: input.mode, level: key.level as 'master-consignment' | 'house-consignment', documentNumber: key.documentNumber, type: key.type, carrierId: key.carrierId });
    } catch (lookupError) {
      throw new OutcomeUnknownError(
        `POST ${path}: outcome unknown (${failure.message}) and the lookup of ${key.type} ${key.documentNumber} failed ` +
          `(${(lookupError as Error).message}); not re-sent.`,
        { endpoint: `POST ${path}`, cause: lookupError },
      );
    }
    ctx.emit({ type: 'lookup', endpoint: `GET ${level}/transport-document/status`, found: existing !== undefined });
    if (existing !== undefined) return { status: 'already-submitted', existing };
    if (attempt >= ctx.maxAttempts) {
      throw new OutcomeUnknownError(`POST ${path}: no answer after ${attempt} attempt(s) (${failure.message}); Customs does not know ${key.type} ${key.documentNumber}`, {
        endpoint: `POST ${path}`,
        cause: failure,
      });
    }
  }
}
