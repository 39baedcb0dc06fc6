import { API_PATHS } from './endpoints.js';
import type { ClientContext } from './lib/context.js';
import { acceptedRequestId, postOnce } from './lib/post-once.js';

/**
 * Reports an arrival (`POST …/arrival/v1/arrival`, body per `arrivalSchema`: transport MRN, time and customs
 * office of arrival; docs/digitoll.md §4.4, path and fields inferred, needs explicit permission from Customs).
 * Poll `{ api: 'arrival' }`, then `getEntryStatus`.
 *
 * @example
 * const { requestId } = await client.submitArrival({ transportMRN, timeOfArrival: '2026-11-21T06:00:00Z', customsOfficeOfArrival: 'NO372001' });
 */
export async function submitArrival(ctx: ClientContext, body: Record<string, unknown>): Promise<{ requestId: string }> {
  const response = await postOnce(ctx, { path: `${API_PATHS.arrival}/arrival`, scope: ctx.arrivalScope, json: body, what: 'arrival' });
  return { requestId: acceptedRequestId(response) };
}
