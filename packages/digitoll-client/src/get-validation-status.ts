import { validationStatusSchema, type ValidationStatus } from '@tollkit/messages';
import { API_PATHS, checkLevel, queryBase, scopeFor, segment, type NotificationLevel, type TransportMode } from './endpoints.js';
import type { ClientContext } from './lib/context.js';
import { errorFor, send } from './lib/http.js';
import { parseResponse } from './lib/parse.js';

/** Which API a requestId belongs to. */
export type ValidationTarget =
  | { readonly api: 'notification'; readonly mode: TransportMode; readonly level: NotificationLevel }
  | { readonly api: 'presentation' }
  | { readonly api: 'relation'; readonly mode: TransportMode }
  | { readonly api: 'arrival' };

/** Path and scope of a validation-status call. @internal */
export function validationStatusPath(ctx: ClientContext, target: ValidationTarget, requestId: string): { path: string; scope: string } {
  const id = segment(requestId, 'requestId');
  switch (target.api) {
    case 'notification':
      return { path: `${queryBase(target.mode)}/${checkLevel(target.level)}/validation-status/${id}`, scope: scopeFor(target.mode, ctx.scopeFamily) };
    case 'presentation':
      return { path: `${API_PATHS.presentation}/validation-status/${id}`, scope: scopeFor('entry', ctx.scopeFamily) };
    case 'relation':
      return { path: `${queryBase(target.mode)}/relation/validation-status/${id}`, scope: scopeFor(target.mode, ctx.scopeFamily) };
    case 'arrival':
      return { path: `${API_PATHS.arrival}/validation-status/${id}`, scope: ctx.arrivalScope };
    default:
      throw new TypeError('target.api must be notification, presentation, relation or arrival');
  }
}

/** The operation behind `DigitollClient.getValidationStatus` (documented there). */
export async function getValidationStatus(ctx: ClientContext, target: ValidationTarget, requestId: string): Promise<ValidationStatus | undefined> {
  const { path, scope } = validationStatusPath(ctx, target, requestId);
  const response = await send(ctx, { method: 'GET', path, scope, retry: 'idempotent' });
  if (response.status === 404) return undefined;
  if (response.status < 200 || response.status >= 300) throw errorFor(response);
  return parseResponse(validationStatusSchema, response, 'validation status');
}
