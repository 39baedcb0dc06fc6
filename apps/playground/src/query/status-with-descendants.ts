import { houseKeyOf, masterKeyOf } from '../lib/domain.js';
import type { TransportMode } from '../lib/domain.js';
import { Graph } from '../lib/graph.js';
import type { Reply } from '../lib/http.js';
import type { RouteContext } from '../lib/router.js';
import type { Runtime } from '../lib/runtime.js';
import type { NotificationRecord } from '../lib/state.js';
import { findActive, queryAuth } from './document-status.js';

function houseEntry(h: NotificationRecord): Record<string, unknown> {
  const k = houseKeyOf(h.body);
  return { documentNumber: k?.documentNumber, type: k?.type, mrn: h.mrn, weight: Graph.weightOf(h), status: h.incompleteReasons.length > 0 ? 'INCOMPLETE' : 'SUCCESS' };
}

function masterEntry(graph: Graph, key: { documentNumber: string; type: string }, m: NotificationRecord | undefined): Record<string, unknown> {
  if (m === undefined) return { documentNumber: key.documentNumber, type: key.type, received: false, weight: 0, sumOfWeightForHouseConsignments: 0, houseConsignments: [] };
  const houses = graph.housesOfMaster(m);
  return {
    documentNumber: key.documentNumber,
    type: key.type,
    mrn: m.mrn,
    weight: Graph.weightOf(m),
    sumOfWeightForHouseConsignments: houses.reduce((s, h) => s + Graph.weightOf(h), 0),
    received: true,
    houseConsignments: houses.map(houseEntry),
  };
}

/** GET /transport/{mrn}/status-with-descendants (docs/digitoll.md §8.5). */
export async function transportStatusWithDescendants(rt: Runtime, ctx: RouteContext, mode: TransportMode): Promise<Reply> {
  const org = await queryAuth(rt, ctx, mode);
  const t = findActive(rt, ctx, mode, 'transport', org);
  const graph = rt.graph();
  const masters = graph.masterSlotsOfTransport(t).map((s) => masterEntry(graph, s.key, s.master));
  const direct = graph.directHousesOfTransport(t);
  return {
    status: 200,
    body: {
      mrn: t.mrn,
      sumOfWeightForMasterConsignments: masters.reduce((s, m) => s + (m['weight'] as number), 0),
      sumOfWeightForHouseConsignments:
        masters.reduce((s, m) => s + (m['sumOfWeightForHouseConsignments'] as number), 0) + direct.reduce((s, h) => s + Graph.weightOf(h), 0),
      masterConsignments: masters,
      ...(direct.length > 0 ? { houseConsignments: direct.map(houseEntry) } : {}),
    },
  };
}

/** GET /master-consignment/{mrn}/status-with-descendants — the master and its houses. */
export async function masterStatusWithDescendants(rt: Runtime, ctx: RouteContext, mode: TransportMode): Promise<Reply> {
  const org = await queryAuth(rt, ctx, mode);
  const m = findActive(rt, ctx, mode, 'master-consignment', org);
  const graph = rt.graph();
  const mk = masterKeyOf(m.body);
  const key = { documentNumber: mk?.documentNumber ?? '', type: mk?.type ?? '' };
  return { status: 200, body: masterEntry(graph, key, m) };
}
