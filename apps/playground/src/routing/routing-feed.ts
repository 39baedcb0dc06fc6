import { authorize } from '../customs-auth/authorize.js';
import { formatInstant } from '../lib/clock.js';
import { ENTRY_SCOPES, obj, str } from '../lib/domain.js';
import { isPartyOf as party } from '../lib/parties.js';
import type { Graph } from '../lib/graph.js';
import { validationErrors, type Reply } from '../lib/http.js';
import type { RouteContext } from '../lib/router.js';
import type { Runtime } from '../lib/runtime.js';
import type { RoutingRecord } from '../lib/state.js';

/** Largest page the feed returns (§4.3). */
export const ROUTING_PAGE_SIZE = 1000;

/**
 * Routing visibility (§2.1): submitter or representative of the house, of its master, or of its transport; or a party
 * that presented the house (directly, or via its receptacle/master/ENS/container). Dataset routings: presenters only.
 */
export function visibleTo(rt: Runtime, graph: Graph, org: string, r: RoutingRecord): boolean {
  if (rt.index.presented(org).has(`${r.house.documentNumber}|${r.house.type}`)) return true;
  if (r.fromDataset) return false;
  const house = r.houseMrn === undefined ? undefined : graph.byMrn(r.houseMrn);
  if (party(house, org)) return true;
  if (house !== undefined && graph.mastersOfHouse(house).some((m) => party(m, org))) return true;
  return party(r.transportMrn === undefined ? undefined : graph.byMrn(r.transportMrn), org);
}

function toItem(graph: Graph, r: RoutingRecord): Record<string, unknown> {
  const t = r.transportMrn === undefined ? undefined : graph.byMrn(r.transportMrn);
  const means = obj(t?.body['activeBorderTransportMeans']);
  return {
    // Only documented members (issue 16 item 10): the house key is `referenceNumber` + `type` (DIGITOLL.md §10.3).
    transportDocumentHouseLevel: { referenceNumber: r.house.documentNumber, type: r.house.type },
    entrySummaryDeclarationMRN: r.entrySummaryDeclarationMRN,
    receptacleId: r.receptacleId,
    routingResult: {
      id: r.id,
      routing: r.routing,
      ...(r.routingControlLocation ? { routingControlLocation: r.routingControlLocation } : {}),
      documentIssueDate: formatInstant(r.documentIssueDate),
    },
    ...(t
      ? {
          estimatedTimeOfArrival: str(t.body['estimatedDateAndTimeOfArrival']),
          scheduledTimeOfArrival: str(t.body['scheduledDateAndTimeOfArrival']),
          activeBorderTransportMeans: { identificationNumber: str(means?.['identificationNumber']), typeOfIdentification: str(means?.['typeOfIdentification']) },
        }
      : {}),
  };
}

/**
 * `GET /api/movement/routing/v1/house-consignment?marker=<last routingResult.id>` — the caller's routing items after
 * the marker, oldest first, at most 1000. An unknown marker is a 400 validation error.
 */
export async function routingFeed(rt: Runtime, ctx: RouteContext): Promise<Reply> {
  const claims = await authorize(rt, ctx, ENTRY_SCOPES);
  const marker = ctx.url.searchParams.get('marker');
  let start = 0;
  if (marker !== null && marker !== '') {
    const idx = rt.index.routingPosition(marker) ?? -1;
    if (idx < 0) throw validationErrors([{ field: 'marker', error: `Unknown marker ${marker}` }]);
    start = idx + 1;
  }
  const graph = rt.graph();
  const items: Record<string, unknown>[] = [];
  for (let i = start; i < rt.state.routing.length && items.length < ROUTING_PAGE_SIZE; i++) {
    const r = rt.state.routing[i] as RoutingRecord;
    if (visibleTo(rt, graph, claims.orgNumber, r)) items.push(toItem(graph, r));
  }
  return { status: 200, body: items };
}
