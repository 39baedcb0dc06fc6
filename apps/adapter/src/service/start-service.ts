import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Channel } from '../intake/channel.js';
import { drainOutbox } from '../pipeline/drain-outbox.js';
import { followRoutingOnce } from '../pipeline/follow-routing.js';
import { followTransportRoutingOnce, TRANSPORT_FEED_REFUSED_RETRY_MS } from '../pipeline/follow-transport-routing.js';
import { parseManifestFile } from '../pipeline/parse-manifest-file.js';
import { requestSlots } from '../pipeline/lib/request-slots.js';
import {
  defaultTuning,
  type ChannelProfile,
  type DigitollPort,
  type PipelineDeps,
  type PipelineEvent,
  type PipelineLog,
  type PipelineTuning,
} from '../pipeline/ports.js';
import { processAnyManifest } from '../carrier/process-any-manifest.js';
import { watchArrivalsOnce, watchesArrivals, type ArrivalWatchChannel } from '../presentation/watch-arrivals.js';
import type { JobStore } from '../store/job-store.js';
import { channelFiles, type LocalProcessingFolder } from './lib/channel-files.js';
import { startOpsServer, type OpsServer } from './lib/http-server.js';
import { ServiceStatus } from './lib/service-status.js';
import { createConsole } from '../console/create-console.js';
import { OperatorAuth, type ConsoleOperator } from '../console/lib/operator-auth.js';
import type { AdapterConfig } from '../config/load-config.js';
import { ArrivalEntryStatusUnreadableError, ServiceHttpUnavailableError } from '../errors.js';
import { ChannelRunner, type ChannelStatus } from './lib/channel-runner.js';
import type { IntakeContext } from './lib/intake-worker.js';
import { createAdapterMetrics, type AdapterMetrics } from './lib/metrics.js';
import { startProgressLog } from './lib/progress-log.js';
import { releaseLeasesOfStoppedInstances } from './lib/stopped-instances.js';
import { WakeSignal } from './lib/wake-signal.js';

/** One configured channel: where files come from and how they are mapped and answered. */
export interface ServiceChannel {
  readonly channel: Channel;
  readonly profile: ChannelProfile;
  /** For a local folder channel: where its claimed files lie (big manifests are then streamed). */
  readonly local?: LocalProcessingFolder | undefined;
  /** For a remote (SFTP) channel: a local folder claimed files are copied to, then streamed from. */
  readonly spool?: string | undefined;
}

/** Options of {@link startService}. The caller owns (and closes) the store and the client. */
export interface ServiceOptions {
  readonly store: JobStore;
  readonly client: DigitollPort;
  readonly channels: readonly ServiceChannel[];
  readonly log: PipelineLog;
  /** `/healthz` + `/metrics` (and the console); omit to run without an HTTP server. */
  readonly http?: { readonly host: string; readonly port: number } | undefined;
  /**
   * The operator console on the ops server (`GET /` and below); omit for none. Without operators it
   * is read-only; replay, resubmit and original-file downloads need the loaded `config`.
   */
  readonly console?:
    | { readonly operators: readonly ConsoleOperator[]; readonly refreshMs?: number | undefined; readonly config?: AdapterConfig | undefined }
    | undefined;
  readonly tuning?: Partial<PipelineTuning> | undefined;
  /** Manifests worked on at once by this instance. Default 2. */
  readonly workers?: number | undefined;
  /**
   * Follow the routing feed in the background. Default: every 30 s. `transportFeed`: also follow Customs'
   * transport-level feed (config `digitoll.transportRouting`, for an organisation Customs gave that service).
   */
  readonly routing?: { readonly enabled: boolean; readonly intervalMs: number; readonly transportFeed?: boolean | undefined } | undefined;
  /** How often pending outbox files are retried. Default 5 s. */
  readonly outboxIntervalMs?: number | undefined;
  /** Longest wait of an idle worker before it looks for work again. Default 1 s. */
  readonly idlePollMs?: number | undefined;
  /** Lease owner id; default `<hostname>:<pid>:<random>`. */
  readonly owner?: string | undefined;
  readonly now?: (() => number) | undefined;
  /** How long `close()` waits for work in progress. Default 10 s. */
  readonly shutdownGraceMs?: number | undefined;
  /** Interval of the progress line of each manifest in progress (sent/accepted/rejected/pending, ETA). Default 10 s. */
  readonly progressIntervalMs?: number | undefined;
  /** When `/healthz` turns 503 (see {@link HealthThresholds}). */
  readonly health?: Partial<HealthThresholds> | undefined;
}

/** When `/healthz` answers 503. */
export interface HealthThresholds {
  /** A channel down (failed start or failed passes) for longer than this. Default 60 s. */
  readonly channelDownMs: number;
  /** A file sitting unrecorded in a channel's `processing/` for longer than this. Default 60 s. */
  readonly unrecordedMs: number;
  /** No successful routing-feed pass for this long (routing enabled). Default 3 × the interval, at least 5 min. */
  readonly routingLagMs: number;
  /** The store must answer the health check within this. Default 2 s. */
  readonly storeCheckMs: number;
}

/** How long `close()` gives channels to stop (a hung SFTP server never holds a shutdown longer). */
const CHANNEL_STOP_MS = 5_000;

/** A running adapter service. */
export interface RunningService {
  readonly owner: string;
  /** Base URL of the ops server, when started. */
  readonly httpUrl: string | undefined;
  readonly metrics: AdapterMetrics;
  /** Where every channel stands (also in `/healthz`). */
  channels(): ChannelStatus[];
  /** What `/healthz` answers: `ok` false (503) with the reasons when something needs an operator. */
  health(): Promise<{ ok: boolean; body: Record<string, unknown> }>;
  /** Stops taking files, lets work in progress finish (up to the grace time), stops the HTTP server. */
  close(): Promise<void>;
}

/** The transport feed in `/healthz`: a refusal is said there (not a 503: restarting does not help; the house feed goes on). */
function transportFeedHealth(feed: ServiceStatus['transportFeed']): Record<string, unknown> {
  return {
    state: feed.state,
    ...(feed.lastReadAt === undefined ? {} : { lastReadAt: new Date(feed.lastReadAt).toISOString() }),
    ...(feed.refused === undefined
      ? {}
      : { since: new Date(feed.refused.since).toISOString(), error: feed.refused.message, nextAttemptAt: new Date(feed.refused.retryAt).toISOString() }),
  };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Starts the adapter's long-running work: one intake per channel (watch + poll, claim, record),
 * `workers` pipeline loops (lease a manifest, drive it through its state machine), the routing
 * follower and the outbox writer, plus `/healthz` and `/metrics`. All state lives in the store, so
 * a killed service resumes where it stopped, and several instances can share a PostgreSQL store.
 *
 * @example
 * const service = await startService({ store, client, channels, log, http: { host: '127.0.0.1', port: 9464 } });
 * process.once('SIGTERM', () => void service.close());
 */
export async function startService(options: ServiceOptions): Promise<RunningService> {
  const now = options.now ?? Date.now;
  const owner = options.owner ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  // One manifest may use all of the instance's request slots unless told otherwise.
  const slotCount = options.tuning?.requestsInFlight ?? defaultTuning.requestsInFlight;
  const tuning: PipelineTuning = { ...defaultTuning, submitConcurrency: slotCount, pollConcurrency: slotCount, ...options.tuning };
  const metrics = createAdapterMetrics();
  // How long the event loop was ever blocked (a synchronous store, a big plan, a GC pause): /metrics.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  const log = options.log;
  const wake = new WakeSignal();
  const stopWake = new WakeSignal();
  const byName = new Map(options.channels.map((c) => [c.channel.name, { settings: c.profile, files: channelFiles(c.channel, c.local, c.spool) }]));
  let stopping = false;
  // Checked before sleeping: a stop that came while a loop was busy (e.g. mid routing pass) must not
  // be missed, or the loop sleeps its whole interval and shutdown waits out its grace time.
  const sleepUnlessStopping = (ms: number): Promise<void> => (stopping ? Promise.resolve() : stopWake.wait(ms));
  const status = new ServiceStatus(owner, options.channels.map((c) => c.channel.name), now);
  const lastErrors = status.lastErrors;

  const progress = startProgressLog({ store: options.store, log, owner, now, intervalMs: options.progressIntervalMs ?? 10_000 });

  const onEvent = (event: PipelineEvent): void => {
    switch (event.type) {
      case 'notifications-sent':
        metrics.notificationsSent.inc({ channel: event.channel }, event.count);
        status.sent(event.count);
        break;
      case 'notification-sent':
        metrics.notificationsSent.inc({ channel: event.channel });
        status.sent(1);
        break;
      case 'notification-settled':
        metrics.notificationsSettled.inc({ channel: event.channel, state: event.state });
        break;
      case 'manifest-active':
        progress.track(event.manifestId, event.channel, event.file);
        break;
      case 'manifest-waiting': {
        // Wake a worker when the manifest is due again, rather than at the next idle poll.
        const timer = setTimeout(() => wake.notify(), Math.max(0, event.retryAt - now()));
        timer.unref();
        break;
      }
      case 'manifest-settled':
        metrics.timeToMrn.observe((event.settledAt - event.receivedAt) / 1000);
        break;
      case 'manifest-archived':
        metrics.manifestsArchived.inc({ channel: event.channel });
        metrics.manifestsCompleted.inc({ channel: event.channel, outcome: event.outcome ?? 'accepted' });
        progress.forget(event.manifestId);
        break;
      case 'manifest-failed':
        metrics.manifestsFailed.inc({ channel: event.channel, code: event.code });
        metrics.manifestsCompleted.inc({ channel: event.channel, outcome: 'failed' });
        progress.forget(event.manifestId);
        break;
      case 'emergency-pack-queued':
        metrics.emergencyPacks.inc({ channel: event.channel, routine: event.packChannel });
        break;
      case 'routing-recorded':
        if (event.feed === 'transport') {
          metrics.transportRoutingItems.inc({}, event.count);
          status.transportFeedRead();
          break;
        }
        metrics.routingItems.inc({}, event.count);
        if (event.lagMs !== undefined) metrics.routingLag.set({}, Math.max(0, event.lagMs) / 1000);
        status.routingRead(event.lagMs);
        break;
      default:
        break;
    }
  };

  const deps: PipelineDeps = {
    store: options.store,
    // Every Digitoll call is seen by the status (Customs reachability on the console).
    client: status.watch(options.client),
    channel: (name) => byName.get(name),
    log,
    now,
    owner,
    tuning,
    // One set of request slots for every worker: a manifest busy planning or writing its result
    // leaves its share to the others, and the instance never exceeds tuning.requestsInFlight.
    requestSlots: requestSlots(tuning.requestsInFlight),
    parse: parseManifestFile,
    onEvent,
  };

  const routing = options.routing ?? { enabled: true, intervalMs: 30_000 };
  const health: HealthThresholds = {
    channelDownMs: 60_000,
    unrecordedMs: 60_000,
    routingLagMs: Math.max(300_000, 3 * routing.intervalMs),
    storeCheckMs: 2_000,
    ...options.health,
  };
  let storeError: { message: string; since: number } | undefined;
  const storeFailed = (error: unknown): void => {
    if (storeError === undefined) {
      log.error({ error: message(error), code: (error as { code?: string } | null)?.code }, 'the store does not answer: no file is claimed until it does; /healthz answers 503');
    }
    storeError ??= { message: message(error), since: now() };
    storeError.message = message(error);
    metrics.storeUp.set({}, 0);
  };
  const storeAnswered = (): void => {
    if (storeError !== undefined) log.info({ downForMs: now() - storeError.since }, 'the store answers again');
    storeError = undefined;
    metrics.storeUp.set({}, 1);
  };

  // All-or-nothing start-up: the store must answer and the ops port must be ours before any file is
  // claimed; otherwise this throws and nothing was started.
  await options.store.ping();
  storeAnswered();
  let ops: OpsServer | undefined;
  let service: RunningService | undefined;
  if (options.http !== undefined) {
    try {
      ops = await startOpsServer(options.http.host, options.http.port, {
        health: async () => service?.health() ?? { ok: false, body: { status: 'starting', reasons: ['starting'], owner } },
        metrics: async () => {
          try {
            const depths = await withDeadline(options.store.queueDepths(), health.storeCheckMs);
            for (const [state, count] of Object.entries(depths.manifests)) metrics.manifests.set({ state }, count);
            for (const [state, count] of Object.entries(depths.notifications)) metrics.notifications.set({ state }, count);
            metrics.outboxPending.set({}, depths.outboxPending);
          } catch (error) {
            storeFailed(error);
          }
          metrics.up.set({}, stopping ? 0 : 1);
          metrics.eventLoopDelayMax.set({}, loopDelay.max / 1e9);
          return metrics.registry.render();
        },
        console:
          options.console === undefined
            ? undefined
            : createConsole({
                store: options.store,
                status: () => status.view(),
                auth: new OperatorAuth(options.console.operators),
                config: options.console.config,
                log,
                refreshMs: options.console.refreshMs,
                now,
              }),
      });
    } catch (error) {
      throw new ServiceHttpUnavailableError(`${options.http.host}:${options.http.port}`, { cause: error });
    }
  }

  // Channels run isolated: each starts in the background (a failed start marks it down and is
  // retried with backoff) and has its own serialised intake.
  const runners: ChannelRunner[] = options.channels.map(
    ({ channel }) =>
      new ChannelRunner(
        { store: options.store, channel, log, metrics, now, onReceived: () => wake.notify() } satisfies IntakeContext,
        {
          onStoreError: storeFailed,
          onStoreOk: storeAnswered,
          // The console's view of each channel: last successful scan, last error.
          onScanned: (name) => {
            lastErrors.delete(`intake:${name}`);
            status.scanned(name);
          },
          onChannelError: (name, reason) => {
            lastErrors.set(`intake:${name}`, reason);
            status.channelError(name, reason);
          },
        },
      ),
  );
  for (const runner of runners) runner.start();

  // A restart after a crash on this host: take up the dead instance's work now, not after its leases expire.
  try {
    await releaseLeasesOfStoppedInstances(options.store, owner, log);
  } catch (error) {
    log.warn({ error: message(error) }, 'could not check for leases of stopped instances; they will expire on their own');
  }
  let lastRoutingOk = now();

  const idlePollMs = options.idlePollMs ?? 1_000;
  const loops: Promise<void>[] = [];
  for (let i = 0; i < (options.workers ?? 3); i++) {
    loops.push(
      (async () => {
        while (!stopping) {
          try {
            const manifest = await options.store.leaseNextManifest({ owner, leaseMs: tuning.leaseMs });
            if (manifest === undefined) {
              await wake.wait(idlePollMs);
              continue;
            }
            // Digitoll, or the channel's carrier target (Bring / Shipmondo): see src/carrier/.
            const outcome = await processAnyManifest(deps, manifest);
            if (outcome === 'archived' || outcome === 'failed') wake.notify();
          } catch (error) {
            metrics.errors.inc({ component: 'pipeline' });
            lastErrors.set('pipeline', message(error));
            log.error({ error: message(error) }, 'pipeline worker error');
            await wake.wait(idlePollMs);
          }
        }
      })(),
    );
  }

  // The transport-level feed: read before the house feed (an item both carry is stored once, attributed to our
  // transport). Refused (403: not entitled) → said once, asked again only after TRANSPORT_FEED_REFUSED_RETRY_MS.
  const transportFeed = routing.enabled && routing.transportFeed === true;
  if (transportFeed) {
    metrics.routingFeedRefused.set({ feed: 'transport' }, 0);
    status.followTransportFeed();
  }
  let transportFeedRetryAt = 0;
  const followTransportFeed = async (): Promise<void> => {
    if (now() < transportFeedRetryAt) return;
    try {
      await followTransportRoutingOnce(deps);
      if (status.transportFeed.state === 'not-entitled') log.info({ feed: 'transport' }, 'the transport-level routing feed answers again');
      status.transportFeedRead();
      metrics.routingFeedRefused.set({ feed: 'transport' }, 0);
      lastErrors.delete('routing:transport');
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'DIGITOLL_FORBIDDEN') {
        metrics.errors.inc({ component: 'routing' });
        lastErrors.set('routing:transport', message(error));
        log.warn({ feed: 'transport', error: message(error) }, 'reading the transport routing feed failed; retrying');
        return;
      }
      transportFeedRetryAt = now() + TRANSPORT_FEED_REFUSED_RETRY_MS;
      const said = status.transportFeed.state === 'not-entitled';
      status.transportFeedRefused(message(error), transportFeedRetryAt);
      metrics.routingFeedRefused.set({ feed: 'transport' }, 1);
      lastErrors.set('routing:transport', `not entitled (403): ${message(error)}`);
      if (!said) {
        log.error(
          { feed: 'transport', code: 'DIGITOLL_FORBIDDEN', error: message(error), retryInMs: TRANSPORT_FEED_REFUSED_RETRY_MS },
          'Customs refused the transport-level routing feed (403): this organisation is not entitled to it in this Customs environment. Ask Customs for the service or set digitoll.transportRouting: false; the house feed goes on, the transport feed is asked again in an hour',
        );
      }
    }
  };

  if (routing.enabled) {
    loops.push(
      (async () => {
        while (!stopping) {
          if (transportFeed) await followTransportFeed();
          try {
            await followRoutingOnce(deps);
            await drainOutbox(deps, { max: 100 });
            lastErrors.delete('routing');
            lastRoutingOk = now();
          } catch (error) {
            metrics.errors.inc({ component: 'routing' });
            lastErrors.set('routing', message(error));
            log.warn({ error: message(error) }, 'reading the routing feed failed; retrying');
          }
          await sleepUnlessStopping(routing.intervalMs);
        }
      })(),
    );
  }

  // Automatic arrival triggers (presentOnArrival.trigger arrival-time / entry-status), at the routing interval.
  const watching: ArrivalWatchChannel[] = options.channels
    .filter((c) => watchesArrivals(c.profile))
    .map((c) => ({ name: c.channel.name, settings: c.profile, writeInbox: (name, content) => c.channel.writeInbox(name, content) }));
  if (watching.length > 0) {
    const written = new Set<string>();
    loops.push(
      (async () => {
        while (!stopping) {
          try {
            if ((await watchArrivalsOnce(deps, watching, written)).length > 0) wake.notify();
            lastErrors.delete('arrivals');
          } catch (error) {
            if (error instanceof ArrivalEntryStatusUnreadableError && error.written.length > 0) wake.notify();
            metrics.errors.inc({ component: 'arrivals' });
            lastErrors.set('arrivals', message(error));
            log.warn({ error: message(error) }, 'watching for arrived transports failed; retrying');
          }
          await sleepUnlessStopping(routing.intervalMs);
        }
      })(),
    );
  }

  const outboxIntervalMs = options.outboxIntervalMs ?? 5_000;
  loops.push(
    (async () => {
      while (!stopping) {
        await sleepUnlessStopping(outboxIntervalMs);
        if (stopping) break;
        try {
          await drainOutbox(deps, { max: 200 });
        } catch (error) {
          metrics.errors.inc({ component: 'outbox' });
          log.warn({ error: message(error) }, 'outbox pass failed');
        }
      }
    })(),
  );

  log.info({ owner, channels: options.channels.map((c) => c.channel.name), workers: options.workers ?? 3, http: ops?.url }, 'adapter service started');

  const running: RunningService = {
    owner,
    httpUrl: ops?.url,
    metrics,
    channels: () => runners.map((r) => r.status()),
    async health() {
      const at = now();
      const reasons: string[] = [];
      if (stopping) reasons.push('stopping');
      try {
        await withDeadline(options.store.ping(), health.storeCheckMs);
        storeAnswered();
      } catch (error) {
        storeFailed(error);
      }
      if (storeError !== undefined) reasons.push(`store unreachable: ${storeError.message}`);
      const channels = runners.map((r) => r.status());
      for (const c of channels) {
        if (c.state !== 'up' && c.state !== 'stopped' && at - c.since > health.channelDownMs) {
          reasons.push(`channel ${c.name} ${c.state} for ${Math.round((at - c.since) / 1000)} s${c.reason === undefined ? '' : `: ${c.reason}`}`);
        }
        if (c.unrecordedSince !== undefined && at - c.unrecordedSince > health.unrecordedMs) {
          reasons.push(`channel ${c.name}: ${c.unrecorded} file(s) in processing/ unrecorded for ${Math.round((at - c.unrecordedSince) / 1000)} s`);
        }
      }
      if (routing.enabled && at - lastRoutingOk > health.routingLagMs) {
        reasons.push(`routing feed not read for ${Math.round((at - lastRoutingOk) / 1000)} s${lastErrors.has('routing') ? `: ${lastErrors.get('routing')}` : ''}`);
      }
      let outboxPending: number | undefined;
      if (storeError === undefined) {
        try {
          // Not queueDepths(): that counts every notification, and on a store holding millions of
          // rows (SQLite answers on this thread) each probe blocked the event loop for as long.
          outboxPending = await withDeadline(options.store.outboxPending(), health.storeCheckMs);
        } catch {
          // the ping answered; a slow count is not a reason of its own
        }
      }
      return {
        ok: reasons.length === 0,
        body: {
          status: stopping ? 'stopping' : reasons.length === 0 ? 'ok' : 'unhealthy',
          reasons,
          owner,
          store: { kind: options.store.kind, up: storeError === undefined, ...(storeError === undefined ? {} : { error: storeError.message, since: new Date(storeError.since).toISOString() }) },
          channels: channels.map((c) => ({
            name: c.name,
            kind: c.kind,
            state: c.state,
            since: new Date(c.since).toISOString(),
            ...(c.reason === undefined ? {} : { reason: c.reason }),
            unrecordedFiles: c.unrecorded,
          })),
          outboxPending,
          ...(transportFeed ? { transportRoutingFeed: transportFeedHealth(status.transportFeed) } : {}),
          lastErrors: Object.fromEntries(lastErrors),
        },
      };
    },
    async close() {
      if (stopping) return;
      stopping = true;
      status.stopping = true;
      log.info({ owner }, 'shutting down: no new files are taken; finishing work in progress');
      await Promise.all(runners.map((r) => r.stop(CHANNEL_STOP_MS)));
      wake.notify();
      stopWake.notify();
      const grace = options.shutdownGraceMs ?? 10_000;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), grace);
      });
      const tasks = runners.flatMap((r) => [...r.tasks]);
      const finished = await Promise.race([Promise.all([...loops, ...tasks]).then(() => 'done' as const), timedOut]);
      clearTimeout(timer);
      if (finished === 'timeout') log.warn({ graceMs: grace }, 'work still in progress at shutdown; it resumes at the next start');
      progress.stop();
      loopDelay.disable();
      await ops?.close();
      log.info({ owner }, 'adapter service stopped');
    },
  };
  loopDelay.enable();
  service = running;
  return running;
}

/** `work`, or a rejection after `ms` (a store that hangs must not hang `/healthz`). */
function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
