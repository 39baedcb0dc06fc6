import { request, type Dispatcher } from 'undici';

/** A form POST's outcome as the token functions need it. Bodies here may hold tokens: never log them. */
export interface FormResponse {
  readonly status: number;
  readonly body: unknown;
  readonly rawText: string;
  /** Server time from the `Date` header, ms since epoch. */
  readonly serverDate: number | undefined;
  readonly retryAfterMs: number | undefined;
}

export interface FormPostOptions {
  readonly url: string;
  readonly form: Record<string, string>;
  readonly dispatcher: Dispatcher | undefined;
  readonly timeoutMs: number;
  readonly now: () => number;
}

/** POSTs an x-www-form-urlencoded body; network failures are thrown as is. */
export async function postForm(options: FormPostOptions): Promise<FormResponse> {
  const response = await request(options.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(options.form).toString(),
    ...(options.dispatcher === undefined ? {} : { dispatcher: options.dispatcher }),
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
  });
  const rawText = await response.body.text();
  let body: unknown;
  try {
    body = rawText === '' ? undefined : JSON.parse(rawText);
  } catch {
    body = undefined;
  }
  return {
    status: response.statusCode,
    body,
    rawText,
    serverDate: parseHttpDate(header(response.headers, 'date')),
    retryAfterMs: parseRetryAfter(header(response.headers, 'retry-after'), options.now()),
  };
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function parseHttpDate(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** `Retry-After` as delta-seconds or HTTP date, in ms from now. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = parseHttpDate(value);
  return at === undefined ? undefined : Math.max(0, at - now);
}

/** Reads the OAuth error members of a refusal (RFC 6749 §5.2); they are never secret. */
export function oauthError(body: unknown): { error: string | undefined; description: string | undefined } {
  if (body === null || typeof body !== 'object') return { error: undefined, description: undefined };
  const record = body as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, 500) : undefined);
  return {
    error: text(record['error']),
    description: text(record['error_description']) ?? text(record['message']) ?? text(record['detail']),
  };
}
