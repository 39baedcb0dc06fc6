import type { Dispatcher } from 'undici';
import { createGrant, identityName, type ClientIdentity } from './create-grant.js';
import { CustomsToken } from './customs-token.js';
import { resolveEnvironment, type EnvironmentName, type MaskinportenEnvironment } from './environments.js';
import { MaskinportenError, ServiceUnavailableError } from './errors.js';
import { NOTABLE_OFFSET_MS } from './lib/classify.js';
import { tokenProviderSettingsSchema } from './settings.js';
import { exchangeCustomsToken } from './exchange-customs-token.js';
import { requestMaskinportenToken } from './request-maskinporten-token.js';

/** What the provider reports as it works. Never contains keys, assertions or tokens. */
export type TokenEvent =
  | { readonly type: 'token-issued'; readonly scope: string; readonly expiresAt: number; readonly lifetimeSeconds: number }
  | { readonly type: 'clock-offset'; readonly offsetMs: number }
  | { readonly type: 'retry'; readonly step: 'maskinporten' | 'exchange'; readonly attempt: number; readonly delayMs: number; readonly reason: string }
  | { readonly type: 'stale-token-used'; readonly scope: string; readonly reason: string };

/** Options of {@link createTokenProvider}. */
export interface TokenProviderOptions {
  /** `test`, `production`, or custom URLs (the playground). */
  readonly environment: EnvironmentName | MaskinportenEnvironment;
  readonly identity: ClientIdentity;
  /** undici dispatcher for both token calls (proxy, TLS, tests). */
  readonly dispatcher?: Dispatcher | undefined;
  /** Clock, ms since epoch. Default `Date.now`. */
  readonly now?: (() => number) | undefined;
  /** Wait function used between retries. Default a timer. */
  readonly sleep?: ((ms: number) => Promise<void>) | undefined;
  /** Refresh this many seconds before expiry (capped at half the token's lifetime). Default 60. */
  readonly refreshMarginSeconds?: number | undefined;
  /** Grant `exp − iat`, 10..120 s. Default 60. */
  readonly grantLifetimeSeconds?: number | undefined;
  /** Attempts per step on network errors, 429 and 5xx. Default 3. */
  readonly maxAttempts?: number | undefined;
  /** First back-off delay; doubles per attempt, with jitter; `Retry-After` wins. Default 500 ms. */
  readonly retryBaseDelayMs?: number | undefined;
  /** Per-request timeout. Default 10 s. */
  readonly timeoutMs?: number | undefined;
  /**
   * Date grants with the server's time (as measured from its `Date` header) instead of ours. Off by default:
   * a wrong clock is reported as {@link ClockSkewError} so that it gets fixed.
   */
  readonly compensateClockOffset?: boolean | undefined;
  /** Progress and diagnostics (no secrets). */
  readonly onEvent?: ((event: TokenEvent) => void) | undefined;
}

/** Per-request options of {@link TokenProvider.getToken}. */
export interface GetTokenOptions {
  /** Audience-restricted token (`resource` claim). */
  readonly resource?: string | undefined;
  /** Skip the cache (e.g. after a 401 with a token believed valid). */
  readonly forceRefresh?: boolean | undefined;
}

/** Cached Customs tokens for one client in one environment. */
export interface TokenProvider {
  /**
   * The Customs token text for `scope` (cached; refreshed ahead of expiry). What the digitoll-client package takes.
   *
   * @example
   * declare const tokens: TokenProvider; // createTokenProvider(…)
   * const token = await tokens.getToken('toll:movement/road/v2');
   * const retried = await tokens.getToken('toll:movement/road/v2', { forceRefresh: true }); // after a 401
   */
  getToken(scope: string | readonly string[], options?: GetTokenOptions): Promise<string>;
  /**
   * The same, as a {@link CustomsToken} with scope and expiry (safe to log).
   *
   * @example
   * declare const tokens: TokenProvider;
   * const info = await tokens.getTokenInfo('toll:movement/road/v2');
   * console.log(info); // CustomsToken(toll:movement/road/v2, expires …)
   */
  getTokenInfo(scope: string | readonly string[], options?: GetTokenOptions): Promise<CustomsToken>;
  /**
   * Drops cached tokens: one scope (and resource) or all.
   *
   * @example
   * declare const tokens: TokenProvider;
   * tokens.invalidate('toll:movement/road/v2'); // one scope
   * tokens.invalidate(); // all
   */
  invalidate(scope?: string | readonly string[], options?: { resource?: string | undefined }): void;
  /** The last measured server − local clock offset in ms. */
  readonly clockOffsetMs: number | undefined;
  /**
   * Call counts, for health pages and tests.
   *
   * @example
   * declare const tokens: TokenProvider;
   * const { maskinportenRequests, cacheHits } = tokens.stats();
   */
  stats(): { maskinportenRequests: number; exchangeRequests: number; cacheHits: number };
  readonly environment: MaskinportenEnvironment;
}

/**
 * Creates a token provider: JWT grant → Maskinporten → Customs token exchange, cached per environment, client,
 * scope and resource, with one refresh in flight per key and a fresh `jti` on every try.
 *
 * @example
 * const clientId = 'my-maskinporten-client';
 * const source: KeySource = { format: 'pkcs12', file: '/etc/tollkit/virksomhet.p12', password: process.env['P12_PASSWORD'] ?? '' };
 * const tokens = createTokenProvider({ environment: 'test',
 *   identity: { kind: 'business-certificate', clientId, key: await readSigningKey(source) } });
 * const token = await tokens.getToken('toll:movement/road/v2');
 */
export function createTokenProvider(options: TokenProviderOptions): TokenProvider {
  const environment = resolveEnvironment(options.environment);
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const parsed = tokenProviderSettingsSchema.safeParse(options);
  if (!parsed.success) {
    throw new TypeError(`createTokenProvider: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const settings = parsed.data;
  const marginMs = settings.refreshMarginSeconds * 1000;
  const { maxAttempts, timeoutMs, grantLifetimeSeconds } = settings;
  const baseDelayMs = settings.retryBaseDelayMs;
  const emit = options.onEvent ?? (() => {});
  const client = identityName(options.identity);
  if (client === '') throw new TypeError('identity must name the client (clientId or issuer)');

  const cache = new Map<string, CustomsToken>();
  const inFlight = new Map<string, Promise<CustomsToken>>();
  const counts = { maskinportenRequests: 0, exchangeRequests: 0, cacheHits: 0 };
  let clockOffsetMs: number | undefined;

  const noteOffset = (offset: number | undefined) => {
    if (offset === undefined) return;
    const changed = clockOffsetMs === undefined || Math.abs(offset - clockOffsetMs) >= NOTABLE_OFFSET_MS;
    clockOffsetMs = offset;
    if (changed && Math.abs(offset) >= NOTABLE_OFFSET_MS) emit({ type: 'clock-offset', offsetMs: offset });
  };

  async function withRetries<T>(step: 'maskinporten' | 'exchange', attemptOnce: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await attemptOnce();
      } catch (error) {
        if (error instanceof MaskinportenError) noteOffset(error.clockOffsetMs);
        if (!(error instanceof ServiceUnavailableError) || attempt >= maxAttempts) throw error;
        const backoff = baseDelayMs * 2 ** (attempt - 1);
        const delayMs = Math.min(error.retryAfterMs ?? Math.round(backoff / 2 + (Math.random() * backoff) / 2), 60_000);
        emit({ type: 'retry', step, attempt, delayMs, reason: error.message });
        await sleep(delayMs);
      }
    }
  }

  async function fetchToken(scopes: readonly string[], resource: string | undefined): Promise<CustomsToken> {
    const scope = scopes.join(' ');
    const maskinporten = await withRetries('maskinporten', async () => {
      // A new grant (new jti, new iat) on every try.
      const grantNow = settings.compensateClockOffset && clockOffsetMs !== undefined ? now() + clockOffsetMs : now();
      const assertion = await createGrant({
        identity: options.identity,
        audience: environment.audience,
        scope: scopes,
        resource,
        now: grantNow,
        lifetimeSeconds: grantLifetimeSeconds,
      });
      counts.maskinportenRequests++;
      return requestMaskinportenToken({
        tokenUrl: environment.tokenUrl,
        assertion,
        scope,
        dispatcher: options.dispatcher,
        now,
        timeoutMs,
        knownClockOffsetMs: clockOffsetMs,
      });
    });
    noteOffset(maskinporten.clockOffsetMs);
    const startedAt = now();
    const customs = await withRetries('exchange', () => {
      counts.exchangeRequests++;
      return exchangeCustomsToken({
        tokenExchangeUrl: environment.tokenExchangeUrl,
        subjectToken: maskinporten.accessToken,
        scope,
        dispatcher: options.dispatcher,
        now,
        timeoutMs,
      });
    });
    noteOffset(customs.clockOffsetMs);
    const token = new CustomsToken(customs.accessToken, {
      tokenType: customs.tokenType,
      scope: maskinporten.scope,
      issuedAt: startedAt,
      expiresAt: startedAt + customs.expiresIn * 1000,
      resource,
    });
    emit({ type: 'token-issued', scope: token.scope, expiresAt: token.expiresAt, lifetimeSeconds: customs.expiresIn });
    return token;
  }

  const isFresh = (token: CustomsToken, at: number) => {
    const lifetime = token.expiresAt - token.issuedAt;
    return at < token.expiresAt - Math.min(marginMs, lifetime / 2);
  };

  async function getTokenInfo(scope: string | readonly string[], getOptions: GetTokenOptions = {}): Promise<CustomsToken> {
    const scopes = normaliseScopes(scope);
    const resource = getOptions.resource;
    const key = cacheKey(environment, client, scopes, resource);
    const cached = cache.get(key);
    if (cached !== undefined && getOptions.forceRefresh !== true && isFresh(cached, now())) {
      counts.cacheHits++;
      return cached;
    }
    const running = inFlight.get(key);
    if (running !== undefined) return running;
    const refresh = (async () => {
      try {
        const token = await fetchToken(scopes, resource);
        cache.set(key, token);
        return token;
      } catch (error) {
        // Still valid (inside the refresh margin): use it rather than fail, and say so.
        if (cached !== undefined && now() < cached.expiresAt && error instanceof ServiceUnavailableError) {
          emit({ type: 'stale-token-used', scope: cached.scope, reason: error.message });
          return cached;
        }
        throw error;
      } finally {
        inFlight.delete(key);
      }
    })();
    inFlight.set(key, refresh);
    return refresh;
  }

  return {
    environment,
    getTokenInfo,
    async getToken(scope, getOptions) {
      return (await getTokenInfo(scope, getOptions)).reveal();
    },
    invalidate(scope, invalidateOptions) {
      if (scope === undefined) {
        cache.clear();
        return;
      }
      cache.delete(cacheKey(environment, client, normaliseScopes(scope), invalidateOptions?.resource));
    },
    get clockOffsetMs() {
      return clockOffsetMs;
    },
    stats: () => ({ ...counts }),
  };
}

function normaliseScopes(scope: string | readonly string[]): string[] {
  const list = typeof scope === 'string' ? scope.split(/\s+/) : [...scope];
  const scopes = [...new Set(list.map((s) => s.trim()).filter(Boolean))].sort();
  if (scopes.length === 0) throw new TypeError('scope must name at least one scope, e.g. "toll:movement/road/v2"');
  return scopes;
}

function cacheKey(environment: MaskinportenEnvironment, client: string, scopes: readonly string[], resource: string | undefined): string {
  return JSON.stringify([environment.name, environment.tokenUrl, client, scopes, resource ?? null]);
}
