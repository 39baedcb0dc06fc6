import { acceptedResponseSchema, formatInstant } from '@tollkit/messages';
import { scopeFor, segment, submitBase, type TransportMode } from './endpoints.js';
import type { ClientContext } from './lib/context.js';
import { errorFor, send } from './lib/http.js';
import { parseResponse } from './lib/parse.js';
import { acceptedRequestId, postOnce } from './lib/post-once.js';

/** The operation behind `DigitollClient.createRelation` (documented there). */
export async function createRelation(ctx: ClientContext, mode: TransportMode, body: Record<string, unknown>): Promise<{ requestId: string }> {
  const response = await postOnce(ctx, { path: `${submitBase(mode)}/relation`, scope: scopeFor(mode, ctx.scopeFamily), json: body, what: 'relation' });
  return { requestId: acceptedRequestId(response) };
}

/** The operation behind `DigitollClient.deleteRelation` (documented there). */
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
