import { backoffDelay, type BackoffOptions } from '../../lib/backoff.js';
import { ChannelIntake, StoreStepError, type IntakeContext } from './intake-worker.js';

/** Where a channel stands, as `/healthz` shows it. */
export interface ChannelStatus {
  readonly name: string;
  readonly kind: 'local' | 'sftp';
  /** `starting` until its first start attempt ends; `down` after a failed start or pass. */
  readonly state: 'starting' | 'up' | 'down' | 'stopped';
  /** Since when it is in this state (ms since epoch). */
  readonly since: number;
  /** Why it is down (the last error). */
  readonly reason: string | undefined;
  /** Files in `processing/` the store has no record of, at the last pass. */
  readonly unrecorded: number;
  /** Since when some file has sat unrecorded (cleared when none is left). */
  readonly unrecordedSince: number | undefined;
}

/** How a channel runner reports to the service. */
export interface ChannelRunnerHooks {
  /** The store failed during a pass (not the channel's fault). */
  onStoreError(error: unknown): void;
  /** The store answered during a pass. */
  onStoreOk(): void;
  /** An inbox pass of this channel completed. */
  onScanned?(channel: string): void;
  /** The channel could not start or a pass failed (the reason). */
  onChannelError?(channel: string, reason: string): void;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Stops after `ms` even if `work` does not settle (a hung server must not hold the shutdown). */
async function bounded(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work.catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/**
 * Runs one channel in isolation: starts it in the background (a failed start marks it down and is
 * retried with backoff, never blocking other channels or the service), serialises its intake passes
 * (watch event or poll tick; a wake during a pass schedules one more), and tracks its state for
 * health and metrics.
 */
export class ChannelRunner {
  readonly #ctx: IntakeContext;
  readonly #intake: ChannelIntake;
  readonly #hooks: ChannelRunnerHooks;
  readonly #retry: BackoffOptions;
  #state: ChannelStatus['state'] = 'starting';
  #since: number;
  #reason: string | undefined;
  #unrecorded = 0;
  #unrecordedSince: number | undefined;
  #startFailures = 0;
  #retryTimer: NodeJS.Timeout | undefined;
  #settleTimer: NodeJS.Timeout | undefined;
  #started = false;
  #stopping = false;
  #running: Promise<void> | undefined;
  #again = false;
  #starting: Promise<void> | undefined;
  /** Store failures in a row, and when the next pass may ask the store again (backoff). */
  #storeFailures = 0;
  #storeRetryAt = 0;
  #storeTimer: NodeJS.Timeout | undefined;
  /** Passes in progress (awaited at shutdown). */
  readonly tasks = new Set<Promise<void>>();

  constructor(ctx: IntakeContext, hooks: ChannelRunnerHooks, retry: BackoffOptions = { initialMs: 1_000, maxMs: 60_000 }) {
    this.#ctx = ctx;
    this.#intake = new ChannelIntake(ctx);
    this.#hooks = hooks;
    this.#retry = retry;
    this.#since = ctx.now();
    ctx.metrics.channelUp.set({ channel: ctx.channel.name }, 0);
  }

  get name(): string {
    return this.#ctx.channel.name;
  }

  status(): ChannelStatus {
    return {
      name: this.name,
      kind: this.#ctx.channel.kind,
      state: this.#state,
      since: this.#since,
      reason: this.#reason,
      unrecorded: this.#unrecorded,
      unrecordedSince: this.#unrecordedSince,
    };
  }

  /** Starts the channel in the background; returns at once. */
  start(): void {
    this.#starting = this.#attemptStart();
  }

  async #attemptStart(): Promise<void> {
    const { channel, log, metrics } = this.#ctx;
    if (this.#stopping) return;
    try {
      await channel.start(
        () => this.pass(),
        (error) => {
          metrics.errors.inc({ component: 'intake', channel: channel.name });
          log.warn({ channel: channel.name, error: message(error) }, 'channel error');
        },
      );
    } catch (error) {
      await channel.stop().catch(() => undefined); // whatever it had started
      this.#startFailures++;
      const delay = backoffDelay(this.#startFailures, this.#retry);
      this.#down(error, 'channel could not start; it is down and retried with backoff', { retryInMs: delay });
      if (!this.#stopping) {
        this.#retryTimer = setTimeout(() => {
          this.#retryTimer = undefined;
          this.#starting = this.#attemptStart();
        }, delay);
      }
      return;
    }
    if (this.#stopping) {
      await channel.stop().catch(() => undefined);
      return;
    }
    this.#started = true;
    this.#startFailures = 0;
    log.info({ channel: channel.name, kind: channel.kind }, 'channel started');
    this.#up();
    this.pass();
  }

  #down(error: unknown, text: string, extra: Record<string, unknown> = {}): void {
    const { channel, log, metrics, now } = this.#ctx;
    const reason = message(error);
    const code = (error as { code?: string } | null)?.code;
    if (this.#state !== 'down') {
      this.#state = 'down';
      this.#since = now();
    }
    const changed = this.#reason !== reason;
    this.#reason = reason;
    this.#hooks.onChannelError?.(channel.name, reason);
    metrics.channelUp.set({ channel: channel.name }, 0);
    metrics.errors.inc({ component: 'intake', channel: channel.name });
    // Once per distinct reason: a server down for an hour does not write a line per poll.
    if (changed) log.warn({ channel: channel.name, error: reason, code, ...extra }, text);
  }

  #up(): void {
    const { channel, log, metrics, now } = this.#ctx;
    if (this.#state !== 'up') {
      if (this.#state === 'down') log.info({ channel: channel.name, downForMs: now() - this.#since }, 'channel is up again');
      this.#state = 'up';
      this.#since = now();
      this.#reason = undefined;
    }
    metrics.channelUp.set({ channel: channel.name }, 1);
  }

  /** Schedules an intake pass (serialised per channel). */
  pass(): void {
    if (this.#stopping || !this.#started) return;
    const wait = this.#storeRetryAt - this.#ctx.now();
    if (wait > 0) {
      // The store failed lately: the next pass waits for the backoff (one timer, however many wakes).
      this.#storeTimer ??= setTimeout(() => {
        this.#storeTimer = undefined;
        this.pass();
      }, wait);
      return;
    }
    if (this.#running !== undefined) {
      this.#again = true;
      return;
    }
    this.#running = (async () => {
      do {
        this.#again = false;
        await this.#passOnce();
      } while (this.#again && !this.#stopping);
    })().finally(() => {
      this.#running = undefined;
    });
    const task = this.#running.catch(() => undefined);
    this.tasks.add(task);
    void task.finally(() => this.tasks.delete(task));
  }

  async #passOnce(): Promise<void> {
    const { channel, metrics, now } = this.#ctx;
    const limit = 10;
    try {
      const result = await this.#intake.pass(limit);
      this.#hooks.onStoreOk();
      this.#storeFailures = 0;
      this.#storeRetryAt = 0;
      this.#up();
      this.#hooks.onScanned?.(channel.name);
      if (result.claimed >= limit) this.#again = true;
      this.#unrecorded = result.unrecorded.length;
      if (this.#unrecorded === 0) this.#unrecordedSince = undefined;
      else this.#unrecordedSince ??= now();
      metrics.strandedFiles.set({ channel: channel.name }, this.#unrecorded);
      // Files waiting to settle in processing/ are looked at again once they may have.
      if (result.unrecorded.length > 0 && this.#settleTimer === undefined && !this.#stopping) {
        this.#settleTimer = setTimeout(() => {
          this.#settleTimer = undefined;
          this.pass();
        }, (channel.settleMs ?? 0) + 50);
        this.#settleTimer.unref();
      }
    } catch (error) {
      if (error instanceof StoreStepError) {
        // Not the channel's fault: nothing more is claimed until the store answers again; files
        // already in processing/ are recorded by a later pass.
        this.#hooks.onStoreError(error.cause); // logged there, once per outage
        metrics.errors.inc({ component: 'store' });
        this.#storeFailures++;
        this.#storeRetryAt = now() + backoffDelay(this.#storeFailures, { initialMs: 250, maxMs: 10_000 });
        this.#again = false;
        return;
      }
      this.#down(error, 'inbox pass failed; the channel is down and retried at the next poll');
    }
  }

  /** Stops the channel (bounded: a hung server does not hold the shutdown longer than `boundMs`). */
  async stop(boundMs: number): Promise<void> {
    this.#stopping = true;
    if (this.#retryTimer !== undefined) clearTimeout(this.#retryTimer);
    if (this.#settleTimer !== undefined) clearTimeout(this.#settleTimer);
    if (this.#storeTimer !== undefined) clearTimeout(this.#storeTimer);
    const { channel } = this.#ctx;
    // Stop now (aborts a connect in progress), and again once a start in progress has given up.
    await bounded(Promise.all([channel.stop(), (this.#starting ?? Promise.resolve()).then(() => channel.stop())]), boundMs);
    this.#state = 'stopped';
    this.#since = this.#ctx.now();
  }
}
