import { authorize } from '../customs-auth/authorize.js';
import { MODE_API, type TransportMode, houseKeyOf, houseLevel, masterKeyOf, str } from '../lib/domain.js';
import { gatewayError, validationErrors, type Reply } from '../lib/http.js';
import type { RouteContext } from '../lib/router.js';
import type { Runtime } from '../lib/runtime.js';
import { modeKey } from '../lib/graph-index.js';
import type { NotificationRecord } from '../lib/state.js';

/** Document status object (docs/digitoll.md §8.4). */
export function houseDocumentStatus(h: NotificationRecord): Record<string, unknown> {
  const key = houseKeyOf(h.body);
  return {
    documentNumber: key?.documentNumber,
    type: key?.type,
    mrn: h.mrn,
    documentStatus: h.incompleteReasons.length > 0 ? 'INCOMPLETE' : 'SUCCESS',
    incompleteDocumentationReasonList: [...h.incompleteReasons],
  };
}

export async function queryAuth(rt: Runtime, ctx: RouteContext, mode: TransportMode): Promise<void> {
  await authorize(rt, ctx, [MODE_API[mode].scope, MODE_API[mode].euScope]);
}

export function findActive(rt: Runtime, ctx: RouteContext, mode: TransportMode, level: NotificationRecord['level']): NotificationRecord {
  const mrn = ctx.params['mrn'] ?? '';
  const n = rt.index.links().activeWithMrn(mrn, level).find((x) => x.mode === mode);
  if (n === undefined) throw gatewayError(404, 'Not Found', `No active ${level} with MRN ${mrn}`, ctx.url.pathname, rt.clock.now());
  return n;
}

function lookupParams(ctx: RouteContext): { documentNumber: string; type: string | undefined; carrierId: string | undefined } {
  const documentNumber = ctx.url.searchParams.get('documentNumber');
  if (documentNumber === null || documentNumber.length === 0) throw validationErrors([{ field: 'documentNumber', error: 'must not be blank' }]);
  return { documentNumber, type: ctx.url.searchParams.get('type') ?? undefined, carrierId: ctx.url.searchParams.get('carrierId') ?? undefined };
}

/** GET /transport/{mrn}/master-consignment/transport-document/status — master keys on the transport with `received`. */
export async function transportMasterStatus(rt: Runtime, ctx: RouteContext, mode: TransportMode): Promise<Reply> {
  await queryAuth(rt, ctx, mode);
  const t = findActive(rt, ctx, mode, 'transport');
  const slots = rt.graph().masterSlotsOfTransport(t);
  return {
    status: 200,
    body: slots.map((s) => ({ documentNumber: s.key.documentNumber, type: s.key.type, received: s.master !== undefined, ...(s.master ? { mrn: s.master.mrn, documentStatus: 'SUCCESS' } : {}) })),
  };
}

/** GET /transport/{mrn}/house-consignment/transport-document/status — houses on the transport. */
export async function transportHouseStatus(rt: Runtime, ctx: RouteContext, mode: TransportMode): Promise<Reply> {
  await queryAuth(rt, ctx, mode);
  const t = findActive(rt, ctx, mode, 'transport');
  return { status: 200, body: rt.graph().housesOfTransport(t).map(houseDocumentStatus) };
}

/** GET /master-consignment/{mrn}/transport-document/status — houses of the master. */
export async function masterHouseStatus(rt: Runtime, ctx: RouteContext, mode: TransportMode): Promise<Reply> {
  await queryAuth(rt, ctx, mode);
  const m = findActive(rt, ctx, mode, 'master-consignment');
  return { status: 200, body: rt.graph().housesOfMaster(m).map(houseDocumentStatus) };
}

/** GET /master-consignment/transport-document/status?documentNumber=&type=&carrierId= — same, by master waybill. */
export async function masterHouseStatusByDocument(rt: Runtime, ctx: RouteContext, mode: TransportMode): Promise<Reply> {
  await queryAuth(rt, ctx, mode);
  const q = lookupParams(ctx);
  const candidates = rt.index.links().mastersByDocumentNumber.get(modeKey(mode, q.documentNumber)) ?? [];
  const m = candidates.find((n) => {
    const k = masterKeyOf(n.body);
    return k?.documentNumber === q.documentNumber && (q.type === undefined || k.type === q.type) && (q.carrierId === undefined || k.carrierId === q.carrierId);
  });
  if (m === undefined) throw gatewayError(404, 'Not Found', `No active master consignment with documentNumber ${q.documentNumber}`, ctx.url.pathname, rt.clock.now());
  return { status: 200, body: rt.graph().housesOfMaster(m).map(houseDocumentStatus) };
}

/** GET /house-consignment/{mrn}/transport-document/status — one house. */
export async function houseStatus(rt: Runtime, ctx: RouteContext, mode: TransportMode): Promise<Reply> {
  await queryAuth(rt, ctx, mode);
  return { status: 200, body: houseDocumentStatus(findActive(rt, ctx, mode, 'house-consignment')) };
}

/** GET /house-consignment/transport-document/status?documentNumber=&type=&carrierId= — one house by waybill. */
export async function houseStatusByDocument(rt: Runtime, ctx: RouteContext, mode: TransportMode): Promise<Reply> {
  await queryAuth(rt, ctx, mode);
  const q = lookupParams(ctx);
  const candidates = rt.index.links().housesByDocumentNumber.get(modeKey(mode, q.documentNumber)) ?? [];
  const h = candidates.find((n) => {
    const k = houseKeyOf(n.body);
    const carrier = str((houseLevel(n.body)?.['consignmentMasterLevel'] as Record<string, unknown> | undefined)?.['carrierIdentificationNumber']);
    return k?.documentNumber === q.documentNumber && (q.type === undefined || k.type === q.type) && (q.carrierId === undefined || carrier === q.carrierId);
  });
  if (h === undefined) throw gatewayError(404, 'Not Found', `No active house consignment with documentNumber ${q.documentNumber}`, ctx.url.pathname, rt.clock.now());
  return { status: 200, body: houseDocumentStatus(h) };
}

/** GET /house-consignment/postal-receptacle/{id}/transport-document/status — houses in a UPU receptacle. */
export async function receptacleStatus(rt: Runtime, ctx: RouteContext, mode: TransportMode): Promise<Reply> {
  await queryAuth(rt, ctx, mode);
  const id = ctx.params['receptacleId'] ?? '';
  const houses = rt.index.links().housesByReceptacle.get(modeKey(mode, id)) ?? [];
  if (houses.length === 0) throw gatewayError(404, 'Not Found', `No active house consignments in receptacle ${id}`, ctx.url.pathname, rt.clock.now());
  return { status: 200, body: houses.map(houseDocumentStatus) };
}
