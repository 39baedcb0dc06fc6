import type { ManifestRecord, RoutingResultInput } from '../store/job-store.js';
import { renderFile, xmlElement, type FileLayout } from './lib/file-formats.js';
import type { PipelineDeps, ResultFormat, RoutingItemLike } from './ports.js';

/** One routing signal as written to a partner's routing file. */
export interface RoutingLine {
  readonly documentNumber: string;
  readonly type: string;
  readonly mrn: string | null;
  readonly routing: string;
  readonly routingControlLocation: string | null;
  readonly entrySummaryDeclarationMRN: string | null;
  readonly receptacleId: string | null;
  readonly routingId: string;
  readonly decidedAt: string | null;
  readonly manifest: string | null;
}

const COLUMNS = [
  'documentNumber', 'type', 'mrn', 'routing', 'routingControlLocation', 'entrySummaryDeclarationMRN', 'receptacleId', 'routingId', 'decidedAt', 'manifest',
] as const;

const ROUTING_LAYOUT: FileLayout<readonly RoutingLine[], RoutingLine> = {
  columns: COLUMNS,
  lines: (lines) => lines,
  csvRow: (l) => COLUMNS.map((c) => l[c]),
  xmlRoot: (lines) =>
    xmlElement('RoutingResults', {}, [...lines.map((l) => `\n  ${xmlElement('Routing', Object.fromEntries(COLUMNS.map((c) => [c, l[c]])))}`), '\n']),
  json: (lines) => ({ routing: lines }),
};

/** Formats routing lines as CSV, JSON or XML. */
export function formatRoutingFile(lines: readonly RoutingLine[], format: ResultFormat): Buffer {
  return Buffer.from(renderFile(lines, format, ROUTING_LAYOUT), 'utf8');
}

function houseKey(item: RoutingItemLike): { documentNumber: string; type: string } | undefined {
  const doc = item.transportDocumentHouseLevel;
  const documentNumber = doc?.referenceNumber ?? doc?.documentNumber;
  if (documentNumber === undefined || documentNumber === '') return undefined;
  return { documentNumber, type: doc?.type ?? '' };
}

/**
 * Reads the routing feed from the stored marker until it is drained (docs/digitoll.md §10.2). For each
 * page: the houses are matched to our notifications (by waybill + type → MRN → manifest → channel),
 * one routing file per partner channel is queued to the outbox (name derived from the page, so a
 * repeat after a crash is a no-op), then the results are stored and the marker advanced by
 * compare-and-set in one transaction. Returns the number of routing items read.
 */
export async function followRoutingOnce(deps: PipelineDeps, options: { feed?: 'house-consignment'; maxPages?: number } = {}): Promise<number> {
  const feed = options.feed ?? 'house-consignment';
  let total = 0;
  const manifests = new Map<string, ManifestRecord | undefined>();
  for (let pageNo = 0; pageNo < (options.maxPages ?? 100); pageNo++) {
    const marker = await deps.store.getRoutingMarker(feed);
    const page = await deps.client.getRoutingPage({ marker, feed });
    if (page.items.length === 0 || page.marker === undefined) return total;
    const inputs: RoutingResultInput[] = [];
    const byChannel = new Map<string, RoutingLine[]>();
    let newest: number | undefined;
    for (const item of page.items) {
      const key = houseKey(item);
      let mrn: string | null = null;
      let manifest: ManifestRecord | undefined;
      if (key !== undefined) {
        const candidates = (await deps.store.findNotifications({ documentNumber: key.documentNumber }))
          .filter((n) => n.level === 'house-consignment' && n.type === key.type && n.mrn !== null)
          .sort((a, b) => b.updatedAt - a.updatedAt);
        const hit = candidates[0];
        if (hit !== undefined) {
          mrn = hit.mrn;
          if (!manifests.has(hit.manifestId)) manifests.set(hit.manifestId, await deps.store.getManifest(hit.manifestId));
          manifest = manifests.get(hit.manifestId);
        }
      }
      const decision = item.routingResult.routing ?? 'UNKNOWN';
      const issued = item.routingResult.documentIssueDate !== undefined ? Date.parse(item.routingResult.documentIssueDate) : Number.NaN;
      if (Number.isFinite(issued)) newest = Math.max(newest ?? 0, issued);
      inputs.push({
        // Houses we did not notify (someone else's, or ICS2) are kept under their waybill.
        mrn: mrn ?? `house:${key?.type ?? ''}:${key?.documentNumber ?? item.routingResult.id}`,
        decision,
        payload: item,
        ...(Number.isFinite(issued) ? { issuedAt: issued } : {}),
      });
      if (manifest !== undefined && key !== undefined) {
        const lines = byChannel.get(manifest.channel) ?? [];
        lines.push({
          documentNumber: key.documentNumber,
          type: key.type,
          mrn,
          routing: decision,
          routingControlLocation: item.routingResult.routingControlLocation ?? null,
          entrySummaryDeclarationMRN: item.entrySummaryDeclarationMRN === '' ? null : (item.entrySummaryDeclarationMRN ?? null),
          receptacleId: item.receptacleId === '' ? null : (item.receptacleId ?? null),
          routingId: item.routingResult.id,
          decidedAt: item.routingResult.documentIssueDate ?? null,
          manifest: manifest.originalName,
        });
        byChannel.set(manifest.channel, lines);
      }
    }
    const first = page.items[0]?.routingResult.id ?? 'page';
    for (const [channelName, lines] of byChannel) {
      const channel = deps.channel(channelName);
      const format = channel?.settings.resultFormat ?? 'csv';
      await deps.store.enqueueOutbox({
        channel: channelName,
        fileName: `routing-${first}.${format}`,
        content: formatRoutingFile(lines, format),
        kind: 'routing',
      });
    }
    const recorded = await deps.store.recordRoutingResults(inputs, { feed, expected: marker, next: page.marker });
    if (recorded === undefined) continue; // another instance consumed this page
    total += page.items.length;
    deps.onEvent?.({ type: 'routing-recorded', count: page.items.length, lagMs: newest === undefined ? undefined : deps.now() - newest });
    deps.log.info({ items: page.items.length, channels: [...byChannel.keys()] }, 'routing results recorded');
  }
  return total;
}
