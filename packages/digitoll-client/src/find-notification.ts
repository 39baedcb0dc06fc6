import { documentStatusSchema, type DocumentStatusItem } from '@tollkit/messages';
import { queryBase, scopeFor, type TransportMode } from './endpoints.js';
import type { ClientContext } from './lib/context.js';
import { errorFor, send } from './lib/http.js';
import { parseResponse } from './lib/parse.js';

/** Input of {@link findNotification}. */
export interface FindNotificationInput {
  readonly mode: TransportMode;
  readonly level: 'master-consignment' | 'house-consignment';
  readonly documentNumber: string;
  readonly type: string;
  readonly carrierId?: string | undefined;
}

/** A notification found by its document number; `mrn` when the service includes it. */
export type FoundNotification = DocumentStatusItem & { readonly mrn?: string | undefined };

/**
 * Looks a master or house up by document number, type and carrier id
 * (`GET …/{level}/transport-document/status?documentNumber=&type=&carrierId=`, DIGITOLL.md §4.1).
 * Returns `undefined` when Customs knows no such notification (404).
 *
 * @example
 * const found = await client.findNotification({ mode: 'road', level: 'house-consignment',
 *   documentNumber: 'HC001', type: 'N740', carrierId: 'NO912345688' });
 */
export async function findNotification(ctx: ClientContext, input: FindNotificationInput): Promise<FoundNotification | undefined> {
  if (input.level !== 'master-consignment' && input.level !== 'house-consignment') {
    throw new TypeError('level must be master-consignment or house-consignment (transports cannot be looked up by document number)');
  }
  const response = await send(ctx, {
    method: 'GET',
    path: `${queryBase(input.mode)}/${input.level}/transport-document/status`,
    query: { documentNumber: input.documentNumber, type: input.type, carrierId: input.carrierId },
    scope: scopeFor(input.mode, ctx.scopeFamily),
    retry: 'idempotent',
  });
  if (response.status === 404) return undefined;
  if (response.status !== 200) throw errorFor(response);
  return parseResponse(documentStatusSchema, response, 'document status') as FoundNotification;
}
