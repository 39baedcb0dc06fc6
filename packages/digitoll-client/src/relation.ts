import { acceptedResponseSchema, formatInstant } from '@tollkit/messages';
import { scopeFor, segment, submitBase, type TransportMode } from './endpoints.js';
import type { ClientContext } from './lib/context.js';
import { errorFor, send } from './lib/http.js';
import { parseResponse } from './lib/parse.js';
import { acceptedRequestId, postOnce } from './lib/post-once.js';

/**
 * Links two notifications after the fact (`POST {mode base}/relation`, body per `relationSchema`, docs/digitoll.md §7.6;
 * the path is inferred, §17). Returns the requestId; the relation's own MRN comes from
 * validation-status `{ api: 'relation', mode }`. Not re-sent after a lost answer (`DIGITOLL_OUTCOME_UNKNOWN`).
 *
 * @example
 * const { requestId } = await client.createRelation('road', { parentObjectType: 'TRANSPORT', parentObjectReference: transportMrn,
 *   childObjectType: 'MASTER_CONSIGNMENT', childObjectReference: masterMrn });
 */
export async function createRelation(ctx: ClientContext, mode: TransportMode, body: Record<string, unknown>): Promise<{ requestId: string }> {
  const response = await postOnce(ctx, { path: `${submitBase(mode)}/relation`, scope: scopeFor(mode, ctx.scopeFamily), json: body, what: 'relation' });
  return { requestId: acceptedRequestId(response) };
}

/**
 * Removes a relation (`DELETE {mode base}/relation/{mrn}` with `{documentIssueDate}`); returns the requestId to poll.
 *
 * @example
 * await client.deleteRelation('road', relationMrn);
 */
export async function deleteRelation(ctx: ClientContext, mode: TransportMode, mrn: string, documentIssueDate?: string): Promise<{ requestId: string }> {
  const response = await send(ctx, {
    method: 'DELETE',
    path: `${submitBase(mode)}/relation/${segment(mrn, 'mrn')}`,
    scope: scopeFor(mode, ctx.scopeFamily),
    json: { documentIssueDate: documentIssueDate ?? formatInstant(ctx.now()) },
    retry: 'idempotent',
  });
  if (response.status < 200 || response.status >= 300) throw errorFor(response);
  return { requestId: parseResponse(acceptedResponseSchema, response, 'accepted response').requestId };
}
