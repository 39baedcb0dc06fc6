import { FormData, request } from 'undici';
import {
  BadRequestError,
  ForbiddenError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  UnauthorizedError,
  ValidationRejectedError,
  type DigitollError,
  type FieldError,
} from '../errors.js';
import { backoffDelay, type ClientContext } from './context.js';

/** How a call may be repeated: `idempotent` on 5xx/network/429; `throttle-only` only on 429 (POST). */
export type RetryMode = 'idempotent' | 'throttle-only';

export interface SendRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly query?: Record<string, string | undefined> | undefined;
  readonly scope: string;
  readonly json?: unknown;
  readonly form?: FormData | undefined;
  readonly retry: RetryMode;
}

export interface RawResponse {
  readonly status: number;
  readonly body: unknown;
  readonly text: string;
  readonly retryAfterMs: number | undefined;
  readonly endpoint: string;
  /** An earlier attempt of this call got no answer or a 5xx: it may have been processed. */
  readonly earlierAttemptUncertain: boolean;
}

/**
 * Sends one logical call: Bearer token, JSON or multipart body, retries per `retry`, one token refresh on 401.
 * Returns any response that is not retried (the caller interprets 4xx); throws NetworkError when no response came.
 */
export async function send(ctx: ClientContext, req: SendRequest): Promise<RawResponse> {
  const endpoint = `${req.method} ${req.path}`;
  const url = new URL(req.path, ctx.baseUrl);
  for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
  let refreshedToken = false;
  let forceRefresh = false;
  let throttled = 0;
  let uncertain = false;
  for (let attempt = 1; ; attempt++) {
    const token = await ctx.getToken(req.scope, forceRefresh ? { forceRefresh: true } : undefined);
    forceRefresh = false;
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      accept: 'application/json',
      'accept-charset': 'utf-8',
      'user-agent': ctx.userAgent,
    };
    let body: string | FormData | undefined;
    if (req.json !== undefined) {
      headers['content-type'] = 'application/json; charset=utf-8';
      body = JSON.stringify(req.json);
    } else if (req.form !== undefined) {
      body = req.form;
    }
    let response: RawResponse;
    const started = performance.now();
    const path = `${url.pathname}${url.search}`;
    const requestBody = typeof body === 'string' ? body : body === undefined ? undefined : '(multipart form)';
    try {
      const r = await request(url, {
        method: req.method,
        headers,
        ...(body === undefined ? {} : { body }),
        ...(ctx.dispatcher === undefined ? {} : { dispatcher: ctx.dispatcher }),
        headersTimeout: ctx.timeoutMs,
        bodyTimeout: ctx.timeoutMs,
      });
      const text = await r.body.text();
      response = {
        status: r.statusCode,
        text,
        body: parseJson(text),
        retryAfterMs: parseRetryAfter(r.headers['retry-after'], ctx.now()),
        endpoint,
        earlierAttemptUncertain: uncertain,
      };
      ctx.emit({ type: 'http', method: req.method, path, attempt, status: r.statusCode, durationMs: performance.now() - started, requestBody, responseBody: text });
    } catch (cause) {
      const reason = describeNetworkError(cause);
      ctx.emit({ type: 'http', method: req.method, path, attempt, status: undefined, durationMs: performance.now() - started, reason, requestBody, responseBody: undefined });
      if (req.retry === 'idempotent' && attempt < ctx.maxAttempts) {
        uncertain = true;
        await pause(ctx, endpoint, attempt, backoffDelay(ctx, attempt), reason);
        continue;
      }
      throw new NetworkError(`${endpoint}: no response (${reason})`, { endpoint, cause });
    }
    if (response.status === 401 && !refreshedToken) {
      // A 401 means the request was not processed: safe to repeat once with a fresh token, even a POST.
      refreshedToken = true;
      forceRefresh = true;
      ctx.emit({ type: 'token-rejected', endpoint });
      attempt--;
      continue;
    }
    if (response.status === 429 && throttled < ctx.maxRateLimitRetries) {
      // Not processed: always safe to repeat. Rate limits have their own budget so a storm does not use up
      // the attempts meant for errors.
      throttled++;
      attempt--;
      const delay = Math.min(response.retryAfterMs ?? backoffDelay(ctx, throttled), ctx.maxRetryAfterMs);
      await pause(ctx, endpoint, throttled, delay, 'HTTP 429');
      continue;
    }
    const retryable = req.retry === 'idempotent' && response.status >= 500 && response.status !== 501;
    if (retryable && attempt < ctx.maxAttempts) {
      uncertain = true;
      const delay = Math.min(response.retryAfterMs ?? backoffDelay(ctx, attempt), ctx.maxRetryAfterMs);
      await pause(ctx, endpoint, attempt, delay, `HTTP ${response.status}`);
      continue;
    }
    return response;
  }
}

async function pause(ctx: ClientContext, endpoint: string, attempt: number, delayMs: number, reason: string) {
  ctx.emit({ type: 'retry', endpoint, attempt, delayMs, reason });
  await ctx.sleep(delayMs);
}

/** Maps a non-2xx response to the right error. */
export function errorFor(response: RawResponse): DigitollError {
  const { status, endpoint, body } = response;
  const details = { status, endpoint };
  const detail = describeBody(body, response.text);
  if (status === 400) {
    const errors = fieldErrors(body);
    if (errors !== undefined) return new ValidationRejectedError(errors, details);
    return new BadRequestError(`${endpoint}: HTTP 400 (${detail})`, details);
  }
  if (status === 401) return new UnauthorizedError(`${endpoint}: the Customs token was refused (${detail})`, details);
  if (status === 403) {
    return new ForbiddenError(
      `${endpoint}: forbidden (${detail}); the token lacks this API's scope or the organisation may not access the object`,
      details,
    );
  }
  if (status === 404) return new NotFoundError(`${endpoint}: not found (${detail})`, details);
  if (status === 429) return new RateLimitedError(`${endpoint}: still rate limited (HTTP 429) after retries`, response.retryAfterMs, details);
  if (status >= 500) return new ServerError(`${endpoint}: HTTP ${status} (${detail})`, details);
  return new BadRequestError(`${endpoint}: HTTP ${status} (${detail})`, details);
}

/** Reads `validationErrors[{field, error}]` from a 400 body. */
export function fieldErrors(body: unknown): FieldError[] | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const list = (body as { validationErrors?: unknown }).validationErrors;
  if (!Array.isArray(list)) return undefined;
  return list.map((e) => {
    const entry = (e ?? {}) as { field?: unknown; error?: unknown };
    return { field: typeof entry.field === 'string' ? entry.field : '(unknown field)', error: typeof entry.error === 'string' ? entry.error : '' };
  });
}

function describeBody(body: unknown, text: string): string {
  if (body !== null && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    for (const key of ['error_description', 'message', 'error', 'detail', 'title']) {
      if (typeof b[key] === 'string') return (b[key] as string).slice(0, 300);
    }
  }
  return text.slice(0, 200) || 'empty body';
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(v.trim())) return Math.round(Number(v.trim()) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** A short reason for a network failure. */
export function describeNetworkError(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${cause.message}` : cause.message;
  }
  return 'unknown error';
}

export { FormData };
