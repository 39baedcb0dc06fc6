import { randomUUID } from 'node:crypto';
import { API_PATHS, scopeFor } from './endpoints.js';
import { NetworkError, OutcomeUnknownError, ServerError, type DigitollError } from './errors.js';
import type { ClientContext } from './lib/context.js';
import { errorFor, fieldErrors, send } from './lib/http.js';

/** The presentation endpoints of docs/digitoll.md §4.2. `entry-summary-declaration` is deprecated by Customs. */
export type PresentationKind = 'house-consignment' | 'master-consignment' | 'container' | 'receptacle' | 'entry-summary-declaration';

const KINDS: readonly PresentationKind[] = ['house-consignment', 'master-consignment', 'container', 'receptacle', 'entry-summary-declaration'];

/** Input of {@link present}: the body per `@tollkit/messages` `present…Schema`; `requestId` is added when absent. */
export interface PresentInput {
  readonly kind: PresentationKind;
  readonly body: Record<string, unknown>;
}

/** The operation behind `DigitollClient.present` (documented there). */
export async function present(ctx: ClientContext, input: PresentInput): Promise<{ requestId: string }> {
  if (!KINDS.includes(input.kind)) throw new TypeError(`kind must be one of ${KINDS.join(', ')}; got ${JSON.stringify(input.kind)}`);
  const existing = input.body['requestId'];
  const requestId = typeof existing === 'string' && existing !== '' ? existing : randomUUID();
  const body = { ...input.body, requestId };
  const path = `${API_PATHS.presentation}/${input.kind}`;
  let resent = false;
  for (let attempt = 1; ; attempt++) {
    let failure: DigitollError;
    try {
      const response = await send(ctx, { method: 'POST', path, scope: scopeFor('entry', ctx.scopeFamily), json: body, retry: 'throttle-only' });
      if (response.status >= 200 && response.status < 300) return { requestId };
      const reused = resent && response.status === 400 && (fieldErrors(response.body) ?? []).some((e) => e.field === 'requestId');
      if (reused) return { requestId };
      const error = errorFor(response);
      if (!(error instanceof ServerError)) throw error;
      failure = error;
    } catch (error) {
      if (!(error instanceof NetworkError)) throw error;
      failure = error;
    }
    ctx.emit({ type: 'outcome-unknown', endpoint: `POST ${path}`, reason: failure.message });
    if (attempt >= ctx.maxAttempts) {
      throw new OutcomeUnknownError(`POST ${path}: outcome unknown after ${attempt} attempt(s) (${failure.message}); poll requestId ${requestId}`, {
        endpoint: `POST ${path}`,
        cause: failure,
      });
    }
    resent = true;
    await ctx.sleep(ctx.lookupDelayMs);
  }
}
