import { API_PATHS } from './endpoints.js';
import type { ClientContext } from './lib/context.js';
import { acceptedRequestId, postOnce } from './lib/post-once.js';

/** The operation behind `DigitollClient.submitArrival` (documented there). */
export async function submitArrival(ctx: ClientContext, body: Record<string, unknown>): Promise<{ requestId: string }> {
  const response = await postOnce(ctx, { path: `${API_PATHS.arrival}/arrival`, scope: ctx.arrivalScope, json: body, what: 'arrival' });
  return { requestId: acceptedRequestId(response) };
}
