import { authorize } from '../customs-auth/authorize.js';
import { formatInstant, parseInstant } from '../lib/clock.js';
import { MODE_API, type NotificationLevel, type TransportMode, isRecordValue, orgNumberOf, str } from '../lib/domain.js';
import { HttpError, gatewayError, validationErrors, type Reply } from '../lib/http.js';
import { MRN_PATTERN, newMrn, newRequestId } from '../lib/ids.js';
import { readJsonBody } from '../lib/json-body.js';
import { type FieldError, validateOtherBody } from '../lib/message-rules.js';
import type { RouteContext } from '../lib/router.js';
import type { Runtime } from '../lib/runtime.js';
import type { RelationRecord, RequestRecord, ValidationStatusBody } from '../lib/state.js';
import { rerouteHouse } from '../routing/routing-engine.js';

const TYPES: Record<string, NotificationLevel> = { TRANSPORT: 'transport', MASTER_CONSIGNMENT: 'master-consignment', HOUSE_CONSIGNMENT: 'house-consignment' };
const ALLOWED_PAIRS = new Set(['TRANSPORT>MASTER_CONSIGNMENT', 'TRANSPORT>HOUSE_CONSIGNMENT', 'MASTER_CONSIGNMENT>HOUSE_CONSIGNMENT']);

function scopes(mode: TransportMode): string[] {
  return [MODE_API[mode].scope, MODE_API[mode].euScope];
}

function checkRelation(body: unknown): FieldError[] {
  if (!isRecordValue(body)) return [{ field: 'body', error: 'must not be null' }];
  const errors: FieldError[] = [];
  for (const f of ['parentObjectType', 'childObjectType']) {
    const v = body[f];
    if (v === undefined || v === null) errors.push({ field: f, error: 'must not be null' });
    else if (typeof v !== 'string' || TYPES[v] === undefined) errors.push({ field: f, error: `Must be one of [${Object.keys(TYPES).join(', ')}]` });
  }
  for (const f of ['parentObjectReference', 'childObjectReference']) {
    const v = body[f];
    if (v === undefined || v === null) errors.push({ field: f, error: 'must not be null' });
    else if (typeof v !== 'string' || v.trim() === '') errors.push({ field: f, error: 'must not be blank' });
    else if (v.length !== 18) errors.push({ field: f, error: 'size must be between 18 and 18' });
  }
  const rep = body['representative'];
  if (rep !== undefined && (typeof rep !== 'string' || rep.length < 1 || rep.length > 17)) errors.push({ field: 'representative', error: 'size must be between 1 and 17' });
  if (body['documentIssueDate'] !== undefined && parseInstant(body['documentIssueDate']) === undefined) {
    errors.push({ field: 'documentIssueDate', error: 'invalid ISO-8601 instant in UTC (yyyy-MM-ddTHH:mm:ssZ)' });
  }
  return errors;
}

/** `POST {base}/relation` — link two notifications after the fact (§7.6; path is a playground choice, README). */
export async function postRelation(rt: Runtime, ctx: RouteContext, mode: TransportMode): Promise<Reply> {
  const claims = await authorize(rt, ctx, scopes(mode));
  const body = await readJsonBody(rt, ctx);
  const errors = validateOtherBody('relation', body, checkRelation(body));
  if (errors.length > 0) throw validationErrors(errors);
  const record: RequestRecord = { requestId: newRequestId(), kind: 'relation', operation: 'CREATE', org: claims.orgNumber, mode, body, submittedAt: rt.clock.now() };
  rt.state.requests.push(record);
  rt.changed();
  rt.enqueue(record.requestId);
  return { status: 202, body: { requestId: record.requestId } };
}

/** `DELETE {base}/relation/{mrn}` — remove a link (body `{documentIssueDate}`). */
export async function deleteRelation(rt: Runtime, ctx: RouteContext, mode: TransportMode): Promise<Reply> {
  const claims = await authorize(rt, ctx, scopes(mode));
  const mrn = ctx.params['mrn'] ?? '';
  if (!MRN_PATTERN.test(mrn)) throw validationErrors([{ field: 'mrn', error: `must match "${MRN_PATTERN.source}"` }]);
  const rel = rt.state.relations.find((r) => r.mrn === mrn && r.mode === mode && r.status === 'ACTIVE');
  if (rel === undefined) throw gatewayError(404, 'Not Found', `No active relation with MRN ${mrn}`, ctx.url.pathname, rt.clock.now());
  if (rel.submitterOrg !== claims.orgNumber) throw new HttpError(403, { error: 'forbidden', error_description: 'Only the submitter may delete a relation' });
  const body = await readJsonBody(rt, ctx, true);
  if (body !== undefined && (!isRecordValue(body) || parseInstant(body['documentIssueDate']) === undefined)) {
    throw validationErrors([{ field: 'documentIssueDate', error: 'invalid ISO-8601 instant in UTC (yyyy-MM-ddTHH:mm:ssZ)' }]);
  }
  const record: RequestRecord = { requestId: newRequestId(), kind: 'relation', operation: 'DELETE', org: claims.orgNumber, mode, body: body ?? null, targetMrn: mrn, submittedAt: rt.clock.now() };
  rt.state.requests.push(record);
  rt.changed();
  rt.enqueue(record.requestId);
  return { status: 202, body: { requestId: record.requestId } };
}

function fail(rt: Runtime, req: RequestRecord, description: string, path: string): ValidationStatusBody {
  return { status: 'FAILURE', requestId: req.requestId, notificationDate: formatInstant(rt.clock.now()), validationErrorList: [{ description, pointer: { messageElementPath: path } }] };
}

/** Asynchronous part of relation POST/DELETE. */
export function processRelation(rt: Runtime, req: RequestRecord): ValidationStatusBody {
  const now = rt.clock.now();
  if (req.operation === 'DELETE') {
    const rel = rt.state.relations.find((r) => r.mrn === req.targetMrn);
    if (rel === undefined || rel.status !== 'ACTIVE') return fail(rt, req, `Relation with MRN ${req.targetMrn ?? ''} is not active`, 'mrn');
    rel.status = 'CANCELLED';
    rt.index.recordsChanged();
    rt.changed();
    return { status: 'SUCCESS', requestId: req.requestId, notificationDate: formatInstant(now), mrn: rel.mrn, validationErrorList: [] };
  }
  const body = req.body as Record<string, unknown>;
  const parentType = str(body['parentObjectType']) ?? '';
  const childType = str(body['childObjectType']) ?? '';
  if (!ALLOWED_PAIRS.has(`${parentType}>${childType}`)) {
    return fail(rt, req, `A relation from ${parentType} to ${childType} is not allowed`, 'childObjectType');
  }
  const graph = rt.graph();
  const ends = [
    ['parentObjectReference', parentType],
    ['childObjectReference', childType],
  ] as const;
  for (const [field, type] of ends) {
    const mrn = str(body[field]) ?? '';
    const n = graph.byMrn(mrn);
    if (n === undefined || n.status !== 'ACTIVE' || n.level !== TYPES[type] || n.mode !== req.mode) {
      return fail(rt, req, `No active ${type} with MRN ${mrn}`, field);
    }
  }
  const parent = str(body['parentObjectReference']) as string;
  const child = str(body['childObjectReference']) as string;
  const existing = rt.state.relations.find((r) => r.status === 'ACTIVE' && r.parentObjectReference === parent && r.childObjectReference === child);
  if (existing !== undefined) return fail(rt, req, `The relation already exists with MRN ${existing.mrn}`, 'childObjectReference');
  const rel: RelationRecord = {
    mrn: newMrn(now, (m) => rt.index.mrnTaken(m)),
    mode: req.mode as TransportMode,
    parentObjectType: parentType,
    parentObjectReference: parent,
    childObjectType: childType,
    childObjectReference: child,
    submitterOrg: req.org,
    status: 'ACTIVE',
    createdAt: now,
  };
  const repOrg = orgNumberOf(str(body['representative']));
  if (repOrg !== undefined) rel.representativeOrg = repOrg;
  rt.state.relations.push(rel);
  rt.changed();
  const childRecord = graph.byMrn(child);
  if (childRecord !== undefined) {
    const houses = childRecord.level === 'house-consignment' ? [childRecord] : rt.graph().housesOfMaster(childRecord);
    for (const h of houses) rerouteHouse(rt, h);
  }
  return { status: 'SUCCESS', requestId: req.requestId, notificationDate: formatInstant(now), mrn: rel.mrn, validationErrorList: [] };
}

/** `GET {queryBase}/relation/validation-status/{requestId}`. */
export async function relationValidationStatus(rt: Runtime, ctx: RouteContext, mode: TransportMode): Promise<Reply> {
  const claims = await authorize(rt, ctx, scopes(mode));
  const id = ctx.params['requestId'] ?? '';
  const req = rt.index.requestsWithId(id).find((r) => r.requestId === id && r.kind === 'relation' && r.mode === mode && r.org === claims.orgNumber);
  if (req?.result === undefined) throw gatewayError(404, 'Not Found', `Validation status for requestId ${id} is not available (still processing or unknown)`, ctx.url.pathname, rt.clock.now());
  return { status: req.result.status === 'SUCCESS' ? 200 : 202, body: req.result };
}
