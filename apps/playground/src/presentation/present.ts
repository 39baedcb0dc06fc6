import { authorize } from '../customs-auth/authorize.js';
import { formatInstant } from '../lib/clock.js';
import { ENTRY_SCOPES, houseKeyOf, isRecordValue, obj, str, type DocumentKey } from '../lib/domain.js';
import { gatewayError, validationErrors, type Reply } from '../lib/http.js';
import { readJsonBody } from '../lib/json-body.js';
import { validateOtherBody } from '../lib/message-rules.js';
import type { RouteContext } from '../lib/router.js';
import type { Runtime } from '../lib/runtime.js';
import type { RequestRecord, ValidationStatusBody } from '../lib/state.js';
import { routeDatasetRow, routePresentedHouse } from '../routing/routing-engine.js';
import { type PresentationKind, type PresentationTarget, checkPresentationShape, presentationReference, resolvePresentation } from './resolve-presentation.js';

/**
 * `POST /api/movement/presentation/v1/{kind}` (§4.2, §7.5). The client's `requestId` must be unique (reuse → 400);
 * references are checked synchronously against the dataset and the notified houses (unknown → 400) — a house whose
 * notification Customs holds but has not validated yet ("not yet notified") is accepted and judged when processed;
 * then 202 `{requestId}` and, after the validation delay, SUCCESS — or FAILURE when none of its notified houses is
 * an active notification by then ({@link notPreNotified}) — on `validation-status/{requestId}`.
 */
export async function present(rt: Runtime, ctx: RouteContext, kind: PresentationKind): Promise<Reply> {
  const claims = await authorize(rt, ctx, ENTRY_SCOPES);
  const body = await readJsonBody(rt, ctx);
  const shape = validateOtherBody(`presentation/${kind}`, body, checkPresentationShape(kind, body));
  if (shape.length > 0 || !isRecordValue(body)) throw validationErrors(shape);
  rt.counters.countPresentation(kind, presentationReference(kind, body));
  const requestId = str(body['requestId']) as string;
  if (rt.index.presentationRequestIdUsed(requestId)) {
    throw validationErrors([{ field: 'requestId', error: `requestId ${requestId} has already been used; every presentation needs a new requestId` }]);
  }
  const resolved = resolvePresentation(kind, body, rt.graph());
  const pending = 'errors' in resolved && kind === 'house-consignment' ? pendingHouse(rt, body) : undefined;
  if ('errors' in resolved && pending === undefined) throw validationErrors(resolved.errors);
  const target: PresentationTarget = 'errors' in resolved ? { rows: [], houses: [pending as DocumentKey] } : resolved.target;
  rt.state.presentationRequestIds.push(requestId.toLowerCase());
  const record: RequestRecord = {
    requestId,
    kind: 'presentation',
    operation: 'CREATE',
    org: claims.orgNumber,
    presentationKind: kind,
    body: { request: body, target },
    submittedAt: rt.clock.now(),
  };
  rt.state.requests.push(record);
  rt.changed();
  rt.enqueue(requestId);
  return { status: 202, body: { requestId } };
}

/**
 * A house notification of the presented key that Customs holds but has not validated yet (requests are processed in
 * submission order, so the pending ones are the tail of the request list): presenting it is judged when processed.
 */
function pendingHouse(rt: Runtime, body: Record<string, unknown>): DocumentKey | undefined {
  const tdh = obj(obj(body['consignmentHouseLevel'])?.['transportDocumentHouseLevel']);
  const documentNumber = str(tdh?.['documentNumber']) ?? str(tdh?.['referenceNumber']);
  const type = str(tdh?.['type']);
  for (let i = rt.state.requests.length - 1; i >= 0; i--) {
    const r = rt.state.requests[i] as RequestRecord;
    if (r.result !== undefined) break;
    if (r.kind !== 'notification' || r.level !== 'house-consignment' || r.operation === 'DELETE' || !isRecordValue(r.body)) continue;
    const key = houseKeyOf(r.body);
    if (key !== undefined && key.documentNumber === documentNumber && (type === undefined || key.type === type)) return key;
  }
  return undefined;
}

/** Where a presentation's reference sits in its body, for the FAILURE's pointer. */
const REFERENCE_PATH: Record<string, string> = {
  'house-consignment': 'consignmentHouseLevel.transportDocumentHouseLevel.documentNumber',
  'master-consignment': 'transportDocumentMasterLevel.documentNumber',
  receptacle: 'receptacleId',
  container: 'containerIdentificationNumber',
  'entry-summary-declaration': 'mrn',
};

/**
 * The asynchronous presentation FAILURE (`fremlegging-og-kontrolldirigering-EN.html`, "Service for Presentation":
 * presentation "can be reported for consignments pre-notified …, i.e., consignments expected to be presented"): judged
 * when the request is processed, like every state rule — a presentation of notified houses none of which is an
 * active notification by then (its notification was rejected, deleted or cancelled meanwhile) fails.
 */
export function notPreNotified(rt: Runtime, req: RequestRecord, target: PresentationTarget): ValidationStatusBody | undefined {
  if (target.rows.length > 0 || target.houses.length === 0) return undefined;
  const active = new Set(rt.graph().active('house-consignment').map((h) => { const k = houseKeyOf(h.body); return k === undefined ? '' : `${k.documentNumber}|${k.type}`; }));
  if (target.houses.some((h) => active.has(`${h.documentNumber}|${h.type}`))) return undefined;
  const kind = req.presentationKind ?? 'house-consignment';
  const request = (req.body as { request: Record<string, unknown> }).request;
  const what = kind === 'house-consignment' ? `House consignment with documentNumber ${target.houses[0]?.documentNumber} and type ${target.houses[0]?.type}` : `${kind} ${presentationReference(kind as PresentationKind, request)}`;
  return {
    status: 'FAILURE',
    requestId: req.requestId,
    notificationDate: formatInstant(rt.clock.now()),
    validationErrorList: [{ description: `${what} is not pre-notified: there is no active notification of it, and only consignments expected to be presented can be presented`, pointer: { messageElementPath: REFERENCE_PATH[kind] ?? '' } }],
  };
}

/** Asynchronous part: connects the presenter to the houses and releases the dataset's routing. */
export function processPresentation(rt: Runtime, req: RequestRecord): ValidationStatusBody {
  const target = (req.body as { target: PresentationTarget }).target;
  const failure = notPreNotified(rt, req, target);
  if (failure !== undefined) return failure;
  // Appended in place (first presentation first), so the index's set of presented keys only catches up.
  const list = (rt.state.presented[req.org] ??= []);
  const presented = rt.index.presented(req.org);
  const added = new Set<string>();
  const add = (key: string) => {
    if (presented.has(key) || added.has(key)) return;
    added.add(key);
    list.push(key);
  };
  for (const row of target.rows) {
    add(`${row.houseDocumentNumber}|${row.houseType}`);
    routeDatasetRow(rt, row);
  }
  // Notified houses presented: connected to the presenter and routed (routing follows presentation).
  const keys = new Set(target.houses.map((h) => `${h.documentNumber}|${h.type}`));
  for (const key of keys) add(key);
  if (keys.size > 0) {
    for (const house of rt.graph().active('house-consignment')) {
      const k = houseKeyOf(house.body);
      if (k !== undefined && keys.has(`${k.documentNumber}|${k.type}`)) routePresentedHouse(rt, house);
    }
  }
  rt.changed();
  return { status: 'SUCCESS', requestId: req.requestId, notificationDate: formatInstant(rt.clock.now()), validationErrorList: [] };
}

/** `GET /api/movement/presentation/v1/validation-status/{requestId}` (404 while processing), or without id: all of the caller's. */
export async function presentationValidationStatus(rt: Runtime, ctx: RouteContext): Promise<Reply> {
  const claims = await authorize(rt, ctx, ENTRY_SCOPES);
  const id = ctx.params['requestId'] ?? ctx.url.searchParams.get('requestId') ?? undefined;
  const mine = (r: RequestRecord) => r.kind === 'presentation' && r.org === claims.orgNumber;
  if (id === undefined) return { status: 200, body: rt.state.requests.filter((r) => mine(r) && r.result !== undefined).map((r) => r.result) };
  const req = rt.index.requestsWithId(id).find(mine);
  if (req?.result === undefined) throw gatewayError(404, 'Not Found', `Validation status for requestId ${id} is not available (still processing or unknown)`, ctx.url.pathname, rt.clock.now());
  return { status: req.result.status === 'SUCCESS' ? 200 : 202, body: req.result };
}
