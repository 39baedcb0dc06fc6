import { createRandom } from './ids.js';

/** Fault injection settings (all optional; absent = no fault). */
export interface FaultConfig {
  /** Fixed extra latency per request, in ms. */
  latencyMs?: number;
  /** Uniform random extra latency in [0, jitterMs). */
  jitterMs?: number;
  /** Share (0..1) of requests answered with a 5xx (503 by default). */
  errorRate?: number;
  /** Status used for injected server errors (500, 502, 503 or 504). */
  errorStatus?: number;
  /** The next `count` requests answer 429 with `Retry-After: retryAfterSeconds`. */
  rateLimit?: { count: number; retryAfterSeconds?: number };
  /** Share (0..1) of requests whose socket is destroyed without any response. */
  dropRate?: number;
  /** `before` (default): dropped before the handler runs; `after`: the handler runs (state changes!) and the answer is lost. */
  dropPhase?: 'before' | 'after';
  /** Validation delay for MO/presentation/relation/arrival requests, in ms. */
  validationDelayMs?: number;
  /**
   * Every affected request is refused with 403 `insufficient_scope`, as when Customs withdraws the
   * organisation's access mid-run (before any throttling, drops or server errors).
   */
  accessRefused?: boolean;
  /** Only requests whose path starts with this prefix are affected (default: every non-admin path). */
  pathPrefix?: string;
  /** Bring Customs API: admitted requests per API uid per second (429 above); 0 = unlimited. */
  bringRateLimitPerSecond?: number;
  /** Seed of the PRNG behind `errorRate`, `dropRate` and `jitterMs` (reproducible runs). */
  seed?: number;
}

/** What the fault layer decided for one request. */
export type FaultDecision =
  | { kind: 'none'; delayMs: number }
  | { kind: 'error'; delayMs: number; status: number }
  | { kind: 'throttle'; delayMs: number; retryAfterSeconds: number }
  | { kind: 'drop'; delayMs: number; phase: 'before' | 'after' }
  | { kind: 'refuse'; delayMs: number };

const ERROR_STATUSES = new Set([500, 502, 503, 504]);

/** Checks a fault config and names the offending option and its range. */
export function checkFaultConfig(f: FaultConfig): void {
  const rate = (name: string, v: number | undefined) => {
    if (v !== undefined && !(Number.isFinite(v) && v >= 0 && v <= 1)) throw new TypeError(`faults.${name} must be a number between 0 and 1 (got ${String(v)})`);
  };
  const nonNeg = (name: string, v: number | undefined) => {
    if (v !== undefined && !(Number.isFinite(v) && v >= 0)) throw new TypeError(`faults.${name} must be a number >= 0 (got ${String(v)})`);
  };
  nonNeg('latencyMs', f.latencyMs);
  nonNeg('jitterMs', f.jitterMs);
  nonNeg('validationDelayMs', f.validationDelayMs);
  if (f.bringRateLimitPerSecond !== undefined && !(Number.isInteger(f.bringRateLimitPerSecond) && f.bringRateLimitPerSecond >= 0)) {
    throw new TypeError(`faults.bringRateLimitPerSecond must be an integer >= 0 (got ${String(f.bringRateLimitPerSecond)})`);
  }
  rate('errorRate', f.errorRate);
  rate('dropRate', f.dropRate);
  if (f.errorStatus !== undefined && !ERROR_STATUSES.has(f.errorStatus)) throw new TypeError(`faults.errorStatus must be one of 500, 502, 503, 504 (got ${String(f.errorStatus)})`);
  if (f.rateLimit !== undefined) {
    if (!Number.isInteger(f.rateLimit.count) || f.rateLimit.count < 0) throw new TypeError('faults.rateLimit.count must be an integer >= 0');
    nonNeg('rateLimit.retryAfterSeconds', f.rateLimit.retryAfterSeconds);
  }
  if (f.accessRefused !== undefined && typeof f.accessRefused !== 'boolean') throw new TypeError('faults.accessRefused must be true or false');
  if (f.dropPhase !== undefined && f.dropPhase !== 'before' && f.dropPhase !== 'after') throw new TypeError("faults.dropPhase must be 'before' or 'after'");
}

/** Holds the current fault settings and decides, per request, what goes wrong. */
export class FaultInjector {
  #config: FaultConfig = {};
  #random: () => number = Math.random;
  #throttleLeft = 0;

  constructor(initial: FaultConfig = {}) {
    this.set(initial);
  }

  /** Replaces the fault settings (a fresh object; omitted fields are cleared). */
  set(config: FaultConfig): void {
    checkFaultConfig(config);
    this.#config = { ...config };
    this.#random = config.seed === undefined ? Math.random : createRandom(config.seed);
    this.#throttleLeft = config.rateLimit?.count ?? 0;
  }

  get config(): Readonly<FaultConfig> {
    return this.#config;
  }

  decide(path: string): FaultDecision {
    const c = this.#config;
    if (path.startsWith('/_admin')) return { kind: 'none', delayMs: 0 };
    if (c.pathPrefix !== undefined && !path.startsWith(c.pathPrefix)) return { kind: 'none', delayMs: 0 };
    const delayMs = (c.latencyMs ?? 0) + (c.jitterMs ? Math.floor(this.#random() * c.jitterMs) : 0);
    if (c.accessRefused === true) return { kind: 'refuse', delayMs };
    if (this.#throttleLeft > 0) {
      this.#throttleLeft--;
      return { kind: 'throttle', delayMs, retryAfterSeconds: c.rateLimit?.retryAfterSeconds ?? 1 };
    }
    if (c.dropRate && this.#random() < c.dropRate) return { kind: 'drop', delayMs, phase: c.dropPhase ?? 'before' };
    if (c.errorRate && this.#random() < c.errorRate) return { kind: 'error', delayMs, status: c.errorStatus ?? 503 };
    return { kind: 'none', delayMs };
  }
}
