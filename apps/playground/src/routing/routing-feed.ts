import { authorize } from '../customs-auth/authorize.js';
import { formatInstant } from '../lib/clock.js';
import { ENTRY_SCOPES, obj, str } from '../lib/domain.js';
import { isPartyOf as party } from '../lib/parties.js';
import type { Graph } from '../lib/graph.js';
import { HttpError, validationErrors, type Reply } from '../lib/http.js';
import { REFERENCE_DATA } from '../lib/reference-data.js';
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
    // Only documented members (issue 16 item 10): the house key is `referenceNumber` + `type` (docs/digitoll.md §10.3).
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
 * Visibility in the transport-level feed: the caller submitted, or is the representative of, the house's transport
 * (`fremlegging-og-kontrolldirigering-EN.html`: the transport's party "can get routing for all consignments reported
 * on the transport"). Dataset routings (ICS2 houses without a notified transport) are not in it.
 */
export function visibleOnTransportFeed(graph: Graph, org: string, r: RoutingRecord): boolean {
  return party(r.transportMrn === undefined ? undefined : graph.byMrn(r.transportMrn), org);
}

/** The two feeds: every consignment the caller is involved in, or the consignments of the caller's transports. */
export type RoutingFeedKind = 'house-consignment' | 'transport';

/**
 * `GET /api/movement/routing/v1/house-consignment?marker=<last routingResult.id>` — the caller's routing items after
 * the marker, oldest first, at most 1000. An unknown marker is a 400 validation error.
 *
 * `GET /api/movement/routing/v1/transport?marker=` — the transport-level feed (named in docs/digitoll.md §4.3 from vendor
 * code; its item shape is the house feed's): the same items, restricted to houses on transports the caller submitted
 * or represents; markers are the same `routingResult.id`s. Only for organisations Customs gave the service (seed 001:
 * "for some parties, the service for routing at transport level may be relevant";
 * `data/reference/transport-routing-entitlements.csv`): anyone else gets 403 `insufficient_scope`.
 */
export async function routingFeed(rt: Runtime, ctx: RouteContext, kind: RoutingFeedKind = 'house-consignment'): Promise<Reply> {
  const claims = await authorize(rt, ctx, ENTRY_SCOPES);
  if (kind === 'transport' && !REFERENCE_DATA.transportRoutingEntitled.has(claims.orgNumber)) {
    throw new HttpError(403, {
      error: 'insufficient_scope',
      error_description: `Organisation ${claims.orgNumber} is not entitled to the transport-level routing service; read the house-consignment feed, or ask Norwegian Customs for access`,
    });
  }
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
    const visible = kind === 'transport' ? visibleOnTransportFeed(graph, claims.orgNumber, r) : visibleTo(rt, graph, claims.orgNumber, r);
    if (visible) items.push(toItem(graph, r));
  }
  return { status: 200, body: items };
}
