import { request } from 'undici';

/** A decoded HTTP answer. */
export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
  text: string;
}

/** Plain HTTP call with undici (no Tollkit client involved). JSON bodies unless `form` or `raw` is given. */
export async function call(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; json?: unknown; form?: Record<string, string>; raw?: string; contentType?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] = options.contentType ?? 'application/json';
  } else if (options.form !== undefined) {
    body = new URLSearchParams(options.form).toString();
    headers['content-type'] = options.contentType ?? 'application/x-www-form-urlencoded';
  } else if (options.raw !== undefined) {
    body = options.raw;
    if (options.contentType !== undefined) headers['content-type'] = options.contentType;
  }
  const res = await request(`${baseUrl}${path}`, { method: method as 'GET', headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.body.text();
  let parsed: unknown;
  try {
    parsed = text.length > 0 ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.statusCode, headers: res.headers, body: parsed, text };
}

/** Polls a validation-status URL until it is not 404 (max `timeoutMs`). */
export async function pollStatus(baseUrl: string, path: string, token: string, timeoutMs = 5000): Promise<Answer> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const a = await call(baseUrl, 'GET', path, { token });
    if (a.status !== 404 || Date.now() > deadline) return a;
    await new Promise((r) => setTimeout(r, 25));
  }
}
