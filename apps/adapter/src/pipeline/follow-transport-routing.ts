import type { ManifestRecord, NotificationRecord, RoutingResultInput } from '../store/job-store.js';
import { conventionsFor } from './lib/output-conventions.js';
import { formatRoutingFile, houseKey, latestPerHouse, notifiedHouse, routingAttention, routingCells, routingFileName, type RoutingColumn, type RoutingLine } from './follow-routing.js';
import type { PipelineDeps, RoutingItemLike } from './ports.js';

/** The store's marker name of the transport-level feed (the house feed's is `house-consignment`). */
export const TRANSPORT_FEED = 'transport';

/** How long a transport feed Customs refused (403: the organisation is not entitled) is left alone before it is asked again. */
export const TRANSPORT_FEED_REFUSED_RETRY_MS = 3_600_000;

/** One line of a transport routing file: a house on one of our transports, with that transport. */
export interface TransportRoutingLine extends RoutingLine {
  /** MRN of our transport notification the house is on. */
  readonly transportMrn: string | null;
  /** The active means' identification (plate, flight, …) as Customs' routing item gives it. */
  readonly transportId: string;
  readonly scheduledArrival: string | null;
}

const TRANSPORT_COLUMNS: readonly RoutingColumn<TransportRoutingLine>[] = [
  'transportMrn', 'transportId', 'scheduledArrival', 'documentNumber', 'type', 'mrn', 'routing', 'routingControlLocation',
  'entrySummaryDeclarationMRN', 'receptacleId', 'routingId', 'decidedAt', 'manifest', 'attention',
];

/** Our transport notification (with an MRN) an item's means + scheduled arrival name, and its manifest. */
async function ourTransport(
  deps: PipelineDeps,
  item: RoutingItemLike,
  cache: Map<string, { notification: NotificationRecord; manifest: ManifestRecord } | undefined>,
): Promise<{ notification: NotificationRecord; manifest: ManifestRecord } | undefined> {
  const id = item.activeBorderTransportMeans?.identificationNumber;
  const scheduled = item.scheduledTimeOfArrival === undefined ? Number.NaN : Date.parse(item.scheduledTimeOfArrival);
  if (id === undefined || id === '' || !Number.isFinite(scheduled)) return undefined;
  const type = item.activeBorderTransportMeans?.typeOfIdentification;
  const cacheKey = `${id}\u0000${type ?? ''}\u0000${scheduled}`;
  if (cache.has(cacheKey)) return cache.get(cacheKey);
  // A transport's document number is `<means id>@<scheduled arrival>` (pipeline/lib/document-key.ts).
  const notification = (await deps.store.findNotifications({ transportId: id }))
    .filter((n) => n.level === 'transport' && n.mrn !== null && (type === undefined || n.type === type) && Date.parse(n.documentNumber.slice(n.documentNumber.indexOf('@') + 1)) === scheduled)
    .sort((a, b) => b.updatedAt - a.updatedAt)[0];
  const manifest = notification === undefined ? undefined : await deps.store.getManifest(notification.manifestId);
  const found = notification === undefined || manifest === undefined ? undefined : { notification, manifest };
  cache.set(cacheKey, found);
  return found;
}

/**
 * Reads Customs' transport-level routing feed (`/routing/v1/transport`: the routing of every house on the transports
 * the organisation submitted or represents — for organisations Customs gave that service) from its own stored marker
 * until drained. Each item is attributed to our transport notification by the active means and scheduled arrival it
 * carries; one transport routing file per transport manifest is queued to the channel that notified the transport,
 * holding the houses that channel does not get from the house feed (another party's houses, or houses another channel
 * notified) — a house the channel notified itself is in its house routing file already, never twice. Files are named
 * after the manifest and the routing ids they hold (a repeat after a crash is a no-op); then the results are stored
 * (another party's house under its waybill, attributed to our transport) and the marker advanced by compare-and-set
 * in one transaction. A 403 (not entitled) is thrown to the caller as the client's `DIGITOLL_FORBIDDEN`.
 * Returns the number of routing items read.
 */
export async function followTransportRoutingOnce(deps: PipelineDeps, options: { maxPages?: number } = {}): Promise<number> {
  let total = 0;
  const transports = new Map<string, { notification: NotificationRecord; manifest: ManifestRecord } | undefined>();
  const manifests = new Map<string, ManifestRecord | undefined>();
  for (let pageNo = 0; pageNo < (options.maxPages ?? 100); pageNo++) {
    const marker = await deps.store.getRoutingMarker(TRANSPORT_FEED);
    const page = await deps.client.getRoutingPage({ marker, feed: TRANSPORT_FEED });
    if (page.items.length === 0 || page.marker === undefined) return total;
    const inputs: RoutingResultInput[] = [];
    const byManifest = new Map<string, { manifest: ManifestRecord; lines: TransportRoutingLine[] }>();
    let newest: number | undefined;
    for (const item of page.items) {
      const key = houseKey(item);
      const transport = await ourTransport(deps, item, transports);
      const house = key === undefined ? undefined : await notifiedHouse(deps, key);
      if (house !== undefined && !manifests.has(house.manifestId)) manifests.set(house.manifestId, await deps.store.getManifest(house.manifestId));
      const houseChannel = house === undefined ? undefined : manifests.get(house.manifestId)?.channel;
      const decision = item.routingResult.routing ?? 'UNKNOWN';
      const issued = item.routingResult.documentIssueDate !== undefined ? Date.parse(item.routingResult.documentIssueDate) : Number.NaN;
      if (Number.isFinite(issued)) newest = Math.max(newest ?? 0, issued);
      inputs.push({
        // Same key as the house feed's, so an item both feeds carry is stored once.
        mrn: house?.mrn ?? `house:${key?.type ?? ''}:${key?.documentNumber ?? item.routingResult.id}`,
        decision,
        payload: item,
        ...(Number.isFinite(issued) ? { issuedAt: issued } : {}),
        ...(transport === undefined ? {} : { notificationId: transport.notification.id }),
      });
      if (key === undefined || transport === undefined || houseChannel === transport.manifest.channel) continue;
      const group = byManifest.get(transport.manifest.id) ?? { manifest: transport.manifest, lines: [] };
      group.lines.push({
        transportMrn: transport.notification.mrn,
        transportId: item.activeBorderTransportMeans?.identificationNumber ?? '',
        scheduledArrival: item.scheduledTimeOfArrival ?? null,
        documentNumber: key.documentNumber,
        type: key.type,
        mrn: house?.mrn ?? null,
        ...routingCells(item, decision),
        manifest: transport.manifest.originalName,
        attention: routingAttention(decision),
      });
      byManifest.set(transport.manifest.id, group);
    }
    for (const { manifest, lines } of byManifest.values()) {
      const format = deps.channel(manifest.channel)?.settings.resultFormat ?? 'csv';
      await deps.store.enqueueOutbox({
        channel: manifest.channel,
        fileName: routingFileName(manifest, lines.map((l) => l.routingId), format, 'transport-routing'),
        content: formatRoutingFile(latestPerHouse(lines), format, conventionsFor(deps, manifest), TRANSPORT_COLUMNS, ['decidedAt', 'scheduledArrival']),
        kind: 'routing',
        manifestId: manifest.id,
      });
    }
    const recorded = await deps.store.recordRoutingResults(inputs, { feed: TRANSPORT_FEED, expected: marker, next: page.marker });
    if (recorded === undefined) continue; // another instance consumed this page
    total += page.items.length;
    deps.onEvent?.({ type: 'routing-recorded', feed: TRANSPORT_FEED, count: page.items.length, lagMs: newest === undefined ? undefined : deps.now() - newest });
    deps.log.info(
      { feed: TRANSPORT_FEED, items: page.items.length, files: byManifest.size, channels: [...new Set([...byManifest.values()].map((g) => g.manifest.channel))] },
      'transport routing results recorded',
    );
  }
  return total;
}
