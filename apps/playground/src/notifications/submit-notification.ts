import { authorize } from '../customs-auth/authorize.js';
import { parseInstant } from '../lib/clock.js';
import { MODE_API, type NotificationLevel, type TransportMode, isRecordValue } from '../lib/domain.js';
import { HttpError, gatewayError, validationErrors, type Reply } from '../lib/http.js';
import { MRN_PATTERN, newRequestId } from '../lib/ids.js';
import { readJsonBody } from '../lib/json-body.js';
import { checkAsyncRules, validateNotificationBody, validateOtherBody } from '../lib/message-rules.js';
import type { RouteContext } from '../lib/router.js';
import type { Runtime } from '../lib/runtime.js';
import type { NotificationRecord, RequestRecord } from '../lib/state.js';
import { counterKey } from './keys.js';

function scopesFor(mode: TransportMode): string[] {
  return [MODE_API[mode].scope, MODE_API[mode].euScope];
}

function accept(rt: Runtime, record: RequestRecord): Reply {
  rt.state.requests.push(record);
  rt.changed();
  rt.enqueue(record.requestId);
  return { status: 202, body: { requestId: record.requestId } };
}

/** `POST {base}/{level}` — submit a new notification (202 `{requestId}` or 400 `validationErrors`). */
export async function postNotification(rt: Runtime, ctx: RouteContext, mode: TransportMode, level: NotificationLevel): Promise<Reply> {
  const claims = await authorize(rt, ctx, scopesFor(mode));
  const body = await readJsonBody(rt, ctx);
  if (isRecordValue(body)) {
    const key = counterKey(level, body);
    if (key !== undefined) rt.counters.countPost(level, key.documentNumber, key.type);
  }
  const checked = validateNotificationBody(level, body, mode);
  if (checked.errors.length > 0 || !isRecordValue(body)) throw validationErrors(checked.errors);
  const ruleErrors = await checkAsyncRules(level, checked.value, body, mode, rt.clock.now());
  return accept(rt, { requestId: newRequestId(), kind: 'notification', operation: 'CREATE', org: claims.orgNumber, mode, level, body, ruleErrors, submittedAt: rt.clock.now() });
}

/** Finds the notification a PUT/DELETE addresses; 404 when unknown or cancelled, 403 for another organisation. */
function target(rt: Runtime, ctx: RouteContext, mode: TransportMode, level: NotificationLevel, org: string): NotificationRecord {
  const mrn = ctx.params['mrn'] ?? '';
  if (!MRN_PATTERN.test(mrn)) throw validationErrors([{ field: 'mrn', error: `must match "${MRN_PATTERN.source}"` }]);
  const found = rt.index.links().byMrn.get(mrn);
  const record = found !== undefined && found.level === level && found.mode === mode ? found : undefined;
  if (record === undefined || record.status !== 'ACTIVE') {
    throw gatewayError(404, 'Not Found', `No active ${level} notification with MRN ${mrn}`, ctx.url.pathname, rt.clock.now());
  }
  if (record.submitterOrg !== org) {
    throw new HttpError(403, { error: 'forbidden', error_description: `MRN ${mrn} was submitted by another organisation; only the submitter may update or delete it` });
  }
  return record;
}

/** `PUT {base}/{level}/{mrn}` — full replacement; the MRN is kept, keys must not change. */
export async function putNotification(rt: Runtime, ctx: RouteContext, mode: TransportMode, level: NotificationLevel): Promise<Reply> {
  const claims = await authorize(rt, ctx, scopesFor(mode));
  const record = target(rt, ctx, mode, level, claims.orgNumber);
  const body = await readJsonBody(rt, ctx);
  const checked = validateNotificationBody(level, body, mode);
  if (checked.errors.length > 0 || !isRecordValue(body)) throw validationErrors(checked.errors);
  const ruleErrors = await checkAsyncRules(level, checked.value, body, mode, rt.clock.now());
  return accept(rt, { requestId: newRequestId(), kind: 'notification', operation: 'UPDATE', org: claims.orgNumber, mode, level, body, ruleErrors, targetMrn: record.mrn, submittedAt: rt.clock.now() });
}

/** `DELETE {base}/{level}/{mrn}` — cancel; body `{documentIssueDate}` (an empty body is tolerated). */
export async function deleteNotification(rt: Runtime, ctx: RouteContext, mode: TransportMode, level: NotificationLevel): Promise<Reply> {
  const claims = await authorize(rt, ctx, scopesFor(mode));
  const record = target(rt, ctx, mode, level, claims.orgNumber);
  const body = await readJsonBody(rt, ctx, true);
  if (body !== undefined) {
    const errors = validateOtherBody('delete', body);
    if (errors.length > 0) throw validationErrors(errors);
  }
  return accept(rt, { requestId: newRequestId(), kind: 'notification', operation: 'DELETE', org: claims.orgNumber, mode, level, body: body ?? null, targetMrn: record.mrn, submittedAt: rt.clock.now() });
}

/**
 * `GET {queryBase}/{level}/validation-status/{requestId}` — 404 while processing (or unknown / another
 * organisation's request); SUCCESS answers 200, FAILURE 202 (as T-async documents).
 */
export async function notificationValidationStatus(rt: Runtime, ctx: RouteContext, mode: TransportMode, level: NotificationLevel): Promise<Reply> {
  const claims = await authorize(rt, ctx, scopesFor(mode));
  const requestId = ctx.params['requestId'] ?? '';
  const req = rt.index.requestsWithId(requestId).find((r) => r.requestId === requestId && r.kind === 'notification' && r.level === level && r.mode === mode && r.org === claims.orgNumber);
  if (req?.result === undefined) {
    throw gatewayError(404, 'Not Found', `Validation status for requestId ${requestId} is not available (still processing or unknown)`, ctx.url.pathname, rt.clock.now());
  }
  return { status: req.result.status === 'SUCCESS' ? 200 : 202, body: req.result };
}

/** `GET {base}/test-auth` — 200 when the token is valid for the mode's scope. */
export async function testAuth(rt: Runtime, ctx: RouteContext, mode: TransportMode): Promise<Reply> {
  const claims = await authorize(rt, ctx, scopesFor(mode));
  return { status: 200, body: { status: 'OK', organisationNumber: claims.orgNumber, scope: claims.scopes.join(' ') } };
}
