import {
  documentStatusListSchema,
  documentStatusSchema,
  masterStatusWithDescendantsSchema,
  statusWithDescendantsSchema,
  type DocumentStatusItem,
  type MasterStatusWithDescendants,
  type StatusWithDescendants,
} from '@tollkit/messages';
import { queryBase, scopeFor, segment, type TransportMode } from './endpoints.js';
import type { ClientContext } from './lib/context.js';
import { errorFor, send, type RawResponse } from './lib/http.js';
import { parseResponse } from './lib/parse.js';

async function get(ctx: ClientContext, mode: TransportMode, path: string): Promise<RawResponse> {
  const response = await send(ctx, { method: 'GET', path: `${queryBase(mode)}${path}`, scope: scopeFor(mode, ctx.scopeFamily), retry: 'idempotent' });
  if (response.status !== 200) throw errorFor(response);
  return response;
}

/** The operation behind `DigitollClient.getHouseConsignmentStatus` (documented there). */
export async function getHouseConsignmentStatus(ctx: ClientContext, mode: TransportMode, mrn: string): Promise<DocumentStatusItem> {
  const response = await get(ctx, mode, `/house-consignment/${segment(mrn, 'mrn')}/transport-document/status`);
  return parseResponse(documentStatusSchema, response, 'document status');
}

/** The operation behind `DigitollClient.listDocumentStatuses` (documented there). */
export async function listDocumentStatuses(
  ctx: ClientContext,
  mode: TransportMode,
  query:
    | { readonly parent: 'transport'; readonly mrn: string; readonly children: 'master-consignment' | 'house-consignment' }
    | { readonly parent: 'master-consignment'; readonly mrn: string }
    | { readonly parent: 'postal-receptacle'; readonly receptacleId: string },
): Promise<DocumentStatusItem[]> {
  let path: string;
  if (query.parent === 'transport') {
    if (query.children !== 'master-consignment' && query.children !== 'house-consignment') {
      throw new TypeError('children must be master-consignment or house-consignment');
    }
    path = `/transport/${segment(query.mrn, 'mrn')}/${query.children}/transport-document/status`;
  } else if (query.parent === 'master-consignment') {
    path = `/master-consignment/${segment(query.mrn, 'mrn')}/transport-document/status`;
  } else if (query.parent === 'postal-receptacle') {
    path = `/house-consignment/postal-receptacle/${segment(query.receptacleId, 'receptacleId')}/transport-document/status`;
  } else {
    throw new TypeError('parent must be transport, master-consignment or postal-receptacle');
  }
  return parseResponse(documentStatusListSchema, await get(ctx, mode, path), 'document status list');
}

/** The operation behind `DigitollClient.getTransportStatusWithDescendants` (documented there). */
export async function getTransportStatusWithDescendants(ctx: ClientContext, mode: TransportMode, mrn: string): Promise<StatusWithDescendants> {
  const response = await get(ctx, mode, `/transport/${segment(mrn, 'mrn')}/status-with-descendants`);
  return parseResponse(statusWithDescendantsSchema, response, 'status with descendants');
}

/** The operation behind `DigitollClient.getMasterStatusWithDescendants` (documented there). */
export async function getMasterStatusWithDescendants(ctx: ClientContext, mode: TransportMode, mrn: string): Promise<MasterStatusWithDescendants> {
  const response = await get(ctx, mode, `/master-consignment/${segment(mrn, 'mrn')}/status-with-descendants`);
  return parseResponse(masterStatusWithDescendantsSchema, response, 'master status with descendants');
}
