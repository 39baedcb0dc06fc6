import { documentStatusListSchema, documentStatusSchema, type DocumentStatusItem } from '@tollkit/messages';
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
  /** Required: Customs' lookup takes documentNumber, type and carrierId (`beskrivelse-av-sporre-api-EN.html`). */
  readonly carrierId: string;
}

/** A master or house Customs holds, found by its document number. */
export interface FoundNotification {
  readonly level: 'master-consignment' | 'house-consignment';
  readonly documentNumber: string;
  readonly type: string;
  /** The MRN, when the service includes it in the answer (not documented by Customs). */
  readonly mrn: string | undefined;
  /** House: `SUCCESS` (complete) or `INCOMPLETE`. */
  readonly documentStatus: string | undefined;
  readonly incompleteDocumentationReasonList: readonly string[];
  /** Master: the houses linked to it, with their document status. */
  readonly houses: readonly DocumentStatusItem[] | undefined;
}

/** The operation behind `DigitollClient.findNotification` (documented there). */
export async function findNotification(ctx: ClientContext, input: FindNotificationInput): Promise<FoundNotification | undefined> {
  if (input.level !== 'master-consignment' && input.level !== 'house-consignment') {
    throw new TypeError('level must be master-consignment or house-consignment (transports cannot be looked up by document number)');
  }
  if (typeof input.carrierId !== 'string' || input.carrierId.trim() === '') {
    throw new TypeError('carrierId is required: Customs looks a consignment up by documentNumber, type and carrierId');
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
  if (input.level === 'master-consignment') {
    const houses = parseResponse(documentStatusListSchema, response, 'master document status list');
    return { level: input.level, documentNumber: input.documentNumber, type: input.type, mrn: undefined, documentStatus: undefined, incompleteDocumentationReasonList: [], houses };
  }
  const house = parseResponse(documentStatusSchema, response, 'document status');
  const mrn = (house as { mrn?: unknown }).mrn;
  return {
    level: input.level,
    documentNumber: house.documentNumber,
    type: house.type,
    mrn: typeof mrn === 'string' ? mrn : undefined,
    documentStatus: house.documentStatus,
    incompleteDocumentationReasonList: house.incompleteDocumentationReasonList,
    houses: undefined,
  };
}
