import { HttpError, mediaType, parseJson, readBody } from './http.js';
import type { RouteContext } from './router.js';
import type { Runtime } from './runtime.js';

/**
 * Reads a JSON request body: 415 unless `Content-Type` is `application/json` (or `+json`), 413 above the size
 * limit, 400 on malformed JSON. With `optional`, an empty body gives `undefined`.
 */
export async function readJsonBody(rt: Runtime, ctx: RouteContext, optional = false): Promise<unknown> {
  const type = mediaType(ctx.req);
  const raw = await readBody(ctx.req, rt.settings.bodyLimitBytes);
  if (optional && raw.length === 0) return undefined;
  if (type === undefined || !(type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json')))) {
    throw new HttpError(415, {
      timestamp: new Date(rt.clock.now()).toISOString(),
      status: 415,
      error: 'Unsupported Media Type',
      message: `Content-Type '${type ?? '(none)'}' is not supported; use application/json`,
      path: ctx.url.pathname,
    });
  }
  return parseJson(raw);
}
