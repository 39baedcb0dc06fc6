import { authorize } from '../customs-auth/authorize.js';
import { parseInstant } from '../lib/clock.js';
import { MODE_API, type NotificationLevel, type TransportMode, isRecordValue } from '../lib/domain.js';
import { gatewayError, validationErrors, type Reply } from '../lib/http.js';
import { MRN_PATTERN, newRequestId } from '../lib/ids.js';
import { readJsonBody } from '../lib/json-body.js';
import { checkAsyncRules, validateNotificationBody, validateOtherBody } from '../lib/message-rules.js';
import type { RouteContext } from '../lib/router.js';
import type { Runtime } from '../lib/runtime.js';
import type { RequestRecord } from '../lib/state.js';
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
  const checked = await checkBody(rt, level, body, mode, 'create');
  return accept(rt, { requestId: newRequestId(), kind: 'notification', operation: 'CREATE', org: claims.orgNumber, mode, level, ...checked, submittedAt: rt.clock.now() });
}

/**
 * A POST or PUT body's checks: the synchronous ones answer 400 at once; Customs' rules are judged now and reported on
 * validation-status, with the house's incomplete reasons (from the same procedure assessment).
 */
async function checkBody(
  rt: Runtime,
  level: NotificationLevel,
  body: unknown,
  mode: TransportMode,
  operation: 'create' | 'update',
): Promise<{ body: Record<string, unknown>; ruleErrors: Awaited<ReturnType<typeof checkAsyncRules>>; incompleteReasons?: string[] }> {
  const checked = validateNotificationBody(level, body, mode);
  if (checked.errors.length > 0 || !isRecordValue(body)) throw validationErrors(checked.errors);
  let reasons: string[] | undefined;
  const ruleErrors = await checkAsyncRules(level, checked.value, body, mode, {
    now: rt.clock.now(),
    operation,
    vehicleRegister: rt.settings.vehicleRegister,
    onIncompleteReasons(r) {
      reasons = r;
    },
  });
  return { body, ruleErrors, ...(reasons === undefined ? {} : { incompleteReasons: reasons }) };
}

/**
 * The MRN a PUT/DELETE addresses (400 when malformed). Whether it names an active notification of the caller's is
 * judged when the request is processed: the documented answers of the notification API are 202/400/401/403/415/500
 * (`beskrivelse-av-koblings-api-EN.html`), so an unknown, cancelled or another organisation's MRN is a 202 whose
 * validation status is a FAILURE — one text for all three, so the answer does not reveal another party's MRN.
 */
function targetMrn(ctx: RouteContext): string {
  const mrn = ctx.params['mrn'] ?? '';
  if (!MRN_PATTERN.test(mrn)) throw validationErrors([{ field: 'mrn', error: `must match "${MRN_PATTERN.source}"` }]);
  return mrn;
}

/** `PUT {base}/{level}/{mrn}` — full replacement; the MRN is kept, keys must not change. */
export async function putNotification(rt: Runtime, ctx: RouteContext, mode: TransportMode, level: NotificationLevel): Promise<Reply> {
  const claims = await authorize(rt, ctx, scopesFor(mode));
  const mrn = targetMrn(ctx);
  const body = await readJsonBody(rt, ctx);
  const checked = await checkBody(rt, level, body, mode, 'update');
  return accept(rt, { requestId: newRequestId(), kind: 'notification', operation: 'UPDATE', org: claims.orgNumber, mode, level, ...checked, targetMrn: mrn, submittedAt: rt.clock.now() });
}

/**
 * `DELETE {base}/{level}/{mrn}` — cancel. The body `{documentIssueDate}` is required (`kobling-oppdatering-og-sletting-EN.html`:
 * a DELETE follows the same pattern as a POST; docs/digitoll.md §5.2): a DELETE without a body answers 400
 * `documentIssueDate: must not be null`.
 */
export async function deleteNotification(rt: Runtime, ctx: RouteContext, mode: TransportMode, level: NotificationLevel): Promise<Reply> {
  const claims = await authorize(rt, ctx, scopesFor(mode));
  const mrn = targetMrn(ctx);
  const body = await readJsonBody(rt, ctx, true);
  const errors = body === undefined ? [{ field: 'documentIssueDate', error: 'must not be null' }] : validateOtherBody('delete', body);
  if (errors.length > 0) throw validationErrors(errors);
  return accept(rt, { requestId: newRequestId(), kind: 'notification', operation: 'DELETE', org: claims.orgNumber, mode, level, body: body ?? null, targetMrn: mrn, submittedAt: rt.clock.now() });
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
