import { adminArrive, adminClock, adminNotifications, adminRegisterClient, adminSetFaults, clockReply, type AdminHooks } from './admin/admin.js';
import { arrivalValidationStatus, postArrival, processArrival } from './arrival/arrival.js';
import type { BringService } from './bring/bring-service.js';
import { tokenExchange } from './customs-auth/token-exchange.js';
import { listDocuments } from './document/list-documents.js';
import { uploadDocument } from './document/upload-document.js';
import { MODE_API, NOTIFICATION_LEVELS, TRANSPORT_MODES } from './lib/domain.js';
import { readBody } from './lib/http.js';
import type { Processor } from './lib/processor.js';
import { Router } from './lib/router.js';
import type { Runtime } from './lib/runtime.js';
import type { RequestRecord } from './lib/state.js';
import { maskinportenJwks, maskinportenMetadata } from './maskinporten/metadata.js';
import { maskinportenToken } from './maskinporten/token-endpoint.js';
import { processNotification } from './notifications/process-notification.js';
import {
  deleteNotification,
  notificationValidationStatus,
  postNotification,
  putNotification,
  testAuth,
} from './notifications/submit-notification.js';
import { present, presentationValidationStatus, processPresentation } from './presentation/present.js';
import type { PresentationKind } from './presentation/resolve-presentation.js';
import {
  houseStatus,
  houseStatusByDocument,
  masterHouseStatus,
  masterHouseStatusByDocument,
  receptacleStatus,
  transportHouseStatus,
  transportMasterStatus,
} from './query/document-status.js';
import { entryStatus } from './query/entry-status.js';
import { masterStatusWithDescendants, transportStatusWithDescendants } from './query/status-with-descendants.js';
import { deleteRelation, postRelation, processRelation, relationValidationStatus } from './relation/relation.js';
import { routingFeed } from './routing/routing-feed.js';

/** Asynchronous processors per request kind. */
export const PROCESSORS: Record<RequestRecord['kind'], Processor> = {
  notification: processNotification,
  presentation: processPresentation,
  relation: processRelation,
  arrival: processArrival,
};

const PRESENTATION_KINDS: PresentationKind[] = ['house-consignment', 'master-consignment', 'receptacle', 'container', 'entry-summary-declaration'];

/** Every endpoint of the playground. */
export function buildRouter(rt: Runtime, hooks: AdminHooks & { bring: BringService }): Router {
  const r = new Router();

  // Maskinporten + Customs token exchange (§12)
  r.add('POST', '/maskinporten/token', (ctx) => maskinportenToken(rt, ctx));
  r.add('GET', '/maskinporten/health', () => ({ status: 200, body: { status: 'UP' } }));
  r.add('GET', '/maskinporten/.well-known/oauth-authorization-server', () => maskinportenMetadata(rt));
  r.add('GET', '/maskinporten/jwk', () => maskinportenJwks(rt));
  r.add('POST', '/api/access/external/oauth/token', (ctx) => tokenExchange(rt, ctx));

  for (const mode of TRANSPORT_MODES) {
    const { submitBase, queryBase } = MODE_API[mode];
    r.add('GET', `${submitBase}/test-auth`, (ctx) => testAuth(rt, ctx, mode));
    for (const level of NOTIFICATION_LEVELS) {
      r.add('POST', `${submitBase}/${level}`, (ctx) => postNotification(rt, ctx, mode, level));
      r.add('PUT', `${submitBase}/${level}/:mrn`, (ctx) => putNotification(rt, ctx, mode, level));
      r.add('DELETE', `${submitBase}/${level}/:mrn`, (ctx) => deleteNotification(rt, ctx, mode, level));
      r.add('GET', `${queryBase}/${level}/validation-status/:requestId`, (ctx) => notificationValidationStatus(rt, ctx, mode, level));
    }
    r.add('POST', `${submitBase}/relation`, (ctx) => postRelation(rt, ctx, mode));
    r.add('DELETE', `${submitBase}/relation/:mrn`, (ctx) => deleteRelation(rt, ctx, mode));
    r.add('GET', `${queryBase}/relation/validation-status/:requestId`, (ctx) => relationValidationStatus(rt, ctx, mode));

    r.add('GET', `${queryBase}/transport/:mrn/status-with-descendants`, (ctx) => transportStatusWithDescendants(rt, ctx, mode));
    r.add('GET', `${queryBase}/transport/:mrn/master-consignment/transport-document/status`, (ctx) => transportMasterStatus(rt, ctx, mode));
    r.add('GET', `${queryBase}/transport/:mrn/house-consignment/transport-document/status`, (ctx) => transportHouseStatus(rt, ctx, mode));
    r.add('GET', `${queryBase}/master-consignment/:mrn/status-with-descendants`, (ctx) => masterStatusWithDescendants(rt, ctx, mode));
    r.add('GET', `${queryBase}/master-consignment/transport-document/status`, (ctx) => masterHouseStatusByDocument(rt, ctx, mode));
    r.add('GET', `${queryBase}/master-consignment/:mrn/transport-document/status`, (ctx) => masterHouseStatus(rt, ctx, mode));
    r.add('GET', `${queryBase}/house-consignment/transport-document/status`, (ctx) => houseStatusByDocument(rt, ctx, mode));
    r.add('GET', `${queryBase}/house-consignment/:mrn/transport-document/status`, (ctx) => houseStatus(rt, ctx, mode));
    r.add('GET', `${queryBase}/house-consignment/postal-receptacle/:receptacleId/transport-document/status`, (ctx) => receptacleStatus(rt, ctx, mode));
    r.add('GET', `${queryBase}/entry/status/:mrn`, (ctx) => entryStatus(rt, ctx, mode));
  }

  // Presentation + routing (§4.2, §4.3)
  for (const kind of PRESENTATION_KINDS) r.add('POST', `/api/movement/presentation/v1/${kind}`, (ctx) => present(rt, ctx, kind));
  r.add('GET', '/api/movement/presentation/v1/validation-status', (ctx) => presentationValidationStatus(rt, ctx));
  r.add('GET', '/api/movement/presentation/v1/validation-status/:requestId', (ctx) => presentationValidationStatus(rt, ctx));
  r.add('GET', '/api/movement/routing/v1/house-consignment', (ctx) => routingFeed(rt, ctx, 'house-consignment'));
  r.add('GET', '/api/movement/routing/v1/transport', (ctx) => routingFeed(rt, ctx, 'transport'));

  // Arrival (§4.4, §7.7)
  r.add('POST', '/api/movement/arrival/v1', (ctx) => postArrival(rt, ctx));
  r.add('POST', '/api/movement/arrival/v1/arrival', (ctx) => postArrival(rt, ctx));
  r.add('GET', '/api/movement/arrival/v1/validation-status/:requestId', (ctx) => arrivalValidationStatus(rt, ctx));

  // Document upload (§4.5); the GET listing is a playground extra
  r.add('POST', '/api/goodsdeclaration/document/v2/declaration-id/:declarationId/document', (ctx) => uploadDocument(rt, ctx));
  r.add('GET', '/api/goodsdeclaration/document/v2/declaration-id/:declarationId/document', (ctx) => listDocuments(rt, ctx));

  // Bring Customs API (§14.2)
  r.add('POST', '/bring/customs/v1/declarations', async (ctx) => {
    const raw = await readBody(ctx.req, rt.settings.bodyLimitBytes);
    const res = hooks.bring.handle({ method: 'POST', path: '/customs/v1/declarations', headers: ctx.req.headers, body: raw.toString('utf8') });
    return { status: res.status, headers: res.headers, body: res.body };
  });

  // Admin (no auth; loopback tool surface)
  r.add('GET', '/_admin/health', () => ({ status: 200, body: { status: 'UP' } }));
  r.add('POST', '/_admin/arrive/:mrn', (ctx) => adminArrive(rt, ctx, hooks));
  r.add('GET', '/_admin/counters', () => ({ status: 200, body: rt.counters.snapshot() }));
  r.add('POST', '/_admin/counters/reset', () => {
    rt.counters.reset();
    return { status: 200, body: rt.counters.snapshot() };
  });
  r.add('GET', '/_admin/faults', () => ({ status: 200, body: rt.faults.config }));
  r.add('PUT', '/_admin/faults', (ctx) => adminSetFaults(rt, ctx, hooks));
  r.add('GET', '/_admin/clock', () => clockReply(rt));
  r.add('POST', '/_admin/clock', (ctx) => adminClock(rt, ctx));
  r.add('POST', '/_admin/clients', (ctx) => adminRegisterClient(rt, ctx, hooks));
  r.add('GET', '/_admin/notifications', () => adminNotifications(rt));
  r.add('POST', '/_admin/process-pending', () => {
    hooks.processPending();
    return { status: 200, body: { processed: true } };
  });
  return r;
}
