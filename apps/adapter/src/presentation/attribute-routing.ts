import { asStoredPayload } from '../pipeline/lib/build-body.js';
import type { PipelineDeps, RoutingItemLike } from '../pipeline/ports.js';
import type { ManifestRecord, NotificationRecord } from '../store/job-store.js';
import { PRESENTATION_TYPE_PREFIX, parsePresentationType, presentationType } from './plan-presentation-manifest.js';

/** A routing item traced to the presentation that connected us to the house. */
export interface PresentationMatch {
  readonly row: NotificationRecord;
  readonly manifest: ManifestRecord;
  /** e.g. `receptacle GBASFZMLBKONAUN30001001019999`, `house-consignment HC002 N740`. */
  readonly presentedAs: string;
}

/**
 * Presentations that may have reached Customs: routing for them can be in the feed before our poll
 * has seen the SUCCESS (Customs routes as it validates), so a sent row counts, not only `accepted`.
 */
type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

const PRESENTED = ['submitting', 'submitted', 'outcome-unknown', 'accepted', 'routed'] as const;

function newest(rows: readonly NotificationRecord[]): NotificationRecord | undefined {
  return [...rows].sort((a, b) => b.updatedAt - a.updatedAt)[0];
}

/**
 * Which of our presentations a routing item belongs to (docs/digitoll.md §10: presenting a receptacle,
 * master or ENS presents every house in it, and routing comes per house). In order:
 * the house itself (waybill + type), its ENS (presented through the ENS or the master endpoint),
 * its receptacle, and — for a house we notified (`notified`) — its master waybill and containers as
 * notified. Routing items name no container or master waybill, so an item matching none of
 * these (with `wide`, for items that match none of our notifications either) goes to a presented
 * container or master — the oldest still waiting for routing, the line naming every candidate — only
 * when every such presentation belongs to one channel, so a routing signal never reaches another
 * partner's outbox; otherwise it is logged and left out. `undefined` when the item is not ours to write.
 */
export async function attributeToPresentation(
  deps: PipelineDeps,
  item: RoutingItemLike,
  house: { documentNumber: string; type: string } | undefined,
  options: { readonly wide: boolean; readonly taken?: ReadonlySet<string>; readonly notified?: NotificationRecord | undefined } = { wide: true },
): Promise<PresentationMatch | undefined> {
  const presented = async (documentNumber: string, types: readonly string[]) =>
    newest((await deps.store.findNotifications({ documentNumber, states: PRESENTED })).filter((n) => types.includes(n.type)));
  const candidates: (() => Promise<NotificationRecord | undefined>)[] = [];
  if (house !== undefined) candidates.push(() => presented(house.documentNumber, [presentationType('house-consignment', house.type), presentationType('house-consignment', '')]));
  const ens = item.entrySummaryDeclarationMRN ?? '';
  if (ens !== '') candidates.push(() => presented(ens, [presentationType('entry-summary-declaration', ''), presentationType('master-consignment', '')]));
  const receptacle = item.receptacleId ?? '';
  if (receptacle !== '') candidates.push(() => presented(receptacle, [presentationType('receptacle', '')]));
  // A house we notified names its master waybill and containers: presentations of those cover it.
  const draft = obj(obj(asStoredPayload(options.notified?.payload)?.draft)['consignmentHouseLevel']);
  const master = obj(obj(draft['consignmentMasterLevel'])['transportDocumentMasterLevel']);
  const masterNumber = str(master['documentNumber']);
  if (masterNumber !== undefined) candidates.push(() => presented(masterNumber, [presentationType('master-consignment', str(master['type']) ?? '')]));
  for (const equipment of Array.isArray(draft['transportEquipment']) ? draft['transportEquipment'] : []) {
    const container = str(obj(equipment)['containerIdentificationNumber']);
    if (container !== undefined) candidates.push(() => presented(container, [presentationType('container', '')]));
  }
  for (const find of candidates) {
    const row = await find();
    if (row !== undefined) return matchOf(deps, row);
  }
  if (!options.wide) return undefined;
  const wide = [
    ...(await deps.store.findNotifications({ typePrefix: `${PRESENTATION_TYPE_PREFIX}container`, states: PRESENTED })),
    ...(await deps.store.findNotifications({ typePrefix: `${PRESENTATION_TYPE_PREFIX}master-consignment/`, states: PRESENTED })),
  ];
  if (wide.length === 0) return undefined;
  const manifests = new Map<string, ManifestRecord | undefined>();
  for (const id of new Set(wide.map((n) => n.manifestId))) manifests.set(id, await deps.store.getManifest(id));
  const channels = new Set([...manifests.values()].map((m) => m?.channel));
  if (channels.size !== 1) {
    deps.log.warn({ routingId: item.routingResult.id, channels: [...channels] }, 'routing item matches no house, ENS or receptacle presented; container/master presentations of several partners are open, so it is not written to any of them');
    return undefined;
  }
  // Which of several containers/masters held the house is not in the item: the oldest one still
  // waiting for routing (not `taken` by an earlier item of the page) takes it, so each moves to
  // routed, and the line names them all.
  const waiting = wide.filter((n) => n.state !== 'routed' && options.taken?.has(n.id) !== true).sort((a, b) => a.createdAt - b.createdAt || a.position - b.position);
  const row = waiting[0] ?? (newest(wide) as NotificationRecord);
  const match = await matchOf(deps, row, manifests);
  if (match === undefined || wide.length === 1) return match;
  const kinds = [...new Set(wide.map((n) => parsePresentationType(n.type)?.kind ?? n.type))].join(' or ');
  return { ...match, presentedAs: `${kinds}: one of ${[...new Set(wide.map((n) => n.documentNumber))].sort().join(' ')}` };
}

async function matchOf(deps: PipelineDeps, row: NotificationRecord, known?: ReadonlyMap<string, ManifestRecord | undefined>): Promise<PresentationMatch | undefined> {
  const manifest = known?.get(row.manifestId) ?? (await deps.store.getManifest(row.manifestId));
  if (manifest === undefined) return undefined;
  const type = parsePresentationType(row.type);
  return { row, manifest, presentedAs: [type?.kind ?? row.type, row.documentNumber, type?.documentType ?? ''].filter((s) => s !== '').join(' ') };
}
