import { setTimeout as delay } from 'node:timers/promises';
import { request, type Dispatcher } from 'undici';
import { z } from 'zod';
import {
  bringDeclarationResponseSchema,
  type BringDeclarationRequestInput,
  type BringDeclarationStatus,
} from './bring-declaration-schema.js';
import {
  BringBadRequestError,
  BringDeclarationInvalidError,
  BringInvalidResponseError,
  BringNetworkError,
  BringRateLimitedError,
  BringServerError,
  BringUnauthorizedError,
  BringUnexpectedStatusError,
} from './errors.js';
import { toFieldErrors } from './lib/field-errors.js';
import { parseRetryAfter } from './lib/retry-after.js';
import { validateBringDeclaration } from './validate-bring-declaration.js';

/** Production host of the Bring APIs. */
export const BRING_API_BASE_URL = 'https://api.bring.com';
/** Bring's QA host. */
export const BRING_QA_API_BASE_URL = 'https://api.qa.bring.com';
/** Path of the declarations endpoint below the base URL. */
export const BRING_DECLARATIONS_PATH = '/customs/v1/declarations';

const intOption = (min: number, max: number) => {
  const error = `must be an integer from ${min} to ${max}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error }).optional();
};

/** Options of {@link createBringCustomsClient}, validated eagerly. */
export const bringCustomsClientOptionsSchema = z.object({
  /** Host root, e.g. `https://api.bring.com` or the playground's `bringUrl` (a trailing `/customs/v1` is tolerated). */
  baseUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
  /** Mybring user id (the login e-mail), sent as `X-Mybring-API-Uid`. */
  apiUid: z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' }),
  /** Mybring API key, sent as `X-Mybring-API-Key`. Never logged. */
  apiKey: z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' }),
  /** Sent as `X-Bring-Client-URL` when given (identifies the integrating system). */
  clientUrl: z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' }).optional(),
  /** Required: `true` marks every declaration as a test message (`X-Bring-Test-Indicator`). */
  testIndicator: z.boolean({ error: 'must be set to true (test) or false (live)' }),
  /** Retries after the first attempt on 429/503/connection failures (0..10, default 5). */
  maxRetries: intOption(0, 10),
  /** First backoff step when no Retry-After is given (default 500 ms), doubled per attempt. */
  initialBackoffMs: intOption(0, 60_000),
  /** Cap of a computed backoff step (default 30 s). */
  maxBackoffMs: intOption(0, 600_000),
  /** Longest Retry-After honoured (default 120 s); a longer one ends with `BRING_RATE_LIMITED`. */
  maxRetryAfterMs: intOption(0, 3_600_000),
  /** Extra random wait up to this many ms on top of Retry-After, to spread a burst (default 250). */
  retryAfterJitterMs: intOption(0, 60_000),
  /** Per-attempt timeout (default 30 s). */
  timeoutMs: intOption(1, 600_000),
});

/** Information given to `onRetry` before each wait. */
export interface BringRetryInfo {
  /** The attempt that failed (1-based). */
  attempt: number;
  /** Why: `429`, `503` or `connect-failed`. */
  reason: '429' | '503' | 'connect-failed';
  /** How long the client will wait before the next attempt. */
  delayMs: number;
  /** Retry-After from the server, in ms, if it sent one. */
  retryAfterMs: number | undefined;
}

/** Options of {@link createBringCustomsClient}. */
export type BringCustomsClientOptions = z.input<typeof bringCustomsClientOptionsSchema> & {
  /** undici dispatcher (connection pool, proxy, test agent); defaults to undici's global one. */
  dispatcher?: Dispatcher;
  /** Clock in epoch ms, used to read HTTP-date Retry-After values (default `Date.now`). */
  now?: () => number;
  /** Wait function (default: timers/promises `setTimeout`). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Random source in [0, 1) for jitter (default `Math.random`). */
  random?: () => number;
  /** Called before each retry wait (for metrics/logs; receives no secrets). */
  onRetry?: (info: BringRetryInfo) => void;
};

/** Outcome of a submitted declaration: FAILED is Bring's business rejection, not an exception. */
export interface BringDeclarationResult {
  status: BringDeclarationStatus;
  /** Bring's processing id (a UUID); may be `null` on FAILED. */
  processingId: string | null;
  /** Bring's error description on FAILED, otherwise `null`. */
  error: string | null;
  /** HTTP attempts made (1 = no retry). */
  attempts: number;
  /** How many of those attempts were answered 429. */
  throttled: number;
}

/** Per-call options of `submitDeclaration`. */
export interface SubmitDeclarationOptions {
  /** Cancels waiting and the request in flight; the abort reason is rethrown as is. */
  signal?: AbortSignal;
  /**
   * Validate the body locally first (default true): an invalid body throws
   * `BRING_DECLARATION_INVALID` and is not sent. `false` sends the body exactly as given.
   */
  validate?: boolean;
}

/** A Bring Customs API client. */
export interface BringCustomsClient {
  /**
   * `POST /customs/v1/declarations`; see {@link createBringCustomsClient}.
   *
   * @example
   * declare const bring: BringCustomsClient; // createBringCustomsClient(…)
   * declare const body: BringDeclarationRequestInput; // buildBringDeclaration(…)
   * const result = await bring.submitDeclaration(body, { validate: true });
   * if (result.status === 'FAILED') console.log(result.error);
   */
  submitDeclaration(body: BringDeclarationRequestInput, options?: SubmitDeclarationOptions): Promise<BringDeclarationResult>;
}

/** Errors raised before a connection exists: the request certainly did not reach Bring. */
const notSentCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause !== undefined && cause !== error ? errorCode(cause) : undefined;
}

function serverMessage(text: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    const error = (parsed as { error?: unknown } | null)?.error;
    if (typeof error === 'string' && error !== '') return error.slice(0, 500);
  } catch {
    // not JSON: fall through to the raw text
  }
  const trimmed = text.trim();
  return trimmed === '' ? undefined : trimmed.slice(0, 200);
}

/**
 * Creates a client for Bring's Customs API (`POST /customs/v1/declarations`).
 *
 * Every request carries `X-Mybring-API-Uid`, `X-Mybring-API-Key`, `X-Bring-Test-Indicator`
 * (required, from `testIndicator`) and, when given, `X-Bring-Client-URL`.
 *
 * Outcomes: a 2xx body `{ status: 'ACCEPTED' | 'FAILED', processingId, error }` is returned (FAILED
 * is a result). Retries (at most `maxRetries`, default 5): on 429 and 503 — Bring did not process
 * the request — after `Retry-After` (seconds or HTTP-date, plus a little jitter) or exponential
 * backoff with full jitter; and on connection failures before anything was sent. A timeout, a reset
 * connection or another 5xx is NOT retried (a POST may have landed; the error says
 * `mayHaveLanded`). Errors: `BRING_DECLARATION_INVALID`, `BRING_UNAUTHORIZED`, `BRING_BAD_REQUEST`,
 * `BRING_RATE_LIMITED`, `BRING_SERVER_ERROR`, `BRING_UNEXPECTED_STATUS`, `BRING_INVALID_RESPONSE`,
 * `BRING_NETWORK_ERROR`.
 *
 * @throws {TypeError} on invalid options (the message names the option).
 * @example
 * declare const secret: string; // the API key, from your secret store
 * declare const input: BringDeclarationInput;
 * const bring = createBringCustomsClient({
 *   baseUrl: 'https://api.bring.com', apiUid: 'ops@forwarder.no', apiKey: secret, testIndicator: true,
 * });
 * const result = await bring.submitDeclaration(buildBringDeclaration(input));
 * if (result.status === 'FAILED') console.log(result.error);
 */
export function createBringCustomsClient(options: BringCustomsClientOptions): BringCustomsClient {
  const checked = bringCustomsClientOptionsSchema.safeParse(options, { reportInput: true });
  if (!checked.success) {
    const detail = toFieldErrors(checked.error.issues)
      .map((e) => `${e.field} ${e.message}`)
      .join('; ');
    throw new TypeError(`createBringCustomsClient: invalid options: ${detail}`);
  }
  const opts = checked.data;
  for (const name of ['now', 'sleep', 'random', 'onRetry'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') {
      throw new TypeError(`createBringCustomsClient: ${name} must be a function`);
    }
  }
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number, signal?: AbortSignal) => delay(ms, undefined, signal ? { signal } : {}));
  const random = options.random ?? Math.random;
  const maxRetries = opts.maxRetries ?? 5;
  const initialBackoffMs = opts.initialBackoffMs ?? 500;
  const maxBackoffMs = opts.maxBackoffMs ?? 30_000;
  const maxRetryAfterMs = opts.maxRetryAfterMs ?? 120_000;
  const retryAfterJitterMs = opts.retryAfterJitterMs ?? 250;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const url = `${opts.baseUrl.replace(/\/+$/, '').replace(/\/customs\/v1$/, '')}${BRING_DECLARATIONS_PATH}`;
  const headers: Record<string, string> = {
    accept: 'application/json',
    'content-type': 'application/json',
    'x-mybring-api-uid': opts.apiUid,
    'x-mybring-api-key': opts.apiKey,
    'x-bring-test-indicator': String(opts.testIndicator),
    ...(opts.clientUrl !== undefined && { 'x-bring-client-url': opts.clientUrl }),
  };

  const backoff = (attempt: number): number =>
    Math.floor(random() * Math.min(maxBackoffMs, initialBackoffMs * 2 ** (attempt - 1)));

  async function submitDeclaration(
    body: BringDeclarationRequestInput,
    call: SubmitDeclarationOptions = {},
  ): Promise<BringDeclarationResult> {
    let payload: unknown = body;
    if (call.validate !== false) {
      const result = validateBringDeclaration(body);
      if (!result.ok) throw new BringDeclarationInvalidError(result.errors);
      payload = result.value;
    }
    const json = JSON.stringify(payload);
    let throttled = 0;

    for (let attempt = 1; ; attempt++) {
      call.signal?.throwIfAborted();
      const signal = call.signal
        ? AbortSignal.any([call.signal, AbortSignal.timeout(timeoutMs)])
        : AbortSignal.timeout(timeoutMs);
      let statusCode: number;
      let responseHeaders: Record<string, string | string[] | undefined>;
      let text: string;
      try {
        const response = await request(url, {
          method: 'POST',
          headers,
          body: json,
          signal,
          ...(options.dispatcher !== undefined && { dispatcher: options.dispatcher }),
        });
        statusCode = response.statusCode;
        responseHeaders = response.headers;
        text = await response.body.text();
      } catch (error) {
        if (call.signal?.aborted) throw call.signal.reason;
        const code = errorCode(error);
        const notSent = code !== undefined && notSentCodes.has(code);
        if (notSent && attempt <= maxRetries) {
          const wait = backoff(attempt);
          options.onRetry?.({ attempt, reason: 'connect-failed', delayMs: wait, retryAfterMs: undefined });
          await sleep(wait, call.signal);
          continue;
        }
        throw new BringNetworkError(attempt, !notSent, { cause: error });
      }

      if (statusCode >= 200 && statusCode < 300) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch (error) {
          throw new BringInvalidResponseError([{ field: '(root)', message: 'is not JSON' }], { cause: error });
        }
        const response = bringDeclarationResponseSchema.safeParse(parsed, { reportInput: true });
        if (!response.success) throw new BringInvalidResponseError(toFieldErrors(response.error.issues));
        return { ...response.data, attempts: attempt, throttled };
      }

      if (statusCode === 429 || statusCode === 503) {
        if (statusCode === 429) throttled++;
        const retryAfterMs = parseRetryAfter(responseHeaders['retry-after'], now());
        if (attempt > maxRetries) {
          if (statusCode === 503) throw new BringServerError(503, attempt, false);
          throw new BringRateLimitedError(attempt, retryAfterMs, `gave up after ${attempt} attempts`);
        }
        if (retryAfterMs !== undefined && retryAfterMs > maxRetryAfterMs) {
          if (statusCode === 503) throw new BringServerError(503, attempt, false);
          throw new BringRateLimitedError(
            attempt,
            retryAfterMs,
            `Retry-After ${retryAfterMs} ms exceeds maxRetryAfterMs ${maxRetryAfterMs}`,
          );
        }
        const wait =
          retryAfterMs !== undefined ? retryAfterMs + Math.floor(random() * retryAfterJitterMs) : backoff(attempt);
        options.onRetry?.({ attempt, reason: statusCode === 429 ? '429' : '503', delayMs: wait, retryAfterMs });
        await sleep(wait, call.signal);
        continue;
      }

      const message = serverMessage(text);
      if (statusCode === 400) throw new BringBadRequestError(message);
      if (statusCode === 401 || statusCode === 403) throw new BringUnauthorizedError(statusCode, message);
      if (statusCode >= 500) throw new BringServerError(statusCode, attempt, true);
      throw new BringUnexpectedStatusError(statusCode, message);
    }
  }

  return { submitDeclaration };
}
