import { PlaygroundError } from '../errors.js';
import { formatInstant, parseInstant } from '../lib/clock.js';
import type { FaultConfig } from '../lib/faults.js';
import { isRecordValue } from '../lib/domain.js';
import { HttpError, type Reply } from '../lib/http.js';
import { readJsonBody } from '../lib/json-body.js';
import type { RouteContext } from '../lib/router.js';
import type { Runtime } from '../lib/runtime.js';
import type { ArrivalResult, RegisterClientInput } from '../types.js';

/** Admin operations the routes call into (owned by `startPlayground`). */
export interface AdminHooks {
  arriveTransport(mrn: string, options?: { customsOfficeOfEntry?: string }): ArrivalResult;
  registerClient(input: RegisterClientInput): void;
  setFaults(f: FaultConfig): void;
  processPending(): void;
}

function bad(message: string): HttpError {
  return new HttpError(400, { error: 'bad_request', message });
}

/** `POST /_admin/arrive/{mrn}` — make a transport arrive (body optional: `{customsOfficeOfEntry}`). */
export async function adminArrive(rt: Runtime, ctx: RouteContext, hooks: AdminHooks): Promise<Reply> {
  const body = await readJsonBody(rt, ctx, true);
  const office = isRecordValue(body) && typeof body['customsOfficeOfEntry'] === 'string' ? body['customsOfficeOfEntry'] : undefined;
  try {
    return { status: 200, body: hooks.arriveTransport(ctx.params['mrn'] ?? '', office === undefined ? {} : { customsOfficeOfEntry: office }) };
  } catch (error) {
    if (error instanceof PlaygroundError) throw new HttpError(error.code === 'PLAYGROUND_UNKNOWN_TRANSPORT' ? 404 : 409, { error: error.code, message: error.message });
    throw error;
  }
}

/** `PUT /_admin/faults` — replace the fault settings; `GET` returns them. */
export async function adminSetFaults(rt: Runtime, ctx: RouteContext, hooks: AdminHooks): Promise<Reply> {
  const body = await readJsonBody(rt, ctx);
  if (!isRecordValue(body)) throw bad('body must be a JSON object with fault settings');
  try {
    hooks.setFaults(body as FaultConfig);
  } catch (error) {
    if (error instanceof TypeError) throw bad(error.message);
    throw error;
  }
  return { status: 200, body: rt.faults.config };
}

/** `POST /_admin/clock` — `{advanceMs}` or `{now: "yyyy-MM-ddTHH:mm:ssZ"}`; `GET` shows the clock. */
export async function adminClock(rt: Runtime, ctx: RouteContext): Promise<Reply> {
  const body = await readJsonBody(rt, ctx);
  if (!isRecordValue(body)) throw bad('body must be {"advanceMs": number} or {"now": "yyyy-MM-ddTHH:mm:ssZ"}');
  if (typeof body['advanceMs'] === 'number' && Number.isFinite(body['advanceMs'])) rt.clock.advance(body['advanceMs']);
  else if (body['now'] !== undefined) {
    const at = parseInstant(body['now']);
    if (at === undefined) throw bad('now must be yyyy-MM-ddTHH:mm:ssZ');
    rt.clock.set(at);
  } else throw bad('body must be {"advanceMs": number} or {"now": "yyyy-MM-ddTHH:mm:ssZ"}');
  return clockReply(rt);
}

export function clockReply(rt: Runtime): Reply {
  return { status: 200, body: { now: formatInstant(rt.clock.now()), offsetMs: rt.clock.offsetMs } };
}

/** `POST /_admin/clients` — register a Maskinporten client. */
export async function adminRegisterClient(rt: Runtime, ctx: RouteContext, hooks: AdminHooks): Promise<Reply> {
  const body = await readJsonBody(rt, ctx);
  if (!isRecordValue(body)) throw bad('body must be a JSON object');
  try {
    hooks.registerClient(body as unknown as RegisterClientInput);
  } catch (error) {
    if (error instanceof TypeError) throw bad(error.message);
    throw error;
  }
  return { status: 201, body: { clientId: body['clientId'] } };
}

/** `GET /_admin/notifications` — what the playground holds (for demos and debugging). */
export function adminNotifications(rt: Runtime): Reply {
  return {
    status: 200,
    body: rt.state.notifications.map((n) => ({
      mrn: n.mrn,
      level: n.level,
      mode: n.mode,
      status: n.status,
      submitterOrg: n.submitterOrg,
      incompleteDocumentationReasonList: n.incompleteReasons,
      createdAt: formatInstant(n.createdAt),
      updatedAt: formatInstant(n.updatedAt),
      ...(n.arrivedAt !== undefined ? { arrivedAt: formatInstant(n.arrivedAt) } : {}),
    })),
  };
}
