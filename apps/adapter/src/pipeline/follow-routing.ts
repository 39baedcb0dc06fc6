import type { ManifestRecord, NotificationRecord, RoutingResultInput } from '../store/job-store.js';
import { derivedFileName, fingerprint } from './lib/derived-name.js';
import { renderFile, xmlElement, type FileLayout } from './lib/file-formats.js';
import { conventionsFor, DEFAULT_OUTPUT_CONVENTIONS, encodeOutput, instantIn, type OutputConventions } from './lib/output-conventions.js';
import type { PipelineDeps, ResultFormat, RoutingItemLike } from './ports.js';
import { attributeToPresentation } from '../presentation/attribute-routing.js';
import { PRESENTATION_TYPE_PREFIX } from '../presentation/plan-presentation-manifest.js';

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
  /** For goods we presented: how (e.g. `receptacle GBASFZMLBKONAUN30001001019999`); routing follows presentation. */
  readonly presentation?: string | null;
  /** `CONTROL` (TO_CONTROL: deliver to the agreed place of control) or `DENIED` (ENTRY_DENIED): a terminal must act. */
  readonly attention?: string | null;
}

const COLUMNS = [
  'documentNumber', 'type', 'mrn', 'routing', 'routingControlLocation', 'entrySummaryDeclarationMRN', 'receptacleId', 'routingId', 'decidedAt', 'manifest',
  'presentation', 'attention',
] as const;

/** A column of a routing file: a member of the line (house routing files use {@link COLUMNS}). */
export type RoutingColumn<L extends RoutingLine> = keyof L & string;

/** How long (since the row's last change, and for at most 5 polls) a routing page waits for a presentation's validation to be read. */
const ROUTING_WAITS_FOR_PRESENTATION_MS = 60_000;

/** The flag a terminal acts on (docs/digitoll.md §10.3): TO_CONTROL goods go to control, ENTRY_DENIED goods are held. */
export function routingAttention(routing: string): string | null {
  return routing === 'TO_CONTROL' ? 'CONTROL' : routing === 'ENTRY_DENIED' ? 'DENIED' : null;
}

/** One line per house (waybill + type): the latest signal wins (docs/digitoll.md §10.3), in feed order. */
export function latestPerHouse<L extends RoutingLine>(lines: readonly L[]): L[] {
  const last = new Map<string, L>();
  for (const l of lines) {
    const key = `${l.documentNumber}\u0000${l.type}`;
    last.delete(key);
    last.set(key, l);
  }
  return [...last.values()];
}

function routingLayout<L extends RoutingLine>(columns: readonly RoutingColumn<L>[]): FileLayout<readonly L[], L> {
  const cell = (l: L, c: RoutingColumn<L>) => (l[c] ?? null) as string | null;
  return {
    columns,
    lines: (lines) => lines,
    csvRow: (l) => columns.map((c) => cell(l, c)),
    xmlRoot: (lines) =>
      xmlElement('RoutingResults', {}, [...lines.map((l) => `\n  ${xmlElement('Routing', Object.fromEntries(columns.map((c) => [c, cell(l, c)])) as Record<string, string | null>)}`), '\n']),
    json: (lines) => ({ routing: lines }),
  };
}

/**
 * Formats routing lines as CSV, JSON or XML in the partner's conventions (default: UTF-8 with BOM, comma, UTC);
 * `columns` and `instants` (members holding a time, written in the partner's time zone) default to the house routing file's.
 */
export function formatRoutingFile<L extends RoutingLine = RoutingLine>(
  lines: readonly L[],
  format: ResultFormat,
  conventions: OutputConventions = DEFAULT_OUTPUT_CONVENTIONS,
  columns: readonly RoutingColumn<L>[] = COLUMNS,
  instants: readonly RoutingColumn<L>[] = ['decidedAt'],
): Buffer {
  const local = lines.map((l) => {
    const out: Record<string, unknown> = { ...(l as object) };
    for (const c of instants) if (typeof l[c] === 'string') out[c] = instantIn(l[c] as string, conventions.timeZone);
    return out as unknown as L;
  });
  return encodeOutput(renderFile(local, format, routingLayout(columns), conventions), format, conventions);
}

/**
 * Name of a routing file: the partner's own manifest name and a fingerprint of the routing ids it
 * holds (`orders.csv.routing-3f9a0c1d2e4b.csv`; `label` `transport-routing` for the transport feed's), so it names
 * nothing of another partner's, and a repeat of the same feed page after a crash gives the same name (queued once).
 */
export function routingFileName(manifest: Pick<ManifestRecord, 'originalName'>, routingIds: readonly string[], format: ResultFormat, label = 'routing'): string {
  const id = fingerprint(routingIds);
  const named = derivedFileName(`${manifest.originalName}.${label}-${id}.${format}`);
  return named.ok ? named.name : `${label}-${id}.${format}`;
}

/** The house waybill of a routing item (`referenceNumber`, or `documentNumber` in some feeds) and its type. */
export function houseKey(item: RoutingItemLike): { documentNumber: string; type: string } | undefined {
  const doc = item.transportDocumentHouseLevel;
  const documentNumber = doc?.referenceNumber ?? doc?.documentNumber;
  if (documentNumber === undefined || documentNumber === '') return undefined;
  return { documentNumber, type: doc?.type ?? '' };
}

/** The house notification of ours with an MRN for a waybill (the latest), if any. */
export async function notifiedHouse(deps: Pick<PipelineDeps, 'store'>, key: { documentNumber: string; type: string }): Promise<NotificationRecord | undefined> {
  return (await deps.store.findNotifications({ documentNumber: key.documentNumber }))
    .filter((n) => n.level === 'house-consignment' && n.type === key.type && n.mrn !== null)
    .sort((a, b) => b.updatedAt - a.updatedAt)[0];
}

/** The routing-file cells every feed's line has, from one item (`attention` is the line's last: {@link routingAttention}). */
export function routingCells(item: RoutingItemLike, decision: string): Pick<RoutingLine, 'routing' | 'routingControlLocation' | 'entrySummaryDeclarationMRN' | 'receptacleId' | 'routingId' | 'decidedAt'> {
  return {
    routing: decision,
    routingControlLocation: item.routingResult.routingControlLocation ?? null,
    entrySummaryDeclarationMRN: item.entrySummaryDeclarationMRN === '' ? null : (item.entrySummaryDeclarationMRN ?? null),
    receptacleId: item.receptacleId === '' ? null : (item.receptacleId ?? null),
    routingId: item.routingResult.id,
    decidedAt: item.routingResult.documentIssueDate ?? null,
  };
}

/**
 * Reads the routing feed from the stored marker until it is drained (docs/digitoll.md §10.2). For each
 * page: the houses are matched to our notifications (by waybill + type → MRN → manifest → channel),
 * or else to our presentations (house, ENS, receptacle, container/master: `attributeToPresentation`),
 * one routing file per manifest is queued to its partner's outbox (one line per house, the latest
 * signal wins; named after that manifest and the routing ids it holds, so a repeat after a crash is
 * a no-op), then the results are stored and the marker advanced by
 * compare-and-set in one transaction. Returns the number of routing items read.
 */
export async function followRoutingOnce(deps: PipelineDeps, options: { feed?: 'house-consignment'; maxPages?: number } = {}): Promise<number> {
  const feed = options.feed ?? 'house-consignment';
  let total = 0;
  const manifests = new Map<string, ManifestRecord | undefined>();
  /** Whether the store holds any presentation (read once per call): without, no lookups per item. */
  let hasPresentations: boolean | undefined;
  for (let pageNo = 0; pageNo < (options.maxPages ?? 100); pageNo++) {
    const marker = await deps.store.getRoutingMarker(feed);
    const page = await deps.client.getRoutingPage({ marker, feed });
    if (page.items.length === 0 || page.marker === undefined) return total;
    const inputs: RoutingResultInput[] = [];
    // One routing file per manifest the page's houses belong to (in that partner's channel).
    const byManifest = new Map<string, { manifest: ManifestRecord; lines: RoutingLine[] }>();
    const presentedRows = new Set<string>();
    let newest: number | undefined;
    for (const item of page.items) {
      const key = houseKey(item);
      let mrn: string | null = null;
      let manifest: ManifestRecord | undefined;
      let notified: NotificationRecord | undefined;
      if (key !== undefined) {
        const hit = await notifiedHouse(deps, key);
        if (hit !== undefined) {
          notified = hit;
          mrn = hit.mrn;
          if (!manifests.has(hit.manifestId)) manifests.set(hit.manifestId, await deps.store.getManifest(hit.manifestId));
          manifest = manifests.get(hit.manifestId);
        }
      }
      // Goods we presented: the presenting partner gets the routing too (a terminal acts on it),
      // and goods we presented but did not notify go to it alone.
      hasPresentations ??= (await deps.store.findNotifications({ typePrefix: PRESENTATION_TYPE_PREFIX, limit: 1 })).length > 0;
      const presented = hasPresentations ? await attributeToPresentation(deps, item, key, { wide: manifest === undefined, taken: presentedRows, notified }) : undefined;
      if (presented !== undefined && presented.row.state === 'accepted') presentedRows.add(presented.row.id);
      // Customs routes as it validates: routing may come before our poll read the SUCCESS. Leave the
      // page for the next read (briefly) so the presentation moves presented → routed in order.
      // Bounded by the row's polls too (each poll renews updatedAt): a presentation Customs never
      // validates cannot hold the feed.
      if (presented?.row.state === 'submitted' && presented.row.pollAttempts < 5 && deps.now() - presented.row.updatedAt < ROUTING_WAITS_FOR_PRESENTATION_MS) return total;
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
      const targets = [manifest, presented?.manifest].filter((m, i, all): m is ManifestRecord => m !== undefined && all.findIndex((x) => x?.channel === m.channel) === i);
      if (key !== undefined) for (const target of targets) {
        const group = byManifest.get(target.id) ?? { manifest: target, lines: [] };
        group.lines.push({
          documentNumber: key.documentNumber,
          type: key.type,
          mrn,
          ...routingCells(item, decision),
          manifest: target.originalName,
          presentation: presented?.presentedAs ?? null,
          attention: routingAttention(decision),
        });
        byManifest.set(target.id, group);
      }
    }
    for (const { manifest, lines } of byManifest.values()) {
      const format = deps.channel(manifest.channel)?.settings.resultFormat ?? 'csv';
      await deps.store.enqueueOutbox({
        channel: manifest.channel,
        fileName: routingFileName(manifest, lines.map((l) => l.routingId), format),
        content: formatRoutingFile(latestPerHouse(lines), format, conventionsFor(deps, manifest)),
        kind: 'routing',
        manifestId: manifest.id,
      });
    }
    // presented → routed (the routing file is queued first; a repeat finds the row routed already).
    for (const id of presentedRows) await deps.store.transitionNotification(id, { from: 'accepted', to: 'routed' });
    const recorded = await deps.store.recordRoutingResults(inputs, { feed, expected: marker, next: page.marker });
    if (recorded === undefined) continue; // another instance consumed this page
    total += page.items.length;
    deps.onEvent?.({ type: 'routing-recorded', feed, count: page.items.length, lagMs: newest === undefined ? undefined : deps.now() - newest });
    deps.log.info({ items: page.items.length, channels: [...new Set([...byManifest.values()].map((g) => g.manifest.channel))] }, 'routing results recorded');
  }
  return total;
}
