import { manifestCounts, settledOutcome, type ManifestCounts, type ManifestOutcome, type ManifestRecord, type NotificationRecord, type PlannedNotificationInput } from '../store/job-store.js';
import { drainOutbox } from './drain-outbox.js';
import { failManifest } from './fail-manifest.js';
import type { ParsedManifest } from './lib/manifest-types.js';
import { ChannelReadFailure, ManifestParseFailure } from './lib/stream-failures.js';
import type { ManifestSource } from './parse-manifest-stream.js';
import type { FileProblem } from './plan-manifest.js';
import type { ChannelProfile, PipelineChannel, PipelineDeps } from './ports.js';

/** What happened to a leased manifest in one call of {@link runManifestLifecycle}. */
export type ProcessOutcome = 'archived' | 'failed' | 'waiting' | 'lease-lost' | 'released';

/** Suffix of a cancellation marker: dropping `orders.csv.cancel` cancels what `orders.csv` notified. */
export const CANCEL_SUFFIX = '.cancel';

/** Name of a manifest's result file in the outbox. */
export function resultFileName(manifest: Pick<ManifestRecord, 'id' | 'originalName'>, format: string): string {
  return `${manifest.originalName}.result-${manifest.id.slice(0, 8)}.${format}`;
}

/** A manifest that cannot go on: it is moved to failed/ with an error report. */
export interface PlanFailure {
  readonly code: string;
  readonly text: string;
  readonly problems?: readonly FileProblem[];
}

/** The rows planned for a manifest, stored with the move `claimed` → `parsed`. */
export interface PlannedManifest {
  readonly items: readonly PlannedNotificationInput[];
  /** Logged with "parsed and planned". */
  readonly counts: Readonly<Record<string, number>>;
  /** Stored as the manifest's `result` with the move to `parsed`. */
  readonly result: Record<string, unknown>;
  /** `invalid` of the `manifest-parsed` event; default: the rows stored as `invalid`. */
  readonly invalid?: number;
}

/** A plan produced while the file is read (see {@link ManifestSteps.planStream}). */
export interface StreamedPlan {
  /** The rows to store, produced as the file is read; consumed once by `planNotificationsStream`. */
  readonly items: AsyncIterable<PlannedNotificationInput>;
  /** After `items` ended: what to log and store with the move to `parsed`, or why the file fails. */
  finish(): Promise<Omit<PlannedManifest, 'items' | 'invalid'> | PlanFailure>;
}

/** What one `submitting` round achieved. */
export interface LifecycleRound {
  readonly settled: boolean;
  readonly retryAfterMs: number;
  readonly sent: number;
  /** The steps emitted a `notification-sent` event per request: no round total is emitted. */
  readonly reportedPerRequest?: boolean;
}

/**
 * The target-specific steps of the manifest state machine (Digitoll, Bring, Shipmondo); everything
 * else — lease renewal, claim, reading and parsing the file, the result file via the outbox,
 * archiving, failing with an error report — is {@link runManifestLifecycle}'s.
 */
export interface ManifestSteps<R extends LifecycleRound = LifecycleRound> {
  /** Names the manifest in log messages, e.g. `manifest` or `carrier manifest`. */
  readonly label: string;
  /** Extra fields on the "parsed and planned" and "done" log lines. */
  readonly logFields: Readonly<Record<string, unknown>>;
  /** Most outbox entries written at once after the result file is queued. */
  readonly outboxBatch: number;
  /** Plans a cancellation marker (`*.cancel`); not used when {@link planCancellationStream} is given. */
  planCancellation(manifest: ManifestRecord): Promise<PlannedManifest | PlanFailure>;
  /**
   * Plans a cancellation marker with the rows produced page by page (stored like
   * {@link planStream}'s). Its items must come out the same (same keys at the same positions) when
   * it is run again after an interruption.
   */
  planCancellationStream?(manifest: ManifestRecord): Promise<StreamedPlan | PlanFailure>;
  /** Plans a parsed manifest file (read whole); not used when {@link planStream} is given. */
  plan(parsed: ParsedManifest, manifest: ManifestRecord, settings: ChannelProfile): Promise<PlannedManifest | PlanFailure>;
  /**
   * Plans a manifest file while it is read: the rows are stored in batches as they come
   * (`store.planNotificationsStream`), never all held. When given, used instead of {@link plan}.
   */
  planStream?(source: ManifestSource, manifest: ManifestRecord, settings: ChannelProfile): StreamedPlan;
  /** One round of sending/polling; `settled` when every row is final. */
  advance(manifest: ManifestRecord, lease: { readonly lost: boolean }): Promise<R>;
  /** Called after each round, before waiting or settling. */
  afterRound?(manifest: ManifestRecord, round: R): Promise<void>;
  /** Called once every row is final, before the move to `awaiting-results`. */
  beforeResults?(manifest: ManifestRecord, files: PipelineChannel): Promise<void>;
  /** The result file's content in the channel's result format. */
  renderResult(manifest: ManifestRecord, rows: readonly NotificationRecord[], format: ChannelProfile['resultFormat']): Promise<string | Uint8Array>;
  /**
   * The same, reading the rows itself (page by page, for big manifests). When given, used instead
   * of {@link renderResult}, and the lifecycle does not list the rows.
   */
  renderResultPaged?(manifest: ManifestRecord, format: ChannelProfile['resultFormat']): Promise<string | Uint8Array>;
}

const terminalStates = new Set<string>(['archived', 'failed']);

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isFailure<P extends object>(plan: P | PlanFailure): plan is PlanFailure {
  return 'code' in plan;
}

/**
 * Drives one leased manifest through its state machine as far as it can go now:
 * `claimed` → parse + plan → `parsed` → `submitting` (rounds of {@link ManifestSteps.advance} until
 * every row is settled) → `awaiting-results` (result file queued to the outbox) → `results-written`
 * → file archived → `archived`. A file that cannot be used → `failed/` with an error report. The lease
 * is renewed while working and released (with a retry time) when waiting.
 *
 * Safe to call again at any point after a crash: each step checks the stored state first.
 */
export async function runManifestLifecycle<R extends LifecycleRound>(
  deps: PipelineDeps,
  leased: ManifestRecord,
  steps: ManifestSteps<R>,
): Promise<ProcessOutcome> {
  const { store, log, owner } = deps;
  const channel = deps.channel(leased.channel);
  if (channel === undefined) {
    log.error({ manifestId: leased.id, channel: leased.channel }, `${steps.label} belongs to a channel that is not configured; retrying later`);
    await store.releaseManifestLease(leased.id, owner, deps.now() + 60_000);
    return 'released';
  }
  const lease = { lost: false };
  if (!terminalStates.has(leased.state)) deps.onEvent?.({ type: 'manifest-active', manifestId: leased.id, channel: leased.channel, file: leased.originalName });
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
      const next: ManifestRecord | ProcessOutcome | undefined = await stepOnce(deps, manifest, channel.settings, channel.files, steps, lease);
      if (typeof next === 'string') return next;
      manifest = next;
    }
    return 'lease-lost';
  } catch (error) {
    log.error({ manifestId: leased.id, error: message(error), code: (error as { code?: string }).code }, `${steps.label} step failed; retrying later`);
    await store.releaseManifestLease(leased.id, owner, deps.now() + deps.tuning.retryDelayMs).catch(() => undefined);
    return 'released';
  } finally {
    clearInterval(renew);
  }
}

async function stepOnce<R extends LifecycleRound>(
  deps: PipelineDeps,
  manifest: ManifestRecord,
  settings: ChannelProfile,
  files: PipelineChannel,
  steps: ManifestSteps<R>,
  lease: { readonly lost: boolean },
): Promise<ManifestRecord | ProcessOutcome | undefined> {
  const { store, owner, log } = deps;
  switch (manifest.state) {
    case 'received':
      return 'lease-lost';
    case 'claimed':
      return parseStep(deps, manifest, settings, files, steps);
    case 'parsed':
      return store.transitionManifest(manifest.id, { from: 'parsed', to: 'submitting', owner });
    case 'submitting': {
      const round = await steps.advance(manifest, lease);
      if (round.sent > 0 && round.reportedPerRequest !== true) deps.onEvent?.({ type: 'notifications-sent', manifestId: manifest.id, channel: manifest.channel, count: round.sent });
      await steps.afterRound?.(manifest, round);
      if (!round.settled) {
        const retryAt = deps.now() + round.retryAfterMs;
        await store.releaseManifestLease(manifest.id, owner, retryAt);
        deps.onEvent?.({ type: 'manifest-waiting', manifestId: manifest.id, retryAt });
        return 'waiting';
      }
      await steps.beforeResults?.(manifest, files);
      deps.onEvent?.({ type: 'manifest-settled', manifestId: manifest.id, channel: manifest.channel, receivedAt: manifest.receivedAt, settledAt: deps.now() });
      return store.transitionManifest(manifest.id, { from: 'submitting', to: 'awaiting-results', owner });
    }
    case 'awaiting-results': {
      const content =
        steps.renderResultPaged !== undefined
          ? await steps.renderResultPaged(manifest, settings.resultFormat)
          : await steps.renderResult(manifest, await store.listNotifications(manifest.id), settings.resultFormat);
      await store.enqueueOutbox({
        channel: manifest.channel,
        fileName: resultFileName(manifest, settings.resultFormat),
        content,
        kind: 'result',
        manifestId: manifest.id,
      });
      // Write it now when we can; the outbox worker retries otherwise.
      await drainOutbox(deps, { onlyChannel: files, max: steps.outboxBatch });
      const after = await store.getManifest(manifest.id);
      if (after?.state === 'results-written') return after;
      await store.releaseManifestLease(manifest.id, owner, deps.now() + deps.tuning.retryDelayMs);
      return 'waiting';
    }
    case 'results-written': {
      await files.archive(manifest);
      const counts = manifestCounts(await store.countNotifications(manifest.id));
      const outcome = settledOutcome(counts);
      const archived = await store.transitionManifest(manifest.id, { from: 'results-written', to: 'archived', owner, outcome: { outcome, counts } });
      if (archived === undefined) return 'lease-lost';
      deps.onEvent?.({ type: 'manifest-archived', manifestId: manifest.id, channel: manifest.channel, outcome });
      logOutcome(log, manifest, steps, outcome, counts);
      return 'archived';
    }
    case 'archived':
      return 'archived';
    case 'failed':
      return 'failed';
  }
}

/**
 * The "done" line: `info` when every row was accepted, `warn` when anything was rejected or invalid
 * (an operator must look), with the outcome and the counts in words and fields.
 */
function logOutcome<R extends LifecycleRound>(log: PipelineDeps['log'], manifest: ManifestRecord, steps: ManifestSteps<R>, outcome: ManifestOutcome, counts: ManifestCounts): void {
  const bad = counts.rejected + counts.invalid;
  const words =
    outcome === 'accepted'
      ? `all ${counts.accepted} accepted`
      : outcome === 'rejected'
        ? `rejected: none of ${counts.total} accepted (${counts.rejected} rejected by Customs, ${counts.invalid} invalid)`
        : `accepted with rejections: ${bad} of ${counts.total} rejected or invalid (${counts.rejected} rejected by Customs, ${counts.invalid} invalid)`;
  const fields = { manifestId: manifest.id, channel: manifest.channel, file: manifest.originalName, ...steps.logFields, outcome, counts, summary: manifest.result?.['counts'] };
  if (bad > 0) log.warn(fields, `${steps.label} done, ${words}`);
  else log.info(fields, `${steps.label} done, ${words}`);
}

async function parseStep<R extends LifecycleRound>(
  deps: PipelineDeps,
  manifest: ManifestRecord,
  settings: ChannelProfile,
  files: PipelineChannel,
  steps: ManifestSteps<R>,
): Promise<ManifestRecord | ProcessOutcome | undefined> {
  const { store, owner, log } = deps;
  let plan: PlannedManifest | PlanFailure;
  if (manifest.originalName.endsWith(CANCEL_SUFFIX) && steps.planCancellationStream !== undefined) {
    const cancellation = await steps.planCancellationStream(manifest);
    if (isFailure(cancellation)) return failManifest(deps, manifest, files, cancellation.code, cancellation.text, cancellation.problems);
    return storeStreamedPlan(deps, manifest, settings, files, steps, () => cancellation);
  }
  if (steps.planStream !== undefined && !manifest.originalName.endsWith(CANCEL_SUFFIX)) {
    return streamedParseStep(deps, manifest, settings, files, steps, steps.planStream.bind(steps));
  }
  if (manifest.originalName.endsWith(CANCEL_SUFFIX)) {
    plan = await steps.planCancellation(manifest);
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
    plan = await steps.plan(parsed, manifest, settings);
  }
  if (isFailure(plan)) return failManifest(deps, manifest, files, plan.code, plan.text, plan.problems);
  const stored = await store.planNotifications(manifest.id, owner, plan.items);
  if (stored === undefined) return 'lease-lost';
  deps.onEvent?.({
    type: 'manifest-parsed',
    manifestId: manifest.id,
    channel: manifest.channel,
    notifications: stored.length,
    invalid: plan.invalid ?? stored.filter((n) => n.state === 'invalid').length,
  });
  log.info(
    { manifestId: manifest.id, file: manifest.originalName, ...steps.logFields, notifications: stored.length, ...plan.counts },
    `${steps.label} parsed and planned`,
  );
  return store.transitionManifest(manifest.id, { from: 'claimed', to: 'parsed', owner, result: plan.result });
}

/**
 * The `claimed` step for big files: the file is read as a stream, each record planned as it comes
 * and stored in batches (`planNotificationsStream`); the manifest moves to `parsed` only after every
 * row is stored. A crash or error in between leaves it `claimed` with part of its rows: the next
 * attempt re-reads the file and stores only the missing rows (each exactly once).
 */
async function streamedParseStep<R extends LifecycleRound>(
  deps: PipelineDeps,
  manifest: ManifestRecord,
  settings: ChannelProfile,
  files: PipelineChannel,
  steps: ManifestSteps<R>,
  planStream: NonNullable<ManifestSteps<R>['planStream']>,
): Promise<ManifestRecord | ProcessOutcome | undefined> {
  let source: ManifestSource;
  try {
    // SFTP channels offer no stream: their files are read whole (bounded by the channel's maxFileBytes).
    source = files.openProcessing !== undefined ? { stream: await files.openProcessing(manifest) } : { bytes: await files.readProcessing(manifest) };
  } catch (error) {
    return retryRead(deps, manifest, error);
  }
  try {
    return await storeStreamedPlan(deps, manifest, settings, files, steps, () => planStream(source, manifest, settings));
  } finally {
    // A parser that stopped early (or a failed store) may leave the file open: close it now.
    if ('stream' in source) (source.stream as { destroy?: () => void }).destroy?.();
  }
}

async function retryRead(deps: PipelineDeps, manifest: ManifestRecord, error: unknown): Promise<ProcessOutcome> {
  deps.log.warn({ manifestId: manifest.id, error: message(error) }, 'could not read the claimed file; retrying later');
  await deps.store.releaseManifestLease(manifest.id, deps.owner, deps.now() + deps.tuning.retryDelayMs);
  return 'released';
}

/** Stores a streamed plan in batches, then moves the manifest `claimed` → `parsed` (or fails it). */
async function storeStreamedPlan<R extends LifecycleRound>(
  deps: PipelineDeps,
  manifest: ManifestRecord,
  settings: ChannelProfile,
  files: PipelineChannel,
  steps: ManifestSteps<R>,
  makePlan: () => StreamedPlan,
): Promise<ManifestRecord | ProcessOutcome | undefined> {
  const { store, owner, log } = deps;
  const fail = async (failure: PlanFailure): Promise<ProcessOutcome | ManifestRecord | undefined> => {
    if (!(await store.discardPlannedNotifications(manifest.id, owner, `not sent: the manifest failed (${failure.code})`))) return 'lease-lost';
    return failManifest(deps, manifest, files, failure.code, failure.text, failure.problems);
  };
  let plan: StreamedPlan;
  let stored;
  try {
    try {
      plan = makePlan();
    } catch (error) {
      throw new ManifestParseFailure(error);
    }
    stored = await store.planNotificationsStream(manifest.id, owner, plan.items);
  } catch (error) {
    if (error instanceof ChannelReadFailure) return retryRead(deps, manifest, error);
    if (error instanceof ManifestParseFailure) {
      return fail({ code: error.code, text: `the manifest could not be mapped with profile ${settings.profileName}: ${error.message}` });
    }
    throw error;
  }
  if (stored === undefined) return 'lease-lost';
  const outcome = await plan.finish();
  if (isFailure(outcome)) return fail(outcome);
  deps.onEvent?.({
    type: 'manifest-parsed',
    manifestId: manifest.id,
    channel: manifest.channel,
    notifications: stored.notifications,
    invalid: stored.byState.invalid ?? 0,
  });
  log.info(
    { manifestId: manifest.id, file: manifest.originalName, ...steps.logFields, notifications: stored.notifications, ...outcome.counts },
    `${steps.label} parsed and planned`,
  );
  return store.transitionManifest(manifest.id, { from: 'claimed', to: 'parsed', owner, result: outcome.result });
}
