import { randomUUID } from 'node:crypto';
import { DATASET, type DatasetRow } from '../lib/dataset.js';
import { houseKeyOf, houseLevel, obj, str } from '../lib/domain.js';
import type { Runtime } from '../lib/runtime.js';
import type { NotificationRecord, RoutingRecord } from '../lib/state.js';

type Decision = Pick<RoutingRecord, 'routing' | 'routingControlLocation'>;

/**
 * The playground's deterministic routing rules for notified (non-dataset) houses, in order (README §Routing):
 * 1. house key in the static dataset → the dataset's routing;
 * 2. house has incomplete documentation → ENTRY_PENDING (ON_ENTRY);
 * 3. documentNumber contains `DENY` → ENTRY_DENIED;
 * 4. documentNumber contains `CTRLAFTER` → TO_CONTROL (AFTER_ENTRY); contains `CTRL` → TO_CONTROL (ON_ENTRY);
 * 5. otherwise TO_ENTRY.
 */
export function decideRouting(house: NotificationRecord): Decision {
  const key = houseKeyOf(house.body);
  const row = key && DATASET.find((r) => r.houseDocumentNumber === key.documentNumber && r.houseType === key.type);
  if (row !== undefined) return datasetDecision(row);
  if (house.incompleteReasons.length > 0) return { routing: 'ENTRY_PENDING', routingControlLocation: 'ON_ENTRY' };
  const doc = key?.documentNumber.toUpperCase() ?? '';
  if (doc.includes('DENY')) return { routing: 'ENTRY_DENIED' };
  if (doc.includes('CTRLAFTER')) return { routing: 'TO_CONTROL', routingControlLocation: 'AFTER_ENTRY' };
  if (doc.includes('CTRL')) return { routing: 'TO_CONTROL', routingControlLocation: 'ON_ENTRY' };
  return { routing: 'TO_ENTRY' };
}

function datasetDecision(row: DatasetRow): Decision {
  return row.routing === 'TO_CONTROL' ? { routing: 'TO_CONTROL', routingControlLocation: 'ON_ENTRY' } : { routing: 'TO_ENTRY' };
}

/** Latest routing for a house key (latest wins). */
export function latestRouting(rt: Runtime, documentNumber: string, type: string): RoutingRecord | undefined {
  return rt.index.latestRouting(documentNumber, type);
}

function append(rt: Runtime, r: Omit<RoutingRecord, 'id' | 'seq' | 'documentIssueDate'>): RoutingRecord {
  const last = rt.state.routing[rt.state.routing.length - 1];
  const record: RoutingRecord = { ...r, id: randomUUID(), seq: (last?.seq ?? 0) + 1, documentIssueDate: rt.clock.now() };
  rt.state.routing.push(record);
  rt.changed();
  return record;
}

/**
 * Routes one notified house on an arrived transport (or presented on its own: `transport` undefined when the
 * house hangs on no transport); appends only when the decision differs from the latest.
 */
export function routeHouse(rt: Runtime, house: NotificationRecord, transport: NotificationRecord | undefined): RoutingRecord | undefined {
  const key = houseKeyOf(house.body);
  if (key === undefined) return undefined;
  const decision = decideRouting(house);
  const latest = latestRouting(rt, key.documentNumber, key.type);
  if (latest !== undefined && latest.routing === decision.routing && latest.routingControlLocation === decision.routingControlLocation && latest.houseMrn === house.mrn) {
    return undefined;
  }
  const row = DATASET.find((r) => r.houseDocumentNumber === key.documentNumber && r.houseType === key.type);
  const record: Omit<RoutingRecord, 'id' | 'seq' | 'documentIssueDate'> = {
    house: key,
    houseMrn: house.mrn,
    ...(transport !== undefined ? { transportMrn: transport.mrn } : {}),
    entrySummaryDeclarationMRN: row?.ensMrn ?? '',
    receptacleId: str(houseLevel(house.body)?.['receptacleIdentificationNumber']) ?? row?.receptacleId ?? '',
    routing: decision.routing,
    fromDataset: false,
  };
  if (decision.routingControlLocation !== undefined) record.routingControlLocation = decision.routingControlLocation;
  return append(rt, record);
}

/** Routes every house on an arrived transport. */
export function routeTransport(rt: Runtime, transport: NotificationRecord): RoutingRecord[] {
  const graph = rt.graph();
  return graph.housesOfTransport(transport).flatMap((h) => routeHouse(rt, h, transport) ?? []);
}

/** Re-evaluates a house after a PUT/POST if it sits on an arrived transport (e.g. ENTRY_PENDING → TO_ENTRY). */
export function rerouteHouse(rt: Runtime, house: NotificationRecord): void {
  if (!rt.index.anyTransportArrived()) return;
  const graph = rt.graph();
  const transport = graph.transportsOfHouse(house).find((t) => t.arrivedAt !== undefined);
  if (transport !== undefined) routeHouse(rt, house, transport);
}

/**
 * Routes a notified house that was presented (docs/digitoll.md §10: routing becomes available after presentation):
 * with the rules of {@link decideRouting}, on its arrived transport if it has one, else its first transport.
 */
export function routePresentedHouse(rt: Runtime, house: NotificationRecord): void {
  const transports = rt.graph().transportsOfHouse(house);
  routeHouse(rt, house, transports.find((t) => t.arrivedAt !== undefined) ?? transports[0]);
}

/** Creates the fixed routing of a dataset row once (presentation of ICS2/dataset goods). */
export function routeDatasetRow(rt: Runtime, row: DatasetRow): void {
  const latest = latestRouting(rt, row.houseDocumentNumber, row.houseType);
  if (latest !== undefined) return;
  const d = datasetDecision(row);
  const record: Omit<RoutingRecord, 'id' | 'seq' | 'documentIssueDate'> = {
    house: { documentNumber: row.houseDocumentNumber, type: row.houseType },
    entrySummaryDeclarationMRN: row.ensMrn,
    receptacleId: row.receptacleId,
    routing: d.routing,
    fromDataset: true,
  };
  if (d.routingControlLocation !== undefined) record.routingControlLocation = d.routingControlLocation;
  append(rt, record);
}

/** Marks a transport as arrived and routes its houses (admin command, arrival API). */
export function arriveTransport(rt: Runtime, transport: NotificationRecord, at: number, office?: string): RoutingRecord[] {
  transport.arrivedAt = at;
  rt.index.transportArrived();
  const declared = str(obj(transport.body['customsOfficeOfFirstEntry'])?.['referenceNumber']);
  const officeOfEntry = office ?? declared;
  if (officeOfEntry !== undefined) transport.customsOfficeOfEntry = officeOfEntry;
  rt.changed();
  return routeTransport(rt, transport);
}
