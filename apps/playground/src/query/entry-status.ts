import type { TransportMode } from '../lib/domain.js';
import { formatInstant } from '../lib/clock.js';
import { gatewayError, type Reply } from '../lib/http.js';
import type { RouteContext } from '../lib/router.js';
import type { Runtime } from '../lib/runtime.js';
import { houseKeyOf } from '../lib/domain.js';
import { latestRouting } from '../routing/routing-engine.js';
import { findActive, queryAuth } from './document-status.js';

/**
 * GET /entry/status/{transportMrn} (docs/digitoll.md §8.6). 404 until the transport has arrived. `validEntry` is true
 * when every house on the transport has TO_ENTRY or TO_CONTROL/AFTER_ENTRY as latest routing (playground rule).
 */
export async function entryStatus(rt: Runtime, ctx: RouteContext, mode: TransportMode): Promise<Reply> {
  const org = await queryAuth(rt, ctx, mode);
  const t = findActive(rt, ctx, mode, 'transport', org);
  if (t.arrivedAt === undefined) throw gatewayError(404, 'Not Found', `No entry registered for transport ${t.mrn} (not arrived)`, ctx.url.pathname, rt.clock.now());
  const houses = rt.graph().housesOfTransport(t);
  const validEntry = houses.every((h) => {
    const k = houseKeyOf(h.body);
    const r = k && latestRouting(rt, k.documentNumber, k.type);
    return r !== undefined && (r.routing === 'TO_ENTRY' || (r.routing === 'TO_CONTROL' && r.routingControlLocation === 'AFTER_ENTRY'));
  });
  return { status: 200, body: { validEntry, customsOfficeOfEntry: t.customsOfficeOfEntry ?? null, timeOfEntry: formatInstant(t.arrivedAt), mrn: t.mrn } };
}
