import { scopeFor, submitBase, type TransportMode } from './endpoints.js';
import type { ClientContext } from './lib/context.js';
import { errorFor, send } from './lib/http.js';

/**
 * The smoke test of docs/digitoll.md §12.3: `GET …/test-auth` with the mode's token; resolves on 200, throws
 * `DIGITOLL_UNAUTHORIZED` / `DIGITOLL_FORBIDDEN` otherwise.
 *
 * @example
 * await client.testAuth('road');
 */
export async function testAuth(ctx: ClientContext, mode: TransportMode = 'road'): Promise<{ status: number }> {
  const response = await send(ctx, { method: 'GET', path: `${submitBase(mode)}/test-auth`, scope: scopeFor(mode, ctx.scopeFamily), retry: 'idempotent' });
  if (response.status < 200 || response.status >= 300) throw errorFor(response);
  return { status: response.status };
}
