import type { ManifestRecord, RoutingResultInput } from '../store/job-store.js';
import { derivedFileName, fingerprint } from './lib/derived-name.js';
import { renderFile, xmlElement, type FileLayout } from './lib/file-formats.js';
import { conventionsFor, DEFAULT_OUTPUT_CONVENTIONS, encodeOutput, instantIn, type OutputConventions } from './lib/output-conventions.js';
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

/** Formats routing lines as CSV, JSON or XML in the partner's conventions (default: UTF-8 with BOM, comma, UTC). */
export function formatRoutingFile(lines: readonly RoutingLine[], format: ResultFormat, conventions: OutputConventions = DEFAULT_OUTPUT_CONVENTIONS): Buffer {
  const local = lines.map((l) => (l.decidedAt === null ? l : { ...l, decidedAt: instantIn(l.decidedAt, conventions.timeZone) }));
  return encodeOutput(renderFile(local, format, ROUTING_LAYOUT, conventions), format, conventions);
}

/**
 * Name of a routing file: the partner's own manifest name and a fingerprint of the routing ids it
 * holds (`orders.csv.routing-3f9a0c1d2e4b.csv`), so it names nothing of another partner's, and a
 * repeat of the same feed page after a crash gives the same name (queued once).
 */
export function routingFileName(manifest: Pick<ManifestRecord, 'originalName'>, routingIds: readonly string[], format: ResultFormat): string {
  const id = fingerprint(routingIds);
  const named = derivedFileName(`${manifest.originalName}.routing-${id}.${format}`);
  return named.ok ? named.name : `routing-${id}.${format}`;
}

function houseKey(item: RoutingItemLike): { documentNumber: string; type: string } | undefined {
  const doc = item.transportDocumentHouseLevel;
  const documentNumber = doc?.referenceNumber ?? doc?.documentNumber;
  if (documentNumber === undefined || documentNumber === '') return undefined;
  return { documentNumber, type: doc?.type ?? '' };
}

/**
 * Reads the routing feed from the stored marker until it is drained (DIGITOLL.md §10.2). For each
 * page: the houses are matched to our notifications (by waybill + type → MRN → manifest → channel),
 * one routing file per manifest is queued to its partner's outbox (named after that manifest and
 * the routing ids it holds, so a repeat after a crash is a no-op), then the results are stored and the marker advanced by
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
    // One routing file per manifest the page's houses belong to (in that partner's channel).
    const byManifest = new Map<string, { manifest: ManifestRecord; lines: RoutingLine[] }>();
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
        const group = byManifest.get(manifest.id) ?? { manifest, lines: [] };
        group.lines.push({
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
        byManifest.set(manifest.id, group);
      }
    }
    for (const { manifest, lines } of byManifest.values()) {
      const format = deps.channel(manifest.channel)?.settings.resultFormat ?? 'csv';
      await deps.store.enqueueOutbox({
        channel: manifest.channel,
        fileName: routingFileName(manifest, lines.map((l) => l.routingId), format),
        content: formatRoutingFile(lines, format, conventionsFor(deps, manifest)),
        kind: 'routing',
        manifestId: manifest.id,
      });
    }
    const recorded = await deps.store.recordRoutingResults(inputs, { feed, expected: marker, next: page.marker });
    if (recorded === undefined) continue; // another instance consumed this page
    total += page.items.length;
    deps.onEvent?.({ type: 'routing-recorded', count: page.items.length, lagMs: newest === undefined ? undefined : deps.now() - newest });
    deps.log.info({ items: page.items.length, channels: [...new Set([...byManifest.values()].map((g) => g.manifest.channel))] }, 'routing results recorded');
  }
  return total;
}
