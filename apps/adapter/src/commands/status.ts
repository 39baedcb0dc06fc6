import type { JobStore, ManifestRecord, NotificationRecord } from '../store/job-store.js';
import { routingSignals } from './describe-manifest.js';
import { errorText } from '../pipeline/lib/problem-text.js';

/** One notification as `status` shows it. */
export interface NotificationStatus {
  readonly manifest: { readonly id: string; readonly channel: string; readonly file: string; readonly state: string };
  readonly level: string;
  readonly mode: string;
  readonly documentNumber: string;
  readonly type: string;
  readonly operation: string;
  readonly state: string;
  readonly requestId: string | null;
  readonly mrn: string | null;
  readonly errors: readonly string[];
  readonly incompleteReasons: readonly string[];
  readonly lastError: string | null;
  readonly attempts: { readonly submit: number; readonly poll: number; readonly lookup: number };
  readonly updatedAt: string;
  /** Routing signals for this MRN, oldest first (the last one counts). */
  readonly routing: readonly { decision: string; at: string | null; routingControlLocation: string | null }[];
}

/** What `status` found. */
export interface StatusResult {
  readonly query: string;
  readonly kind: 'mrn' | 'waybill' | 'file';
  readonly manifests: readonly {
    readonly id: string;
    readonly channel: string;
    readonly file: string;
    readonly state: string;
    readonly receivedAt: string;
    readonly failure: string | null;
    readonly counts: Readonly<Record<string, number>>;
  }[];
  readonly notifications: readonly NotificationStatus[];
}

const MRN = /^\d{2}[A-Z]{2}[A-Z0-9]{14}$/;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * `tollkit status <waybill|MRN|file>`: what the adapter knows about a waybill (house or master
 * document number; a transport's is `<means id>@<scheduled arrival>`), an MRN, or a manifest file name: states, requestIds,
 * MRNs, Customs' errors, incomplete-documentation reasons and routing. Reads the store only.
 *
 * @example
 * const result = await statusOf(store, 'CMR-2030-0001');
 */
export async function statusOf(store: JobStore, query: string): Promise<StatusResult> {
  const q = query.trim();
  if (q === '') throw new TypeError('status: give a waybill number, an MRN or a manifest file name');
  let kind: StatusResult['kind'];
  let notifications: NotificationRecord[];
  let manifests: ManifestRecord[] = [];
  if (MRN.test(q)) {
    kind = 'mrn';
    notifications = await store.findNotifications({ mrn: q });
  } else {
    notifications = await store.findNotifications({ documentNumber: q });
    manifests = await store.findManifests({ originalName: q });
    kind = notifications.length === 0 && manifests.length > 0 ? 'file' : 'waybill';
    for (const m of manifests) if (notifications.length === 0 || kind === 'file') notifications.push(...(await store.listNotifications(m.id)));
  }
  const manifestById = new Map<string, ManifestRecord | undefined>(manifests.map((m) => [m.id, m]));
  for (const n of notifications) if (!manifestById.has(n.manifestId)) manifestById.set(n.manifestId, await store.getManifest(n.manifestId));
  const out: NotificationStatus[] = [];
  for (const n of notifications) {
    const m = manifestById.get(n.manifestId);
    out.push({
      manifest: { id: n.manifestId, channel: m?.channel ?? '?', file: m?.originalName ?? '?', state: m?.state ?? '?' },
      level: n.level,
      mode: n.mode,
      documentNumber: n.documentNumber,
      type: n.type,
      operation: n.operation,
      state: n.state,
      requestId: n.requestId,
      mrn: n.mrn,
      errors: n.errors.map(errorText),
      incompleteReasons: n.incompleteReasons,
      lastError: n.lastError,
      attempts: { submit: n.submitAttempts, poll: n.pollAttempts, lookup: n.lookupAttempts },
      updatedAt: iso(n.updatedAt),
      routing: n.mrn === null ? [] : routingSignals(await store.listRoutingResults(n.mrn)),
    });
  }
  const manifestList = [];
  for (const m of manifestById.values()) {
    if (m === undefined) continue;
    const counts: Record<string, number> = {};
    for (const n of await store.listNotifications(m.id)) counts[n.state] = (counts[n.state] ?? 0) + 1;
    manifestList.push({
      id: m.id,
      channel: m.channel,
      file: m.originalName,
      state: m.state,
      receivedAt: iso(m.receivedAt),
      failure: m.failure === null ? null : `${m.failure.code}: ${m.failure.message}`,
      counts,
    });
  }
  return { query: q, kind, manifests: manifestList, notifications: out };
}

/** Human-readable text of a status result. */
export function formatStatus(result: StatusResult): string {
  if (result.notifications.length === 0 && result.manifests.length === 0) return `nothing known about ${result.query}`;
  const lines: string[] = [];
  for (const m of result.manifests) {
    lines.push(`manifest ${m.file} on ${m.channel}: ${m.state} (received ${m.receivedAt}) ${Object.entries(m.counts).map(([k, v]) => `${k}=${v}`).join(' ')}${m.failure === null ? '' : ` — ${m.failure}`}`);
  }
  for (const n of result.notifications) {
    const routing = n.routing.at(-1);
    lines.push(
      `${n.level} ${n.documentNumber} (${n.type}, ${n.mode}) ${n.operation}: ${n.state}${n.mrn === null ? '' : ` MRN ${n.mrn}`}${n.requestId === null ? '' : ` requestId ${n.requestId}`}` +
        `${routing === undefined ? '' : ` routing ${routing.decision}${routing.routingControlLocation === null ? '' : `/${routing.routingControlLocation}`}`} [${n.manifest.file}]`,
    );
    for (const e of n.errors) lines.push(`    error: ${e}`);
    if (n.incompleteReasons.length > 0) lines.push(`    incomplete: ${n.incompleteReasons.join(', ')}`);
    if (n.lastError !== null && n.state !== 'accepted' && n.state !== 'routed') lines.push(`    last problem: ${n.lastError}`);
  }
  return lines.join('\n');
}
