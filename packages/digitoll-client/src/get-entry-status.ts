import { entryStatusSchema, type EntryStatus } from '@tollkit/messages';
import { queryBase, scopeFor, segment, type TransportMode } from './endpoints.js';
import type { ClientContext } from './lib/context.js';
import { errorFor, send } from './lib/http.js';
import { parseResponse } from './lib/parse.js';

/** The operation behind `DigitollClient.getEntryStatus` (documented there). */
export async function getEntryStatus(ctx: ClientContext, mode: TransportMode, transportMrn: string): Promise<EntryStatus> {
  const response = await send(ctx, {
    method: 'GET',
    path: `${queryBase(mode)}/entry/status/${segment(transportMrn, 'transportMrn')}`,
    scope: scopeFor(mode, ctx.scopeFamily),
    retry: 'idempotent',
  });
  if (response.status !== 200) throw errorFor(response);
  return parseResponse(entryStatusSchema, response, 'entry status');
}
