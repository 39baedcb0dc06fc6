import type { Dispatcher } from 'undici';
import { BadResponseError, ServiceUnavailableError } from './errors.js';
import { classifyRefusal, measureOffset } from './lib/classify.js';
import { postForm } from './lib/http.js';

/** Maskinporten's token response (the access token is secret). */
export interface MaskinportenTokenResponse {
  readonly accessToken: string;
  readonly expiresIn: number;
  readonly scope: string;
  /** server − local in ms from the response's Date header, when present. */
  readonly clockOffsetMs: number | undefined;
}

/** Options of {@link requestMaskinportenToken}. */
export interface RequestMaskinportenTokenOptions {
  readonly tokenUrl: string;
  /** The signed grant from `createGrant`. */
  readonly assertion: string;
  /** For messages only. */
  readonly scope: string;
  readonly dispatcher?: Dispatcher | undefined;
  readonly now?: (() => number) | undefined;
  readonly timeoutMs?: number | undefined;
  /** Offset known before this call, to explain a time refusal when the response has no Date. */
  readonly knownClockOffsetMs?: number | undefined;
}

/**
 * One call to Maskinporten's token endpoint with a JWT grant (no retries; the token provider retries).
 * Throws a typed {@link MaskinportenError}: bad credentials, scope not granted, clock skew, service unavailable.
 *
 * @example
 * declare const assertion: string; // createGrant(…)
 * const { accessToken, expiresIn } = await requestMaskinportenToken({
 *   tokenUrl: resolveEnvironment('test').tokenUrl, assertion, scope: 'toll:movement/road/v2',
 * });
 */
export async function requestMaskinportenToken(options: RequestMaskinportenTokenOptions): Promise<MaskinportenTokenResponse> {
  const now = options.now ?? Date.now;
  let response;
  try {
    response = await postForm({
      url: options.tokenUrl,
      form: { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: options.assertion },
      dispatcher: options.dispatcher,
      timeoutMs: options.timeoutMs ?? 10_000,
      now,
    });
  } catch (cause) {
    throw new ServiceUnavailableError(`Maskinporten at ${options.tokenUrl} could not be reached (${describeNetworkError(cause)})`, { cause });
  }
  const clockOffsetMs = measureOffset(response, now()) ?? options.knownClockOffsetMs;
  if (response.status < 200 || response.status >= 300) {
    throw classifyRefusal('Maskinporten', response, options.scope, clockOffsetMs);
  }
  const body = response.body as Record<string, unknown> | undefined;
  const accessToken = body?.['access_token'];
  const expiresIn = body?.['expires_in'];
  if (typeof accessToken !== 'string' || accessToken === '' || typeof expiresIn !== 'number' || !(expiresIn > 0)) {
    throw new BadResponseError('Maskinporten answered 2xx without a usable access_token/expires_in', { status: response.status });
  }
  const scope = typeof body?.['scope'] === 'string' ? (body['scope'] as string) : options.scope;
  return { accessToken, expiresIn, scope, clockOffsetMs };
}

/** A short reason for a network failure, without request details. @internal */
export function describeNetworkError(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${cause.message}` : cause.message;
  }
  return 'unknown error';
}
