import type { ManifestRecord, NotificationRecord, PlannedNotificationInput } from '../store/job-store.js';
import { advanceNotifications } from './advance-notifications.js';
import { drainOutbox } from './drain-outbox.js';
import { collectManifestResult, formatManifestResult } from './build-result-file.js';
import { planManifest, type FileProblem } from './plan-manifest.js';
import type { ChannelProfile, PipelineChannel, PipelineDeps } from './ports.js';

/** What happened to a leased manifest in one call of {@link processManifest}. */
export type ProcessOutcome = 'archived' | 'failed' | 'waiting' | 'lease-lost' | 'released';

/** Suffix of a cancellation marker: dropping `orders.csv.cancel` cancels what `orders.csv` notified. */
export const CANCEL_SUFFIX = '.cancel';

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Name of a manifest's result file in the outbox. */
export function resultFileName(manifest: Pick<ManifestRecord, 'id' | 'originalName'>, format: string): string {
  return `${manifest.originalName}.result-${manifest.id.slice(0, 8)}.${format}`;
}

/** Name of a failed manifest's error report (beside it in failed/, and in the outbox). */
export function errorReportName(manifest: Pick<ManifestRecord, 'id' | 'originalName'>): string {
  return `${manifest.originalName}.error-${manifest.id.slice(0, 8)}.txt`;
}

/**
 * Drives one leased manifest through its state machine as far as it can go now:
 * `claimed` → parse + local validation → `parsed` → `submitting` (submit all, wait, poll all; repeated
 * until every notification is settled) → `awaiting-results` (result file queued to the outbox) →
 * `results-written` → file archived → `archived`. A file that cannot be read at all → `failed/` with an
 * error report. The lease is renewed while working and released (with a retry time) when waiting.
 *
 * Safe to call again at any point after a crash: each step checks the stored state first.
 */
export async function processManifest(deps: PipelineDeps, leased: ManifestRecord): Promise<ProcessOutcome> {
  const { store, log, owner } = deps;
  const channel = deps.channel(leased.channel);
  if (channel === undefined) {
    log.error({ manifestId: leased.id, channel: leased.channel }, 'manifest belongs to a channel that is not configured; retrying later');
    await store.releaseManifestLease(leased.id, owner, deps.now() + 60_000);
    return 'released';
  }
  const lease = { lost: false };
  const renew = setInterval(() => {
    store.renewManifestLease(leased.id, owner, deps.tuning.leaseMs).then(
      (ok) => {
        if (!ok) lease.lost = true;
      },
      () => undefined,
    );
  }, Math.max(1_000, Math.floor(deps.tuning.leaseMs / 3)));
  try {
    let manifest: ManifestRecord | undefined = leased;
    for (let step = 0; step < 100 && manifest !== undefined; step++) {
      if (lease.lost) return 'lease-lost';
      const next = await stepOnce(deps, manifest, channel.settings, channel.files, lease);
      if (typeof next === 'string') return next;
      manifest = next;
    }
    return 'lease-lost';
  } catch (error) {
    log.error({ manifestId: leased.id, error: message(error), code: (error as { code?: string }).code }, 'manifest step failed; retrying later');
    await store.releaseManifestLease(leased.id, owner, deps.now() + deps.tuning.retryDelayMs).catch(() => undefined);
    return 'released';
  } finally {
    clearInterval(renew);
  }
}

async function stepOnce(
  deps: PipelineDeps,
  manifest: ManifestRecord,
  settings: ChannelProfile,
  files: PipelineChannel,
  lease: { readonly lost: boolean },
): Promise<ManifestRecord | ProcessOutcome | undefined> {
  const { store, owner, log } = deps;
  switch (manifest.state) {
    case 'received':
    case 'claimed': {
      if (manifest.state === 'received') return 'lease-lost';
      return parseStep(deps, manifest, settings, files);
    }
    case 'parsed':
      return store.transitionManifest(manifest.id, { from: 'parsed', to: 'submitting', owner });
    case 'submitting': {
      const round = await advanceNotifications(deps, manifest, lease);
      if (round.sent > 0) deps.onEvent?.({ type: 'notifications-sent', manifestId: manifest.id, count: round.sent });
      if (round.sent > 0 || round.polled > 0) {
        // Progress of long manifests: counts per state after each round.
        const counts: Record<string, number> = {};
        for (const n of await store.listNotifications(manifest.id)) counts[n.state] = (counts[n.state] ?? 0) + 1;
        log.info({ manifestId: manifest.id, file: manifest.originalName, sent: round.sent, polled: round.polled, ...counts }, 'manifest progress');
      }
      if (!round.settled) {
        await store.releaseManifestLease(manifest.id, owner, deps.now() + round.retryAfterMs);
        return 'waiting';
      }
      deps.onEvent?.({ type: 'manifest-settled', manifestId: manifest.id, channel: manifest.channel, receivedAt: manifest.receivedAt, settledAt: deps.now() });
      return store.transitionManifest(manifest.id, { from: 'submitting', to: 'awaiting-results', owner });
    }
    case 'awaiting-results': {
      const notifications = await store.listNotifications(manifest.id);
      const previousMrns = await resolvePreviousMrns(deps, notifications);
      const fileProblems = ((manifest.result?.['fileProblems'] as FileProblem[] | undefined) ?? []).slice();
      const result = collectManifestResult(manifest, notifications, fileProblems, {
        now: deps.now(),
        resolveMrn: (n) => previousMrns.get(n.id) ?? null,
      });
      await store.enqueueOutbox({
        channel: manifest.channel,
        fileName: resultFileName(manifest, settings.resultFormat),
        content: formatManifestResult(result, settings.resultFormat),
        kind: 'result',
        manifestId: manifest.id,
      });
      // Write it now when we can; the outbox worker retries otherwise.
      await drainOutbox(deps, { onlyChannel: files, max: 50 });
      const after = await store.getManifest(manifest.id);
      if (after?.state === 'results-written') return after;
      await store.releaseManifestLease(manifest.id, owner, deps.now() + deps.tuning.retryDelayMs);
      return 'waiting';
    }
    case 'results-written': {
      await files.archive(manifest);
      const archived = await store.transitionManifest(manifest.id, { from: 'results-written', to: 'archived', owner });
      if (archived === undefined) return 'lease-lost';
      deps.onEvent?.({ type: 'manifest-archived', manifestId: manifest.id, channel: manifest.channel });
      log.info({ manifestId: manifest.id, channel: manifest.channel, file: manifest.originalName, summary: manifest.result?.['counts'] }, 'manifest done');
      return 'archived';
    }
    case 'archived':
      return 'archived';
    case 'failed':
      return 'failed';
  }
}

async function resolvePreviousMrns(deps: PipelineDeps, notifications: readonly NotificationRecord[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const n of notifications) {
    if (n.mrn !== null || n.previousNotificationId === null) continue;
    let id: string | null = n.previousNotificationId;
    for (let depth = 0; id !== null && depth < 50; depth++) {
      const previous = await deps.store.getNotification(id);
      if (previous === undefined) break;
      if (previous.mrn !== null) {
        out.set(n.id, previous.mrn);
        break;
      }
      id = previous.previousNotificationId;
    }
  }
  return out;
}

async function parseStep(
  deps: PipelineDeps,
  manifest: ManifestRecord,
  settings: ChannelProfile,
  files: PipelineChannel,
): Promise<ManifestRecord | ProcessOutcome | undefined> {
  const { store, owner, log } = deps;
  let items: PlannedNotificationInput[];
  let fileProblems: FileProblem[] = [];
  let counts: Record<string, number>;
  if (manifest.originalName.endsWith(CANCEL_SUFFIX)) {
    const planned = await planCancellation(deps, manifest);
    if (typeof planned === 'string') return failManifest(deps, manifest, files, 'CANCEL_TARGET_UNKNOWN', planned);
    items = planned;
    counts = { records: items.length, invalid: 0 };
  } else {
    let bytes: Buffer;
    try {
      bytes = await files.readProcessing(manifest);
    } catch (error) {
      log.warn({ manifestId: manifest.id, error: message(error) }, 'could not read the claimed file; retrying later');
      await store.releaseManifestLease(manifest.id, owner, deps.now() + deps.tuning.retryDelayMs);
      return 'released';
    }
    let parsed;
    try {
      parsed = await deps.parse(bytes, manifest.originalName, settings);
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'MANIFEST_UNREADABLE';
      return failManifest(deps, manifest, files, code, `the manifest could not be mapped with profile ${settings.profileName}: ${message(error)}`);
    }
    const plan = await planManifest(parsed, { now: deps.now() });
    if (plan.fatal !== undefined) {
      return failManifest(deps, manifest, files, 'MANIFEST_UNREADABLE', plan.fatal, plan.fileProblems);
    }
    items = plan.items;
    fileProblems = plan.fileProblems;
    counts = { ...plan.counts };
  }
  const stored = await store.planNotifications(manifest.id, owner, items);
  if (stored === undefined) return 'lease-lost';
  deps.onEvent?.({
    type: 'manifest-parsed',
    manifestId: manifest.id,
    channel: manifest.channel,
    notifications: stored.length,
    invalid: stored.filter((n) => n.state === 'invalid').length,
  });
  log.info({ manifestId: manifest.id, file: manifest.originalName, notifications: stored.length, ...counts }, 'manifest parsed and planned');
  return store.transitionManifest(manifest.id, { from: 'claimed', to: 'parsed', owner, result: { fileProblems, counts } });
}

async function planCancellation(deps: PipelineDeps, marker: ManifestRecord): Promise<PlannedNotificationInput[] | string> {
  const target = marker.originalName.slice(0, -CANCEL_SUFFIX.length);
  const candidates = (await deps.store.findManifests({ channel: marker.channel, originalName: target })).filter((m) => m.state !== 'failed');
  candidates.sort((a, b) => b.receivedAt - a.receivedAt);
  const latest = candidates[0];
  if (latest === undefined) return `cancellation marker ${marker.originalName}: no manifest named ${target} was processed on channel ${marker.channel}`;
  const notifications = await deps.store.listNotifications(latest.id);
  const live = notifications.filter((n) => n.state !== 'invalid' && n.state !== 'rejected' && n.operation !== 'delete');
  // Houses first, then masters, then transports: children go before what they hang on.
  const order = { 'house-consignment': 0, 'master-consignment': 1, transport: 2 } as const;
  live.sort((a, b) => order[a.level] - order[b.level] || a.position - b.position);
  return live.map((n, i) => ({
    level: n.level,
    mode: n.mode,
    documentNumber: n.documentNumber,
    type: n.type,
    ...(n.carrier !== null ? { carrier: n.carrier } : {}),
    position: i + 1,
    payloadHash: 'cancel',
    payload: null,
    cancel: true,
  }));
}

/** Moves the file to failed/ with a report beside it, queues the report to the outbox, and marks the manifest failed. */
export async function failManifest(
  deps: PipelineDeps,
  manifest: ManifestRecord,
  files: PipelineChannel,
  code: string,
  text: string,
  problems: readonly FileProblem[] = [],
): Promise<ProcessOutcome> {
  const report = [
    `Manifest: ${manifest.originalName}`,
    `Channel: ${manifest.channel}`,
    `Received: ${new Date(manifest.receivedAt).toISOString()}`,
    `Content: ${manifest.contentHash} (${manifest.size} bytes)`,
    `Result: FAILED (${code}) — nothing from this file was sent to Customs.`,
    `Reason: ${text}`,
    ...(problems.length > 0 ? ['', 'Problems:', ...problems.map((p) => `  ${p.line === null ? '' : `line ${p.line}: `}${p.message}`)] : []),
    '',
  ].join('\n');
  const name = errorReportName(manifest);
  await files.fail(manifest, report);
  await deps.store.enqueueOutbox({ channel: manifest.channel, fileName: name, content: report, kind: 'error-report', manifestId: manifest.id });
  const failed = await deps.store.transitionManifest(manifest.id, {
    from: manifest.state,
    to: 'failed',
    owner: deps.owner,
    failure: { code, message: text },
  });
  if (failed === undefined) return 'lease-lost';
  deps.onEvent?.({ type: 'manifest-failed', manifestId: manifest.id, channel: manifest.channel, code });
  deps.log.warn({ manifestId: manifest.id, file: manifest.originalName, code, reason: text }, 'manifest failed; moved to failed/ with an error report');
  await drainOutbox(deps, { onlyChannel: files, max: 50 });
  return 'failed';
}
