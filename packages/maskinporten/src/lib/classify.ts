import {
  BadCredentialsError,
  BadResponseError,
  ClockSkewError,
  ScopeNotGrantedError,
  ServiceUnavailableError,
  type MaskinportenError,
} from '../errors.js';
import { oauthError, type FormResponse } from './http.js';

/** Clock offsets below this are not worth mentioning (Date has 1 s resolution). */
export const NOTABLE_OFFSET_MS = 2_000;
/** Maskinporten's tolerance for iat/exp (PITFALLS.md). */
export const SERVER_TOLERANCE_MS = 10_000;

const TIME_WORDS = /in the future|in the past|has expired|is expired|not yet valid|clock|too old|too far ahead/i;
/** Refusals that mention time but are about something else (certificate validity, grant lifetime). */
const NOT_TIME = /certificate|lifetime|expired key/i;

/** Describes an offset as plain words: "47 s ahead of". */
export function describeOffset(offsetMs: number): string {
  // offset = server − local; positive means our clock is behind.
  const seconds = Math.round(Math.abs(offsetMs) / 1000);
  return `${seconds} s ${offsetMs > 0 ? 'behind' : 'ahead of'}`;
}

/** Turns a refusal (non-2xx) into the right typed error. */
export function classifyRefusal(
  service: 'Maskinporten' | 'the Customs token exchange',
  response: FormResponse,
  scope: string,
  clockOffsetMs: number | undefined,
): MaskinportenError {
  const { error, description } = oauthError(response.body);
  const detail = [error, description].filter(Boolean).join(': ') || `HTTP ${response.status}`;
  const status = response.status;
  if (status === 429 || status >= 500) {
    return new ServiceUnavailableError(`${service} answered HTTP ${status} (${detail})`, { status, retryAfterMs: response.retryAfterMs, clockOffsetMs });
  }
  const text = `${error ?? ''} ${description ?? ''}`;
  if (error === 'invalid_scope' || /not authori[sz]ed to request scope|scope.*not (granted|allowed|registered)/i.test(text)) {
    return new ScopeNotGrantedError(
      scope,
      `${service} refused scope "${scope}" (${detail}). The scope is not granted to this client, not registered with ` +
        'Digitoll, or from the wrong family (toll: for Norwegian businesses, toll:eu/ for foreign ones).',
      { status, oauthError: error, clockOffsetMs },
    );
  }
  const offsetIsLarge = clockOffsetMs !== undefined && Math.abs(clockOffsetMs) >= SERVER_TOLERANCE_MS;
  if ((error === 'invalid_grant' || status === 400) && ((TIME_WORDS.test(text) && !NOT_TIME.test(text)) || offsetIsLarge)) {
    const clock =
      clockOffsetMs === undefined
        ? "The server sent no usable Date header to compare clocks; check this machine's clock."
        : Math.abs(clockOffsetMs) < NOTABLE_OFFSET_MS
          ? "This machine's clock agrees with the server's Date header (within 2 s), so the server's own clock may be off; check both."
          : `This machine's clock is ${describeOffset(clockOffsetMs)} the server's (from its Date header); ` +
          `${service} tolerates about ${SERVER_TOLERANCE_MS / 1000} s.`;
    return new ClockSkewError(
      `${service} refused the grant for time reasons (${detail}). ${clock} Synchronise the clock (NTP) and try again.`,
      { status, oauthError: error, clockOffsetMs },
    );
  }
  if (status === 400 || status === 401 || status === 403) {
    return new BadCredentialsError(
      `${service} refused the credentials (${detail}). Check the client id, the certificate or key id registered ` +
        'for it, and that test certificates are used with test and production ones with production.',
      { status, oauthError: error, clockOffsetMs },
    );
  }
  return new BadResponseError(`${service} answered HTTP ${status} (${detail})`, { status, oauthError: error, clockOffsetMs });
}

/** Measures server − local from a response's Date header (midpoint of its 1 s resolution). */
export function measureOffset(response: FormResponse, localAtResponse: number): number | undefined {
  return response.serverDate === undefined ? undefined : response.serverDate + 500 - localAtResponse;
}
