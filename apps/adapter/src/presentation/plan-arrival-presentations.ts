import type { PresentationRecord } from '@tollkit/manifest';
import { asStoredPayload } from '../pipeline/lib/build-body.js';
import type { PipelineDeps, PresentationKindLike } from '../pipeline/ports.js';
import type { ManifestRecord, NotificationRecord } from '../store/job-store.js';
import { itemOf, type PresentationPlan } from './plan-presentation-manifest.js';

/** Suffix of an arrival trigger: `<anything>.arrived` naming transports (means id, flight number or MRN) or manifests, one per line. */
export const ARRIVED_SUFFIX = '.arrived';

const SENT = ['accepted', 'routed'] as const;

type Draft = Record<string, unknown>;
const obj = (v: unknown): Draft => (typeof v === 'object' && v !== null ? (v as Draft) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The transport's means of transport as notified (e.g. the flight number in `conveyanceReferenceNumber`). */
function meansOf(t: NotificationRecord): Draft {
  return obj(obj(asStoredPayload(t.payload)?.draft)['activeBorderTransportMeans']);
}

/**
 * The manifests an arrival trigger names, newest version of each: a line is a manifest file name of
 * the channel, a transport MRN, a transport's means id (`activeBorderTransportMeans.identificationNumber`,
 * the part of the stored transport document number before `@`) or its conveyance reference (a flight number).
 */
async function namedManifests(deps: PipelineDeps, marker: ManifestRecord, names: readonly string[]): Promise<{ manifests: ManifestRecord[]; unknown: string[] }> {
  const recent = (await deps.store.findManifests({ channel: marker.channel, states: ['archived', 'results-written', 'awaiting-results', 'submitting'], limit: 1_000 }))
    .filter((m) => m.id !== marker.id)
    .sort((a, b) => b.receivedAt - a.receivedAt);
  const found = new Map<string, ManifestRecord>();
  const unknown: string[] = [];
  for (const name of names) {
    const byName = recent.find((m) => m.originalName === name);
    if (byName !== undefined) {
      found.set(byName.id, byName);
      continue;
    }
    let hit: ManifestRecord | undefined;
    for (const m of recent) {
      const transports = await deps.store.pageNotifications(m.id, { levels: ['transport'], states: SENT, limit: 100 });
      if (transports.some((t) => t.mrn === name || t.documentNumber.split('@')[0] === name || meansOf(t).conveyanceReferenceNumber === name)) {
        hit = m;
        break;
      }
    }
    if (hit === undefined) unknown.push(name);
    else found.set(hit.id, hit);
  }
  return { manifests: [...found.values()], unknown };
}

/**
 * Plans the presentations an arrival trigger asks for (channel option `presentOnArrival`): what the
 * named transports' notifications announced, at the level docs/digitoll.md §10 documents per kind of goods —
 * postal items (houses linked by receptacle) by **receptacle**, every other house individually by
 * **house consignment** (ICS2 air and sea; the ENS MRN is not in MO data, so the ENS level is not
 * chosen). Office: the option's `office`, else the transport's office of first entry. The
 * transport MRN is sent when the manifest notified the transport.
 */
export async function planArrivalPresentations(deps: PipelineDeps, marker: ManifestRecord, content: string, options: { readonly office?: string | undefined }): Promise<PresentationPlan> {
  const names = content.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  const fail = (fatal: string): PresentationPlan => ({ items: [], fatal, fatalCode: 'PRESENTATION_TRIGGER_UNRESOLVED', fileProblems: [], counts: { presentations: 0, invalid: 0 } });
  if (names.length === 0) return fail(`${marker.originalName} names no transport or manifest (one means id, transport MRN or manifest file name per line)`);
  const { manifests, unknown } = await namedManifests(deps, marker, names);
  if (unknown.length > 0) return fail(`${marker.originalName}: no notified transport or manifest ${unknown.map((u) => JSON.stringify(u)).join(', ')} on channel ${marker.channel}`);
  const records: PresentationRecord[] = [];
  let mode: NotificationRecord['mode'] | undefined;
  for (const m of manifests) {
    const rows = await deps.store.listNotifications(m.id);
    const transport = rows.find((n) => n.level === 'transport' && n.operation !== 'delete' && n.mrn !== null);
    const office = options.office ?? str(obj(obj(asStoredPayload(transport?.payload)?.draft)['customsOfficeOfFirstEntry'])['referenceNumber']);
    if (office === undefined) return fail(`${m.originalName}: no customs office of presentation (the manifest has no transport with an office of first entry); set presentOnArrival.office for channel ${marker.channel}`);
    const common = { customsOfficeOfPresentation: office, ...(transport?.mrn ? { transportMRN: transport.mrn } : {}) };
    const receptacles = new Set<string>();
    for (const n of rows) {
      if (n.level !== 'house-consignment' || n.operation === 'delete' || !(SENT as readonly string[]).includes(n.state) && n.state !== 'unchanged') continue;
      mode ??= n.mode;
      const receptacle = str(obj(obj(asStoredPayload(n.payload)?.draft)['consignmentHouseLevel'])['receptacleIdentificationNumber']);
      if (receptacle !== undefined) {
        if (receptacles.has(receptacle)) continue;
        receptacles.add(receptacle);
        records.push(record('receptacle', receptacle, '', { ...common, receptacleId: receptacle }, records.length + 1));
      } else {
        records.push(record('house-consignment', n.documentNumber, n.type, { ...common, consignmentHouseLevel: { transportDocumentHouseLevel: { documentNumber: n.documentNumber, type: n.type } } }, records.length + 1));
      }
    }
  }
  if (records.length === 0) return fail(`${marker.originalName}: the named notifications have no accepted house consignments to present`);
  // A house two named manifests both announced is presented once.
  const seen = new Set<string>();
  const unique = records.filter((r) => {
    const key = `${r.kind}|${r.reference}|${r.documentType}`;
    return !seen.has(key) && seen.add(key) !== undefined;
  });
  const items = unique.map((r, i) => itemOf({ ...r, line: i + 1 }, i + 1, mode ?? 'air'));
  return { items, fatal: undefined, fileProblems: [], counts: { presentations: items.length, invalid: 0 } };
}

function record(kind: PresentationKindLike, reference: string, documentType: string, body: Record<string, unknown>, line: number): PresentationRecord {
  return { ok: true, kind, reference, documentType, body, problems: [], line };
}
