import type { ManifestRecord, NotificationRecord, PlannedNotificationInput } from '../store/job-store.js';
import { advanceNotifications, type AdvanceResult } from './advance-notifications.js';
import { collectManifestResult, formatManifestResult } from './build-result-file.js';
import { planManifest, type FileProblem } from './plan-manifest.js';
import type { PipelineDeps } from './ports.js';
import { CANCEL_SUFFIX, runManifestLifecycle, type ManifestSteps, type ProcessOutcome } from './run-manifest-lifecycle.js';

export { errorReportName, failManifest } from './fail-manifest.js';
export { CANCEL_SUFFIX, resultFileName, type ProcessOutcome } from './run-manifest-lifecycle.js';

/**
 * Drives one leased manifest of a Digitoll channel through the manifest state machine
 * ({@link runManifestLifecycle}): `claimed` → parse + local validation → `parsed` → `submitting`
 * (submit all, wait, poll all; repeated until every notification is settled) → `awaiting-results`
 * (result file queued to the outbox) → `results-written` → file archived → `archived`. A file that
 * cannot be read at all → `failed/` with an error report; `*.cancel` markers cancel what the named
 * manifest notified.
 *
 * Safe to call again at any point after a crash: each step checks the stored state first.
 */
export async function processManifest(deps: PipelineDeps, leased: ManifestRecord): Promise<ProcessOutcome> {
  return runManifestLifecycle(deps, leased, digitollSteps(deps));
}

function digitollSteps(deps: PipelineDeps): ManifestSteps<AdvanceResult> {
  const { store, log } = deps;
  return {
    label: 'manifest',
    logFields: {},
    outboxBatch: 50,
    async planCancellation(marker) {
      const planned = await planCancellation(deps, marker);
      if (typeof planned === 'string') return { code: 'CANCEL_TARGET_UNKNOWN', text: planned };
      return { items: planned, counts: { records: planned.length, invalid: 0 }, result: { fileProblems: [], counts: { records: planned.length, invalid: 0 } } };
    },
    async plan(parsed) {
      const plan = await planManifest(parsed, { now: deps.now() });
      if (plan.fatal !== undefined) return { code: 'MANIFEST_UNREADABLE', text: plan.fatal, problems: plan.fileProblems };
      const counts = { ...plan.counts };
      return { items: plan.items, counts, result: { fileProblems: plan.fileProblems, counts } };
    },
    advance: (manifest, lease) => advanceNotifications(deps, manifest, lease),
    async afterRound(manifest, round) {
      if (round.sent > 0 || round.polled > 0) {
        // Progress of long manifests: counts per state after each round.
        const counts: Record<string, number> = {};
        for (const n of await store.listNotifications(manifest.id)) counts[n.state] = (counts[n.state] ?? 0) + 1;
        log.info({ manifestId: manifest.id, file: manifest.originalName, sent: round.sent, polled: round.polled, ...counts }, 'manifest progress');
      }
    },
    async renderResult(manifest, notifications, format) {
      const previousMrns = await resolvePreviousMrns(deps, notifications);
      const fileProblems = ((manifest.result?.['fileProblems'] as FileProblem[] | undefined) ?? []).slice();
      const result = collectManifestResult(manifest, notifications, fileProblems, {
        now: deps.now(),
        resolveMrn: (n) => previousMrns.get(n.id) ?? null,
      });
      return formatManifestResult(result, format);
    },
  };
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
