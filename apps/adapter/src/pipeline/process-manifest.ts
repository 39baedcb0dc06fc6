import { emergencyLines, queueEmergencyPacks } from './queue-emergency-packs.js';
import type { ManifestRecord, NotificationRecord, PlannedNotificationInput } from '../store/job-store.js';
import { notificationStates } from '../store/states.js';
import { advanceNotifications, type AdvanceResult } from './advance-notifications.js';
import { collectManifestResult, formatManifestResult, renderManifestResultPages } from './build-result-file.js';
import { conventionsFor } from './lib/output-conventions.js';
import { parseManifestStream } from './parse-manifest-stream.js';
import { planManifest, type FileProblem } from './plan-manifest.js';
import { planManifestStream } from './plan-manifest-stream.js';
import { planSupersededTransports } from './plan-superseded-transports.js';
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
    async planCancellationStream(marker) {
      const target = await cancellationTarget(deps, marker);
      if (typeof target === 'string') return { code: 'CANCEL_TARGET_UNKNOWN', text: target };
      const targetId = target.id;
      let records = 0;
      async function* items(): AsyncGenerator<PlannedNotificationInput> {
        for await (const n of cancellableRows(deps, targetId)) {
          records++;
          yield n;
        }
      }
      return {
        items: items(),
        async finish() {
          const counts = { records, invalid: 0 };
          return { counts, result: { fileProblems: [], counts } };
        },
      };
    },
    async planCancellation(marker) {
      const planned = await planCancellation(deps, marker);
      if (typeof planned === 'string') return { code: 'CANCEL_TARGET_UNKNOWN', text: planned };
      return { items: planned, counts: { records: planned.length, invalid: 0 }, result: { fileProblems: [], counts: { records: planned.length, invalid: 0 } } };
    },
    async plan(parsed) {
      const plan = await planManifest(parsed, { now: deps.now() });
      if (plan.fatal !== undefined) return { code: 'MANIFEST_UNREADABLE', text: plan.fatal, problems: plan.fileProblems };
      const counts = { ...plan.counts };
      return { items: plan.items, counts, result: { fileProblems: plan.fileProblems, counts, source: plan.source } };
    },
    planStream(source, manifest, settings) {
      const plan = planManifestStream(parseManifestStream(source, manifest.originalName, settings), {
        now: deps.now(),
        after: (transports, nextPosition) => planSupersededTransports(store, manifest, transports, nextPosition),
      });
      return {
        items: plan.items,
        async finish() {
          const { fatal, fileProblems, counts, source } = await plan.outcome();
          if (fatal !== undefined) return { code: 'MANIFEST_UNREADABLE', text: fatal, problems: fileProblems };
          return { counts: { ...counts }, result: { fileProblems, counts: { ...counts }, source } };
        },
      };
    },
    advance: (manifest, lease) => advanceNotifications(deps, manifest, lease),
    async afterRound(manifest, round) {
      if (round.sent > 0 || round.polled > 0) {
        // Progress of long manifests: counts per state after each round.
        const counts = await store.countNotifications(manifest.id);
        log.info({ manifestId: manifest.id, file: manifest.originalName, sent: round.sent, polled: round.polled, ...counts }, 'manifest progress');
      }
      // Customs unreachable or failing close to a transport's arrival: its emergency pack goes to the outbox.
      if (!round.settled) await queueEmergencyPacks(deps, manifest);
    },
    async renderResultPaged(manifest, format) {
      const fileProblems = ((manifest.result?.['fileProblems'] as FileProblem[] | undefined) ?? []).slice();
      const options = { now: deps.now(), resolveMrns: (page: readonly NotificationRecord[]) => resolvePreviousMrns(deps, page), extraLines: await emergencyLines(deps.store, manifest.id) };
      return renderManifestResultPages(manifest, allPages(deps, manifest.id), fileProblems, options, format, conventionsFor(deps, manifest));
    },
    async renderResult(manifest, notifications, format) {
      const previousMrns = await resolvePreviousMrns(deps, notifications);
      const fileProblems = ((manifest.result?.['fileProblems'] as FileProblem[] | undefined) ?? []).slice();
      const result = collectManifestResult(manifest, notifications, fileProblems, {
        now: deps.now(),
        resolveMrn: (n) => previousMrns.get(n.id) ?? null,
        extraLines: await emergencyLines(deps.store, manifest.id),
      });
      return formatManifestResult(result, format, conventionsFor(deps, manifest));
    },
  };
}

/** Every row of a manifest, a page at a time. */
async function* allPages(deps: PipelineDeps, manifestId: string): AsyncGenerator<NotificationRecord[]> {
  const limit = 1_000;
  let after: { position: number; id: string } | undefined;
  for (;;) {
    const page = await deps.store.pageNotifications(manifestId, { limit, ...(after !== undefined ? { after } : {}) });
    if (page.length > 0) yield page;
    const last = page[page.length - 1];
    if (page.length < limit || last === undefined) return;
    after = { position: last.position, id: last.id };
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

/** The manifest a cancellation marker cancels: the latest not-failed one with the marker's name. */
async function cancellationTarget(deps: PipelineDeps, marker: ManifestRecord): Promise<ManifestRecord | string> {
  const target = marker.originalName.slice(0, -CANCEL_SUFFIX.length);
  const candidates = (await deps.store.findManifests({ channel: marker.channel, originalName: target })).filter((m) => m.state !== 'failed');
  candidates.sort((a, b) => b.receivedAt - a.receivedAt);
  return candidates[0] ?? `cancellation marker ${marker.originalName}: no manifest named ${target} was processed on channel ${marker.channel}`;
}

const ALL_BUT_INVALID = notificationStates.filter((s) => s !== 'invalid');

/**
 * The DELETEs of a cancellation, read page by page: houses first, then masters, then transports
 * (children go before what they hang on), each in position order. Positions count every row that
 * was ever sendable (not `invalid`, not itself a delete): that set never changes, so a repeat after
 * an interruption gives each key the same position. Rows Customs rejected are skipped.
 */
async function* cancellableRows(deps: PipelineDeps, manifestId: string): AsyncGenerator<PlannedNotificationInput> {
  let position = 0;
  for (const level of ['house-consignment', 'master-consignment', 'transport'] as const) {
    let after: { position: number; id: string } | undefined;
    for (;;) {
      const page = await deps.store.pageNotifications(manifestId, { levels: [level], states: ALL_BUT_INVALID, limit: 1_000, ...(after !== undefined ? { after } : {}) });
      for (const n of page) {
        if (n.operation === 'delete') continue;
        position++;
        if (n.state === 'rejected') continue;
        yield {
          level: n.level,
          mode: n.mode,
          documentNumber: n.documentNumber,
          type: n.type,
          ...(n.carrier !== null ? { carrier: n.carrier } : {}),
          position,
          payloadHash: 'cancel',
          payload: null,
          cancel: true,
        };
      }
      const last = page[page.length - 1];
      if (page.length < 1_000 || last === undefined) break;
      after = { position: last.position, id: last.id };
    }
  }
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
