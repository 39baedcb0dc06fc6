import { DEFAULT_EMERGENCY_CONTACTS } from '../emergency/emergency-pack.js';
import { packStem, packsFromNotifications, renderEmergencyFiles } from '../emergency/make-emergency-packs.js';
import type { EmergencyPack } from '../emergency/emergency-pack.js';
import type { JobStore, ManifestRecord, NotificationRecord, OutboxRecord } from '../store/job-store.js';
import { notificationStates, settledNotificationStates } from '../store/states.js';
import { emergencyPackLines, type ResultLine } from './build-result-file.js';
import { VALIDATION_PENDING } from './advance-notifications.js';
import { drainOutbox } from './drain-outbox.js';
import { asStoredPayload, buildBody } from './lib/build-body.js';
import type { PipelineDeps } from './ports.js';

/** Default margin before a transport's notified arrival (config `emergency.marginMs`). */
export const DEFAULT_EMERGENCY_MARGIN_MS = 2 * 3_600_000;

const OPEN = notificationStates.filter((s) => !settledNotificationStates.includes(s));

/** The emergency pack files already queued for a manifest (any state: queued once, never again). */
export async function emergencyOutboxOf(deps: Pick<PipelineDeps, 'store'>, manifestId: string): Promise<OutboxRecord[]> {
  return (await deps.store.listOutboxOf(manifestId)).filter((o) => o.kind === 'emergency');
}

async function levelRows(deps: Pick<PipelineDeps, 'store'>, manifestId: string, level: NotificationRecord['level']): Promise<NotificationRecord[]> {
  const out: NotificationRecord[] = [];
  let after: { position: number; id: string } | undefined;
  for (;;) {
    const page = await deps.store.pageNotifications(manifestId, { levels: [level], limit: 1_000, ...(after !== undefined ? { after } : {}) });
    out.push(...page);
    const last = page[page.length - 1];
    if (page.length < 1_000 || last === undefined) return out;
    after = { position: last.position, id: last.id };
  }
}

/**
 * Customs cannot be reached or keeps failing for this row: its last request or poll failed (`lastError`), or Customs
 * has not finished validating it for longer than `validationGiveUpMs`. A poll that merely found the validation
 * unfinished is not a failure (it happens in most rounds).
 */
function customsFailing(deps: PipelineDeps, t: NotificationRecord, now: number): boolean {
  if (t.lastError === null) return false;
  return t.lastError !== VALIDATION_PENDING || now - t.createdAt > deps.tuning.validationGiveUpMs;
}

/**
 * A transport body's notified arrival (epoch ms): the `first` of scheduled / estimated that is
 * given, else the other (the emergency routine goes by the schedule, auto-presentation by the estimate).
 */
export function notifiedArrivalOf(body: unknown, first: 'scheduled' | 'estimated' = 'scheduled'): number | undefined {
  const t = body as { scheduledDateAndTimeOfArrival?: unknown; estimatedDateAndTimeOfArrival?: unknown } | null;
  const [a, b] = first === 'scheduled' ? [t?.scheduledDateAndTimeOfArrival, t?.estimatedDateAndTimeOfArrival] : [t?.estimatedDateAndTimeOfArrival, t?.scheduledDateAndTimeOfArrival];
  const text = typeof a === 'string' ? a : b;
  const at = typeof text === 'string' ? Date.parse(text) : Number.NaN;
  return Number.isNaN(at) ? undefined : at;
}

/**
 * Customs' emergency routine in the running service (Norwegian Customs, `api/mo/nodrutiner-digitoll-EN.html`; see
 * `docs/emergency-sample/README.md`): after a round that left the manifest unsettled, a transport that Customs has not
 * accepted and whose last request failed (Customs unreachable or failing: the row carries `lastError`), and whose
 * notified arrival is within `tuning.emergency.marginMs` of now (or past), gets its emergency pack queued to the
 * partner's outbox (kind `emergency`) — PDF + text for road, `.eml` + text for air, rail and sea. Queued once per
 * transport: the file names are fixed by the transport (mode, means of transport, arrival) and the outbox keeps one
 * file per name, and a manifest whose pack is already queued is not rendered again. Normal submission goes on
 * meanwhile; once Customs accepts the transport, the result file marks the pack superseded.
 *
 * @returns how many transports got a pack in this call
 */
export async function queueEmergencyPacks(deps: PipelineDeps, manifest: ManifestRecord): Promise<number> {
  const marginMs = deps.tuning.emergency?.marginMs ?? DEFAULT_EMERGENCY_MARGIN_MS;
  const email = deps.tuning.emergency?.email ?? DEFAULT_EMERGENCY_CONTACTS.email;
  const transports = (await levelRows(deps, manifest.id, 'transport')).filter((t) => t.operation !== 'delete');
  const now = deps.now();
  const due = transports.filter((t) => {
    if (!OPEN.includes(t.state) || !customsFailing(deps, t, now)) return false;
    const payload = asStoredPayload(t.payload);
    if (payload === undefined) return false;
    const arrival = notifiedArrivalOf(buildBody('transport', payload, now));
    return arrival !== undefined && arrival - now <= marginMs;
  });
  if (due.length === 0) return 0;
  const queued = new Set((await emergencyOutboxOf(deps, manifest.id)).map((o) => o.fileName));
  let made = 0;
  for (const t of due) {
    const pack = await storedEmergencyPack(deps.store, t, now, email);
    // Already queued (every later round while Customs is down): nothing rendered again.
    if (pack === undefined || queued.has(`${packStem(pack)}.txt`)) continue;
    const files = await renderEmergencyFiles(pack);
    for (const [fileName, content] of files) {
      await deps.store.enqueueOutbox({ channel: manifest.channel, fileName, content, kind: 'emergency', manifestId: manifest.id });
      queued.add(fileName);
    }
    made++;
    deps.log.error(
      { manifestId: manifest.id, channel: manifest.channel, transportNotificationId: t.id, transport: t.documentNumber, mode: t.mode, files: files.map(([name]) => name), lastError: t.lastError },
      `Customs cannot be reached for a transport arriving within ${Math.round(marginMs / 60_000)} min: emergency pack queued to the outbox (${pack.channel === 'desk' ? 'report at the customs clearance desk' : `e-mail ${email}`}); submission goes on`,
    );
    deps.onEvent?.({ type: 'emergency-pack-queued', manifestId: manifest.id, channel: manifest.channel, transportNotificationId: t.id, packChannel: pack.channel });
  }
  const channel = deps.channel(manifest.channel)?.files;
  if (made > 0 && channel !== undefined) await drainOutbox(deps, { onlyChannel: channel, max: 10 });
  return made;
}

/**
 * The emergency pack of a stored transport row: its body and the bodies of the manifest's houses (those whose master
 * it lists when the manifest has several transports), as they would be sent now. Used by the service and by
 * `tollkit emergency <transport id|MRN>`.
 */
export async function storedEmergencyPack(store: JobStore, t: NotificationRecord, now: number, email: string): Promise<EmergencyPack | undefined> {
  const payload = asStoredPayload(t.payload);
  if (t.level !== 'transport' || payload === undefined) return undefined;
  const transports = (await levelRows({ store }, t.manifestId, 'transport')).filter((o) => o.operation !== 'delete');
  const houses = (await levelRows({ store }, t.manifestId, 'house-consignment'))
    .filter((h) => h.operation !== 'delete')
    .flatMap((h) => {
      const p = asStoredPayload(h.payload);
      return p === undefined ? [] : [{ level: 'house-consignment', body: buildBody('house-consignment', p, now) }];
    });
  const others = transports.filter((o) => o.id !== t.id).flatMap((o) => {
    const p = asStoredPayload(o.payload);
    return p === undefined ? [] : [{ level: 'transport', body: buildBody('transport', p, now) }];
  });
  // The first transport is this one: its pack comes first.
  const [pack] = packsFromNotifications(t.mode, [{ level: 'transport', body: buildBody('transport', payload, now) }, ...others, ...houses], now, { email });
  return pack === undefined ? undefined : { ...pack, transportMrn: t.mrn ?? undefined };
}

const HELD: ReadonlySet<string> = new Set(['accepted', 'routed', 'unchanged']);

/**
 * The result-file lines of a manifest's emergency pack files (also shown by the console): `superseded` once Customs
 * holds every transport of the manifest, else `in-force`.
 */
export async function emergencyLines(store: JobStore, manifestId: string): Promise<ResultLine[]> {
  const files = await emergencyOutboxOf({ store }, manifestId);
  if (files.length === 0) return [];
  const transports = await store.pageNotifications(manifestId, { levels: ['transport'], limit: 1_000 });
  return emergencyPackLines(files.map((f) => f.fileName), transports.every((t) => t.operation === 'delete' || HELD.has(t.state)));
}
