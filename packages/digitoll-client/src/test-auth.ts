import { scopeFor, submitBase, type TransportMode } from './endpoints.js';
import type { ClientContext } from './lib/context.js';
import { errorFor, send } from './lib/http.js';

/** The operation behind `DigitollClient.testAuth` (documented there). */
export async function testAuth(ctx: ClientContext, mode: TransportMode = 'road'): Promise<{ status: number }> {
  const response = await send(ctx, { method: 'GET', path: `${submitBase(mode)}/test-auth`, scope: scopeFor(mode, ctx.scopeFamily), retry: 'idempotent' });
  if (response.status < 200 || response.status >= 300) throw errorFor(response);
  return { status: response.status };
}
