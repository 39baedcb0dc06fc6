import { formatInstant } from '../lib/clock.js';
import { type TransportMode, isRecordValue } from '../lib/domain.js';
import { newMrn } from '../lib/ids.js';
import { incompleteReasons, type ValidationErrorListItem } from '../lib/message-rules.js';
import type { Runtime } from '../lib/runtime.js';
import type { NotificationRecord, RequestRecord, ValidationStatusBody } from '../lib/state.js';
import { identityKey } from '../lib/identity-key.js';
import { rerouteHouse, routeTransport } from '../routing/routing-engine.js';
import { changedKeyErrors, inUseError } from './keys.js';

function failure(rt: Runtime, req: RequestRecord, errors: ValidationErrorListItem[]): ValidationStatusBody {
  return { status: 'FAILURE', requestId: req.requestId, notificationDate: formatInstant(rt.clock.now()), validationErrorList: errors };
}

function success(rt: Runtime, req: RequestRecord, record: NotificationRecord, withReasons: boolean): ValidationStatusBody {
  const body: ValidationStatusBody = { status: 'SUCCESS', requestId: req.requestId, notificationDate: formatInstant(rt.clock.now()), mrn: record.mrn, validationErrorList: [] };
  if (withReasons) body.incompleteDocumentationReasonList = [...record.incompleteReasons];
  return body;
}

/** Asynchronous processing of an MO POST/PUT/DELETE (docs/digitoll.md §5). */
export function processNotification(rt: Runtime, req: RequestRecord): ValidationStatusBody {
  const level = req.level;
  const mode = req.mode;
  if (level === undefined || mode === undefined) throw new TypeError('notification request without level/mode');
  const now = rt.clock.now();
  const isHouse = level === 'house-consignment';

  if (req.operation === 'DELETE') {
    const target = activeTarget(rt, req);
    if (target === undefined) return failure(rt, req, [notActive(req)]);
    target.status = 'CANCELLED';
    target.cancelledAt = now;
    target.updatedAt = now;
    rt.index.recordsChanged();
    rt.changed();
    return { status: 'SUCCESS', requestId: req.requestId, notificationDate: formatInstant(now), mrn: target.mrn, validationErrorList: [] };
  }

  const body = req.body;
  if (!isRecordValue(body)) throw new TypeError('notification request body is not an object');
  const errors = req.ruleErrors ?? [];
  // "Already in use": the first ACTIVE notification of this level and mode with the same identity.
  const identity = identityKey(level, mode, body);
  const holder = identity === undefined ? undefined : rt.index.links().activeByIdentity.get(identity)?.find((n) => n.mrn !== req.targetMrn);

  if (req.operation === 'UPDATE') {
    const target = activeTarget(rt, req);
    if (target === undefined) return failure(rt, req, [notActive(req)]);
    const keyErrors = changedKeyErrors(target, body);
    const inUse = keyErrors.length === 0 ? inUseError(level, body, holder, req.org) : undefined;
    const all = [...keyErrors, ...(inUse ? [inUse] : []), ...errors];
    if (all.length > 0) return failure(rt, req, all);
    target.body = body;
    target.updatedAt = now;
    target.incompleteReasons = isHouse ? houseReasons(req, body, mode) : [];
    rt.index.recordsChanged();
    rt.changed();
    reroute(rt, target);
    return success(rt, req, target, isHouse);
  }

  const inUse = inUseError(level, body, holder, req.org);
  const all = [...(inUse ? [inUse] : []), ...errors];
  if (all.length > 0) return failure(rt, req, all);
  const record: NotificationRecord = {
    mrn: newMrn(now, (m) => rt.index.mrnTaken(m)),
    level,
    mode,
    body,
    submitterOrg: req.org,
    status: 'ACTIVE',
    createdAt: now,
    updatedAt: now,
    incompleteReasons: isHouse ? houseReasons(req, body, mode) : [],
  };
  rt.state.notifications.push(record);
  rt.changed();
  reroute(rt, record);
  return success(rt, req, record, isHouse);
}

/** A house's incomplete-documentation reasons: as judged with its rules at submission, else judged now. */
function houseReasons(req: RequestRecord, body: Record<string, unknown>, mode: TransportMode): string[] {
  return req.incompleteReasons !== undefined ? [...req.incompleteReasons] : incompleteReasons(body, mode);
}

/**
 * The active notification a PUT/DELETE addresses: same MRN, level and mode, submitted by the caller's organisation
 * (only the submitter may update or delete). Unknown, cancelled and another organisation's MRNs all give `undefined`.
 */
function activeTarget(rt: Runtime, req: RequestRecord): NotificationRecord | undefined {
  const found = req.targetMrn === undefined ? undefined : rt.index.links().byMrn.get(req.targetMrn);
  if (found === undefined || found.status !== 'ACTIVE' || found.level !== req.level || found.mode !== req.mode || found.submitterOrg !== req.org) return undefined;
  return found;
}

/** The one FAILURE for a PUT/DELETE of an MRN that is not the caller's active notification (reveals nothing more). */
function notActive(req: RequestRecord): ValidationErrorListItem {
  return { description: `No active ${req.level ?? ''} notification with MRN ${req.targetMrn ?? ''} for this organisation`, pointer: { messageElementPath: 'mrn' } };
}

/** A change after arrival routes what it brings onto the transport (new houses, completed houses, late masters). */
function reroute(rt: Runtime, n: NotificationRecord): void {
  if (n.level === 'house-consignment') rerouteHouse(rt, n);
  else if (n.level === 'master-consignment') {
    if (rt.index.anyTransportArrived()) for (const h of rt.graph().housesOfMaster(n)) rerouteHouse(rt, h);
  }
  else if (n.arrivedAt !== undefined) routeTransport(rt, n);
}
