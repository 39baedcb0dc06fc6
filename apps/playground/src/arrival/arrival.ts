import { authorize } from '../customs-auth/authorize.js';
import { formatInstant, parseInstant } from '../lib/clock.js';
import { ALL_SCOPES, isRecordValue, str } from '../lib/domain.js';
import { HttpError, gatewayError, validationErrors, type Reply } from '../lib/http.js';
import { mayQuery } from '../lib/parties.js';
import { REFERENCE_DATA } from '../lib/reference-data.js';
import { newRequestId } from '../lib/ids.js';
import { readJsonBody } from '../lib/json-body.js';
import { type FieldError, validateOtherBody } from '../lib/message-rules.js';
import type { RouteContext } from '../lib/router.js';
import type { Runtime } from '../lib/runtime.js';
import type { RequestRecord, ValidationStatusBody } from '../lib/state.js';
import { arriveTransport } from '../routing/routing-engine.js';

const OFFICE = /^[A-Z]{2}[A-Z0-9]{6}$/;

function check(body: unknown): FieldError[] {
  if (!isRecordValue(body)) return [{ field: 'body', error: 'must not be null' }];
  const errors: FieldError[] = [];
  const mrn = body['transportMRN'];
  if (mrn === undefined || mrn === null) errors.push({ field: 'transportMRN', error: 'must not be null' });
  else if (typeof mrn !== 'string' || mrn.length !== 18) errors.push({ field: 'transportMRN', error: 'size must be between 18 and 18' });
  const time = body['timeOfArrival'];
  if (time === undefined || time === null) errors.push({ field: 'timeOfArrival', error: 'must not be null' });
  else if (parseInstant(time) === undefined) errors.push({ field: 'timeOfArrival', error: 'invalid ISO-8601 instant in UTC (yyyy-MM-ddTHH:mm:ssZ)' });
  const office = body['customsOfficeOfArrival'];
  if (office === undefined || office === null) errors.push({ field: 'customsOfficeOfArrival', error: 'must not be null' });
  else if (typeof office !== 'string' || office.length !== 8) errors.push({ field: 'customsOfficeOfArrival', error: 'size must be between 8 and 8' });
  if (body['documentIssueDate'] !== undefined && parseInstant(body['documentIssueDate']) === undefined) {
    errors.push({ field: 'documentIssueDate', error: 'invalid ISO-8601 instant in UTC (yyyy-MM-ddTHH:mm:ssZ)' });
  }
  return errors;
}

/**
 * `POST /api/movement/arrival/v1` (also `/api/movement/arrival/v1/arrival`) — register the arrival of a transport
 * (§4.4, §7.7; field names as in `@tollkit/messages` uncertain.ts §5). Any movement scope is accepted (playground choice).
 */
export async function postArrival(rt: Runtime, ctx: RouteContext): Promise<Reply> {
  const claims = await authorize(rt, ctx, ALL_SCOPES);
  // beskrivelse-av-ankomst-api-EN.html: "it must not be used without specific authorization from Norwegian Customs".
  if (!REFERENCE_DATA.arrivalAuthorised.has(claims.orgNumber)) {
    throw new HttpError(403, {
      error: 'insufficient_scope',
      error_description: `Organisation ${claims.orgNumber} has no authorisation from Norwegian Customs to use the arrival API (transport authorisation for unmanned border crossings)`,
    });
  }
  const body = await readJsonBody(rt, ctx);
  const errors = validateOtherBody('arrival', body, check(body));
  if (errors.length > 0) throw validationErrors(errors);
  const record: RequestRecord = { requestId: newRequestId(), kind: 'arrival', operation: 'CREATE', org: claims.orgNumber, body, submittedAt: rt.clock.now() };
  rt.state.requests.push(record);
  rt.changed();
  rt.enqueue(record.requestId);
  return { status: 202, body: { requestId: record.requestId } };
}

/** Asynchronous part: the transport must be active and not yet arrived. */
export function processArrival(rt: Runtime, req: RequestRecord): ValidationStatusBody {
  const body = req.body as Record<string, unknown>;
  const mrn = str(body['transportMRN']) ?? '';
  const office = str(body['customsOfficeOfArrival']) ?? '';
  const fail = (description: string, path: string): ValidationStatusBody => ({
    status: 'FAILURE',
    requestId: req.requestId,
    notificationDate: formatInstant(rt.clock.now()),
    validationErrorList: [{ description, pointer: { messageElementPath: path } }],
  });
  if (!OFFICE.test(office)) return fail('Must be a valid customs office', 'customsOfficeOfArrival');
  const found = rt.index.links().byMrn.get(mrn);
  // Only a party of the transport may report its arrival; anyone else gets the answer an unknown MRN gets.
  const t = found?.level === 'transport' && mayQuery(rt, rt.graph(), req.org, found) ? found : undefined;
  if (t === undefined || t.status !== 'ACTIVE') return fail(`No active transport with MRN ${mrn}`, 'transportMRN');
  if (t.arrivedAt !== undefined) return fail(`Transport with MRN ${mrn} has already arrived`, 'transportMRN');
  arriveTransport(rt, t, parseInstant(body['timeOfArrival']) ?? rt.clock.now(), office);
  return { status: 'SUCCESS', requestId: req.requestId, notificationDate: formatInstant(rt.clock.now()), mrn, validationErrorList: [] };
}

/** `GET /api/movement/arrival/v1/validation-status/{requestId}`. */
export async function arrivalValidationStatus(rt: Runtime, ctx: RouteContext): Promise<Reply> {
  const claims = await authorize(rt, ctx, ALL_SCOPES);
  const id = ctx.params['requestId'] ?? '';
  const req = rt.index.requestsWithId(id).find((r) => r.requestId === id && r.kind === 'arrival' && r.org === claims.orgNumber);
  if (req?.result === undefined) throw gatewayError(404, 'Not Found', `Validation status for requestId ${id} is not available (still processing or unknown)`, ctx.url.pathname, rt.clock.now());
  return { status: req.result.status === 'SUCCESS' ? 200 : 202, body: req.result };
}
