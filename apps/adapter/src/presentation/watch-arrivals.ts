import { asStoredPayload, buildBody } from '../pipeline/lib/build-body.js';
import type { ChannelProfile, PipelineDeps } from '../pipeline/ports.js';
import { notifiedArrivalOf } from '../pipeline/queue-emergency-packs.js';
import { ArrivalEntryStatusUnreadableError } from '../errors.js';
import type { NotificationRecord } from '../store/job-store.js';
import { ARRIVED_SUFFIX } from './plan-arrival-presentations.js';

/** A channel as the arrival watcher sees it: its settings and a way to drop a trigger into its inbox. */
export interface ArrivalWatchChannel {
  readonly name: string;
  readonly settings: ChannelProfile;
  writeInbox(fileName: string, content: string): Promise<void>;
}

/** Whether a channel has an automatic trigger (`presentOnArrival.trigger` with `arrival-time` or `entry-status`). */
export function watchesArrivals(settings: ChannelProfile): boolean {
  const triggers = settings.presentOnArrival?.trigger ?? [];
  return triggers.includes('arrival-time') || triggers.includes('entry-status');
}

/** Transport rows Customs holds (their MRN is known). */
const HELD = ['accepted', 'routed', 'unchanged'] as const;
/**
 * Customs cancels a transport that has not arrived 72 h after its estimated arrival (docs/digitoll.md
 * §5): its entry status is asked for from 72 h before the notified arrival until 72 h after it.
 */
const ENTRY_WINDOW_MS = 72 * 3_600_000;
/** Manifests per channel looked at in one pass (the newest: a transport's trigger comes after its notifications). */
const RECENT = 1_000;

/**
 * The trigger name of a transport: `<transport MRN>.arrived`, holding the MRN (what an operator's
 * trigger file would hold), so an automatic trigger is processed exactly like a dropped one.
 */
export function triggerNameOf(transportMrn: string): string {
  return `${transportMrn}${ARRIVED_SUFFIX}`;
}

/**
 * One pass of the automatic arrival triggers (config `presentOnArrival.trigger`): for each notified
 * transport of a watching channel that has no trigger yet, writes `<MRN>.arrived` into the channel's
 * inbox when
 *
 * * `arrival-time`: its notified estimated (else scheduled) arrival plus `presentOnArrival.delayMs`
 *   has passed (less than 72 h ago), or
 * * `entry-status`: Customs' entry status for its MRN is there (`…/entry/status/{mrn}` answers: the
 *   transport has arrived, docs/digitoll.md §8.6; 404 = not yet) — asked from 72 h before to 72 h
 *   after the notified arrival (Customs cancels a transport not arrived by then, §5).
 *
 * The file then goes the way of a dropped trigger (`processPresentationManifest`). Durable without
 * state of its own: "has a trigger" is a manifest named `<MRN>.arrived` on the channel in the store
 * (or one this process wrote that is still waiting in the inbox); after a crash at any point the
 * next pass writes it again at most. Its content is fixed, so a second copy is the same file
 * dropped again (`duplicate` for the store: archived, nothing done); and even a trigger processed
 * twice presents nothing twice — each presentation is a store row keyed by what it presents, a
 * repeat is `unchanged` (ALREADY_PRESENTED), never POSTed.
 *
 * An entry status Customs does not answer (other than its 404 "not yet": refused, 5xx, unreachable)
 * does not stop the pass; after it, `ArrivalEntryStatusUnreadableError` names them, so the service's
 * log, `/healthz` (`lastErrors.arrivals`) and `tollkit_errors_total{component="arrivals"}` say so.
 *
 * @returns the names of the triggers written
 */
export async function watchArrivalsOnce(deps: PipelineDeps, channels: readonly ArrivalWatchChannel[], written: Set<string> = new Set()): Promise<string[]> {
  const out: string[] = [];
  const unreadable: { mrn: string; message: string }[] = [];
  for (const c of channels) {
    if (!watchesArrivals(c.settings)) continue;
    const triggers = c.settings.presentOnArrival?.trigger ?? [];
    const manifests = await deps.store.pageManifests({ channel: c.name, limit: RECENT });
    const triggered = new Set(manifests.filter((m) => m.originalName.endsWith(ARRIVED_SUFFIX)).map((m) => m.originalName));
    // Written by this process and now received: the store knows it from here on.
    for (const name of triggered) written.delete(`${c.name}/${name}`);
    for (const m of manifests) {
      if (m.originalName.endsWith(ARRIVED_SUFFIX) || (m.state !== 'results-written' && m.state !== 'archived')) continue;
      const transports = await deps.store.pageNotifications(m.id, { levels: ['transport'], states: HELD, limit: 100 });
      for (const t of transports) {
        if (t.mrn === null || t.operation === 'delete') continue;
        const name = triggerNameOf(t.mrn);
        if (triggered.has(name) || written.has(`${c.name}/${name}`)) continue;
        const reason =
          (triggers.includes('arrival-time') ? arrivalTimeReached(deps, c.settings, t) : undefined) ??
          (triggers.includes('entry-status') && withinEntryWindow(deps, t) ? await entryRegistered(deps, t, unreadable) : undefined);
        if (reason === undefined) continue;
        // Older than the pass's window of manifests: the store is asked by name.
        if ((await deps.store.findManifests({ channel: c.name, originalName: name, limit: 1 })).length > 0) continue;
        // Fixed content: a trigger written twice (a crash between writing it and the store receiving it)
        // is the same file dropped again, a no-op for the store (`duplicate`).
        await c.writeInbox(name, `${t.mrn}\n# written by Tollkit: presentOnArrival.trigger\n`);
        written.add(`${c.name}/${name}`);
        triggered.add(name);
        out.push(name);
        deps.log.info({ channel: c.name, manifestId: m.id, transportMRN: t.mrn, reason }, 'transport arrived: arrival trigger written, its goods will be presented');
      }
    }
  }
  if (unreadable.length > 0) throw new ArrivalEntryStatusUnreadableError(unreadable, out);
  return out;
}

/** The notified arrival (estimated, else scheduled) of a stored transport row. */
function arrivalOf(deps: PipelineDeps, t: NotificationRecord): number | undefined {
  const payload = asStoredPayload(t.payload);
  return payload === undefined ? undefined : notifiedArrivalOf(buildBody('transport', payload, deps.now()), 'estimated');
}

function withinEntryWindow(deps: PipelineDeps, t: NotificationRecord): boolean {
  const arrival = arrivalOf(deps, t);
  return arrival === undefined || Math.abs(deps.now() - arrival) <= ENTRY_WINDOW_MS;
}

function arrivalTimeReached(deps: PipelineDeps, settings: ChannelProfile, t: NotificationRecord): string | undefined {
  const now = deps.now();
  const arrival = arrivalOf(deps, t);
  const delayMs = settings.presentOnArrival?.delayMs ?? 0;
  // Not yet, or so long ago that Customs has cancelled the transport (a channel that opts in later
  // does not present its history).
  if (arrival === undefined || arrival + delayMs > now || now - arrival > ENTRY_WINDOW_MS + delayMs) return undefined;
  return `the notified arrival time ${new Date(arrival).toISOString()}${delayMs > 0 ? ` + ${delayMs} ms` : ''} has passed`;
}

async function entryRegistered(deps: PipelineDeps, t: NotificationRecord, unreadable: { mrn: string; message: string }[]): Promise<string | undefined> {
  try {
    const status = await deps.client.getEntryStatus(t.mode, t.mrn as string);
    return `Customs reports the transport arrived (entry status: time of entry ${status.timeOfEntry ?? 'not given'}, office ${status.customsOfficeOfEntry ?? 'not given'})`;
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'DIGITOLL_NOT_FOUND') {
      unreadable.push({ mrn: t.mrn as string, message: error instanceof Error ? error.message : String(error) });
    }
    return undefined;
  }
}
