import type { Dispatcher } from 'undici';
import { BadResponseError, ServiceUnavailableError } from './errors.js';
import { classifyRefusal, measureOffset } from './lib/classify.js';
import { postForm } from './lib/http.js';
import { describeNetworkError } from './request-maskinporten-token.js';

/** Customs' exchange response (docs/digitoll.md §12.2). */
export interface CustomsTokenResponse {
  readonly accessToken: string;
  readonly tokenType: string;
  readonly expiresIn: number;
  readonly clockOffsetMs: number | undefined;
}

/** Options of {@link exchangeCustomsToken}. */
export interface ExchangeCustomsTokenOptions {
  readonly tokenExchangeUrl: string;
  /** The Maskinporten access token. */
  readonly subjectToken: string;
  /** For messages only. */
  readonly scope: string;
  readonly dispatcher?: Dispatcher | undefined;
  readonly now?: (() => number) | undefined;
  readonly timeoutMs?: number | undefined;
}

/**
 * One call to Customs' token exchange: Maskinporten token in, Customs-signed token out (no retries).
 *
 * @example
 * declare const mp: MaskinportenTokenResponse; // requestMaskinportenToken(…)
 * const { tokenExchangeUrl } = resolveEnvironment('test');
 * const customs = await exchangeCustomsToken({ tokenExchangeUrl, subjectToken: mp.accessToken, scope: 'toll:movement/road/v2' });
 */
export async function exchangeCustomsToken(options: ExchangeCustomsTokenOptions): Promise<CustomsTokenResponse> {
  const now = options.now ?? Date.now;
  let response;
  try {
    response = await postForm({
      url: options.tokenExchangeUrl,
      form: { grant_type: 'token-exchange', subject_token_type: 'access_token', subject_token: options.subjectToken },
      dispatcher: options.dispatcher,
      timeoutMs: options.timeoutMs ?? 10_000,
      now,
    });
  } catch (cause) {
    throw new ServiceUnavailableError(
      `the Customs token exchange at ${options.tokenExchangeUrl} could not be reached (${describeNetworkError(cause)})`,
      { cause },
    );
  }
  const clockOffsetMs = measureOffset(response, now());
  if (response.status < 200 || response.status >= 300) {
    throw classifyRefusal('the Customs token exchange', response, options.scope, clockOffsetMs);
  }
  const body = response.body as Record<string, unknown> | undefined;
  const accessToken = body?.['access_token'];
  const expiresIn = body?.['expires_in'];
  if (typeof accessToken !== 'string' || accessToken === '' || typeof expiresIn !== 'number' || !(expiresIn > 0)) {
    throw new BadResponseError('the Customs token exchange answered 2xx without a usable access_token/expires_in', {
      status: response.status,
    });
  }
  const tokenType = typeof body?.['token_type'] === 'string' ? (body['token_type'] as string) : 'Bearer';
  return { accessToken, tokenType, expiresIn, clockOffsetMs };
}
