import type { Dispatcher } from 'undici';
import type { ScopeFamily } from '../endpoints.js';

/** Progress and diagnostics the client reports (no tokens, no message bodies). */
export type DigitollEvent =
  | { readonly type: 'retry'; readonly endpoint: string; readonly attempt: number; readonly delayMs: number; readonly reason: string }
  | { readonly type: 'outcome-unknown'; readonly endpoint: string; readonly reason: string }
  | { readonly type: 'lookup'; readonly endpoint: string; readonly found: boolean }
  | { readonly type: 'token-rejected'; readonly endpoint: string }
  /**
   * One HTTP attempt finished: `status` (`undefined` when no response came, with `reason`), how long
   * it took, and the bodies as sent and received (for trace logs; the token is never part of it).
   */
  | {
      readonly type: 'http';
      readonly method: string;
      readonly path: string;
      readonly attempt: number;
      readonly status: number | undefined;
      readonly durationMs: number;
      readonly reason?: string | undefined;
      readonly requestBody: string | undefined;
      readonly responseBody: string | undefined;
    };

/** Gets a Customs token for a scope (e.g. `createTokenProvider(…).getToken` from `@tollkit/maskinporten`). */
export type GetToken = (scope: string, options?: { forceRefresh?: boolean }) => Promise<string>;

/** Resolved client settings shared by every operation. @internal */
export interface ClientContext {
  readonly baseUrl: string;
  readonly getToken: GetToken;
  readonly scopeFamily: ScopeFamily;
  readonly dispatcher: Dispatcher | undefined;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  readonly maxAttempts: number;
  /** Repeats after HTTP 429, counted apart from `maxAttempts`. */
  readonly maxRateLimitRetries: number;
  /** Longest `Retry-After` honoured as given; longer ones are capped. */
  readonly maxRetryAfterMs: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly timeoutMs: number;
  readonly lookupDelayMs: number;
  readonly userAgent: string;
  /** Scope for the arrival API (not published; needs explicit permission from Customs). */
  readonly arrivalScope: string;
  readonly emit: (event: DigitollEvent) => void;
}

/** Exponential back-off with full jitter in [d/2, d], capped. @internal */
export function backoffDelay(ctx: ClientContext, attempt: number, base = ctx.baseDelayMs, cap = ctx.maxDelayMs): number {
  const d = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(d / 2 + ctx.random() * (d / 2));
}
