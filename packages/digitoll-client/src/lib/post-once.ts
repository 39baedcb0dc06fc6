import { acceptedResponseSchema } from '@tollkit/messages';
import { NetworkError, OutcomeUnknownError, ServerError } from '../errors.js';
import type { ClientContext } from './context.js';
import { errorFor, send, type FormData, type RawResponse } from './http.js';
import { parseResponse } from './parse.js';

/**
 * POSTs something that cannot be looked up afterwards (relation, arrival, document): repeated only after a 429;
 * a lost answer or a 5xx becomes {@link OutcomeUnknownError} rather than a blind re-send.
 */
export async function postOnce(
  ctx: ClientContext,
  request: { path: string; scope: string; json?: unknown; form?: FormData; what: string },
): Promise<RawResponse> {
  const endpoint = `POST ${request.path}`;
  let response: RawResponse;
  try {
    response = await send(ctx, { method: 'POST', path: request.path, scope: request.scope, json: request.json, form: request.form, retry: 'throttle-only' });
  } catch (error) {
    if (error instanceof NetworkError) {
      ctx.emit({ type: 'outcome-unknown', endpoint, reason: error.message });
      throw new OutcomeUnknownError(`${endpoint}: no answer (${error.message}); the ${request.what} may or may not have been received and was not re-sent`, {
        endpoint,
        cause: error,
      });
    }
    throw error;
  }
  if (response.status >= 200 && response.status < 300) return response;
  const error = errorFor(response);
  if (error instanceof ServerError) {
    ctx.emit({ type: 'outcome-unknown', endpoint, reason: error.message });
    throw new OutcomeUnknownError(`${endpoint}: ${error.message}; the ${request.what} may or may not have been received and was not re-sent`, {
      endpoint,
      status: response.status,
      cause: error,
    });
  }
  throw error;
}

/** `{requestId}` of a 202. */
export function acceptedRequestId(response: RawResponse): string {
  return parseResponse(acceptedResponseSchema, response, 'accepted response').requestId;
}
