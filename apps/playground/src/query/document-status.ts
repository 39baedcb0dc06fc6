import { authorize } from '../customs-auth/authorize.js';
import { MODE_API, type TransportMode, houseCarrierId, houseKeyOf, masterKeyOf } from '../lib/domain.js';
import { mayQuery } from '../lib/parties.js';
import type { Graph } from '../lib/graph.js';
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

/** Authorises a query with the mode's scope; returns the caller's organisation. */
export async function queryAuth(rt: Runtime, ctx: RouteContext, mode: TransportMode): Promise<string> {
  return (await authorize(rt, ctx, [MODE_API[mode].scope, MODE_API[mode].euScope])).orgNumber;
}

/**
 * The active notification the path's MRN names, if the caller may see it (`mayQuery`); 404 otherwise — the same
 * answer for an unknown MRN and another party's, so a query reveals nothing (issue 16 item 9).
 */
export function findActive(rt: Runtime, ctx: RouteContext, mode: TransportMode, level: NotificationRecord['level'], org: string): NotificationRecord {
  const mrn = ctx.params['mrn'] ?? '';
  const graph = rt.graph();
  const n = rt.index.links().activeWithMrn(mrn, level).find((x) => x.mode === mode && mayQuery(rt, graph, org, x));
  if (n === undefined) throw gatewayError(404, 'Not Found', `No active ${level} with MRN ${mrn}`, ctx.url.pathname, rt.clock.now());
  return n;
}

/**
 * The three inputs of a lookup by document number (`beskrivelse-av-sporre-api-EN.html`: "The input parameter here is
 * the consignment's document number (documentNumber, type, and carrierId)"); each one missing is a 400 naming it.
 */
function lookupParams(ctx: RouteContext): { documentNumber: string; type: string; carrierId: string } {
  const get = (name: string): string | undefined => {
    const v = ctx.url.searchParams.get(name);
    return v === null || v.trim().length === 0 ? undefined : v;
  };
  const documentNumber = get('documentNumber');
  const type = get('type');
  const carrierId = get('carrierId');
  if (documentNumber === undefined || type === undefined || carrierId === undefined) {
    const missing = (['documentNumber', 'type', 'carrierId'] as const).filter((n) => get(n) === undefined);
    throw validationErrors(missing.map((field) => ({ field, error: 'must not be blank' })));
  }
  return { documentNumber, type, carrierId };
}

/** GET /transport/{mrn}/master-consignment/transport-document/status — master keys on the transport with `received`. */
export async function transportMasterStatus(rt: Runtime, ctx: RouteContext, mode: TransportMode): Promise<Reply> {
  const org = await queryAuth(rt, ctx, mode);
  const t = findActive(rt, ctx, mode, 'transport', org);
  const slots = rt.graph().masterSlotsOfTransport(t);
  return {
    status: 200,
    body: slots.map((s) => ({ documentNumber: s.key.documentNumber, type: s.key.type, received: s.master !== undefined, ...(s.master ? { mrn: s.master.mrn, documentStatus: 'SUCCESS' } : {}) })),
  };
}

/** GET /transport/{mrn}/house-consignment/transport-document/status — houses on the transport. */
export async function transportHouseStatus(rt: Runtime, ctx: RouteContext, mode: TransportMode): Promise<Reply> {
  const org = await queryAuth(rt, ctx, mode);
  const t = findActive(rt, ctx, mode, 'transport', org);
  return { status: 200, body: rt.graph().housesOfTransport(t).map(houseDocumentStatus) };
}

/** GET /master-consignment/{mrn}/transport-document/status — houses of the master. */
export async function masterHouseStatus(rt: Runtime, ctx: RouteContext, mode: TransportMode): Promise<Reply> {
  const org = await queryAuth(rt, ctx, mode);
  const m = findActive(rt, ctx, mode, 'master-consignment', org);
  return { status: 200, body: rt.graph().housesOfMaster(m).map(houseDocumentStatus) };
}

/** GET /master-consignment/transport-document/status?documentNumber=&type=&carrierId= — same, by master waybill. */
export async function masterHouseStatusByDocument(rt: Runtime, ctx: RouteContext, mode: TransportMode): Promise<Reply> {
  const org = await queryAuth(rt, ctx, mode);
  const q = lookupParams(ctx);
  const graph = rt.graph();
  const candidates = rt.index.links().mastersByDocumentNumber.get(modeKey(mode, q.documentNumber)) ?? [];
  const m = candidates.find((n) => {
    const k = masterKeyOf(n.body);
    return k?.documentNumber === q.documentNumber && k.type === q.type && k.carrierId === q.carrierId && mayQuery(rt, graph, org, n);
  });
  if (m === undefined) throw gatewayError(404, 'Not Found', `No active master consignment with documentNumber ${q.documentNumber}`, ctx.url.pathname, rt.clock.now());
  return { status: 200, body: rt.graph().housesOfMaster(m).map(houseDocumentStatus) };
}

/** GET /house-consignment/{mrn}/transport-document/status — one house. */
export async function houseStatus(rt: Runtime, ctx: RouteContext, mode: TransportMode): Promise<Reply> {
  const org = await queryAuth(rt, ctx, mode);
  return { status: 200, body: houseDocumentStatus(findActive(rt, ctx, mode, 'house-consignment', org)) };
}

/** GET /house-consignment/transport-document/status?documentNumber=&type=&carrierId= — one house by waybill. */
export async function houseStatusByDocument(rt: Runtime, ctx: RouteContext, mode: TransportMode): Promise<Reply> {
  const org = await queryAuth(rt, ctx, mode);
  const q = lookupParams(ctx);
  const graph = rt.graph();
  const candidates = rt.index.links().housesByDocumentNumber.get(modeKey(mode, q.documentNumber)) ?? [];
  const h = candidates.find((n) => {
    const k = houseKeyOf(n.body);
    return k?.documentNumber === q.documentNumber && k.type === q.type && houseCarrierIds(graph, n).includes(q.carrierId) && mayQuery(rt, graph, org, n);
  });
  if (h === undefined) throw gatewayError(404, 'Not Found', `No active house consignment with documentNumber ${q.documentNumber}`, ctx.url.pathname, rt.clock.now());
  return { status: 200, body: houseDocumentStatus(h) };
}

/**
 * The carrier ids a house can be looked up with: the one it names (its master's, or a direct consignment's), else —
 * a postal house linked through its receptacle — the carrier of each master it hangs under.
 */
function houseCarrierIds(graph: Graph, h: NotificationRecord): string[] {
  const named = houseCarrierId(h.body);
  if (named !== undefined) return [named];
  return graph.mastersOfHouse(h).map((m) => masterKeyOf(m.body)?.carrierId).filter((c): c is string => c !== undefined);
}

/** GET /house-consignment/postal-receptacle/{id}/transport-document/status — houses in a UPU receptacle. */
export async function receptacleStatus(rt: Runtime, ctx: RouteContext, mode: TransportMode): Promise<Reply> {
  const org = await queryAuth(rt, ctx, mode);
  const id = ctx.params['receptacleId'] ?? '';
  const graph = rt.graph();
  const houses = (rt.index.links().housesByReceptacle.get(modeKey(mode, id)) ?? []).filter((h) => mayQuery(rt, graph, org, h));
  if (houses.length === 0) throw gatewayError(404, 'Not Found', `No active house consignments in receptacle ${id}`, ctx.url.pathname, rt.clock.now());
  return { status: 200, body: houses.map(houseDocumentStatus) };
}
