import type { AdapterConfig } from '../config/load-config.js';
import { inFlightGraceFor, type PipelineLog, type PipelineTuning } from '../pipeline/ports.js';
import { logCustomsCalls } from '../service/lib/customs-call-log.js';
import { startService, type RunningService } from '../service/start-service.js';
import { connectDigitoll, openStore, serviceChannels } from './lib/runtime.js';

/** Options of {@link runAdapter}. */
export interface RunOptions {
  readonly log: PipelineLog;
  /** `/healthz` + `/metrics` address; default from the config (`service.http`, 127.0.0.1:9464). `false` to run without. */
  readonly http?: { host: string; port: number } | false;
  /** Resolves when the service should stop (e.g. on SIGTERM/SIGINT). */
  readonly stop: Promise<unknown>;
  readonly tuning?: Partial<PipelineTuning>;
  /** Overrides `service.workers` of the config. */
  readonly workers?: number;
  /** Overrides `service.routingIntervalMs` of the config. */
  readonly routingIntervalMs?: number;
  readonly idlePollMs?: number;
  /** Interval of the per-manifest progress lines (default 10 s). */
  readonly progressIntervalMs?: number;
  /** Per-request timeout of the Digitoll client (default: the config's `digitoll.requestTimeoutMs`); `tuning.inFlightGraceMs` must exceed it (default 1.5 × it). */
  readonly clientTimeoutMs?: number;
  /** Called once the service is running. */
  readonly onStarted?: (service: RunningService) => void;
}

/**
 * `tollkit run`: opens the store, connects to Digitoll (or starts the embedded playground), starts
 * the service over every configured channel, and runs until `stop` resolves; then shuts down
 * gracefully (no new files, work in progress finished or left resumable, connections closed).
 *
 * @example
 * const stop = new Promise((resolve) => process.once('SIGTERM', resolve));
 * await runAdapter(loadConfig('tollkit.yaml'), { log: createLogger(), stop });
 */
export async function runAdapter(config: AdapterConfig, options: RunOptions): Promise<void> {
  const store = await openStore(config);
  const requestTimeoutMs = options.clientTimeoutMs ?? config.digitollRequestTimeoutMs;
  let digitoll;
  try {
    digitoll = await connectDigitoll(config, {
      timeoutMs: requestTimeoutMs,
      onEvent: logCustomsCalls(options.log),
    });
  } catch (error) {
    await store.close();
    throw error;
  }
  try {
    const channels = await serviceChannels(config);
    const inFlightGraceMs = options.tuning?.inFlightGraceMs ?? inFlightGraceFor(requestTimeoutMs);
    if (inFlightGraceMs > config.leases.manifestMs + 10_000) {
      options.log.warn(
        { leaseMs: config.leases.manifestMs, requestTimeoutMs, inFlightGraceMs },
        'a file whose requests were in flight when its instance died is finished by another instance only after the in-flight grace (1.5 × digitoll.requestTimeoutMs), longer than leases.manifestMs + 10 s: lower digitoll.requestTimeoutMs for a faster takeover',
      );
    }
    const http = options.http === undefined ? config.service.http : options.http;
    const service = await startService({
      store,
      client: digitoll.client,
      channels,
      log: options.log,
      owner: config.instanceId,
      ...(http === false ? {} : { http }),
      ...(http === false || !config.service.console.enabled
        ? {}
        : { console: { operators: config.service.console.operators, refreshMs: config.service.console.refreshMs, config } }),
      tuning: {
        leaseMs: config.leases.manifestMs,
        outboxLeaseMs: config.leases.outboxMs,
        // the grace follows the request timeout: a fixed 45 s made a short lease's takeover wait 45 s anyway
        inFlightGraceMs,
        requestsInFlight: config.service.requestsInFlight,
        emergency: { marginMs: config.emergency.marginMs, email: config.emergency.contacts.email },
        ...options.tuning,
      },
      workers: options.workers ?? config.service.workers,
      routing: { enabled: config.service.routing, intervalMs: options.routingIntervalMs ?? config.service.routingIntervalMs, transportFeed: config.transportRouting },
      health: config.service.health,
      ...(options.idlePollMs !== undefined ? { idlePollMs: options.idlePollMs } : {}),
      ...(options.progressIntervalMs !== undefined ? { progressIntervalMs: options.progressIntervalMs } : {}),
    });
    options.log.info(
      { environment: config.environment, digitoll: digitoll.baseUrl, store: config.store.kind, embeddedPlayground: digitoll.embeddedPlayground !== undefined },
      'tollkit run: started',
    );
    options.onStarted?.(service);
    await options.stop;
    await service.close();
  } finally {
    await digitoll.close();
    await store.close();
  }
}
