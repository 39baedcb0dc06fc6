import { gatewayError, validationErrors } from '../lib/http.js';
import type { RouteContext } from '../lib/router.js';
import type { Runtime } from '../lib/runtime.js';
import { isKnownDeclaration, knownDeclarationIdsText, parseDeclarationId } from './declaration-id.js';

/** Extra 400 findings to report together with a malformed declaration id. */
type Finding = { field: string; error: string };

/**
 * Checks the path's `declarationId`: 400 (with `extra` findings) when it is malformed, 404 when it is not a TVINN
 * declaration the playground knows. Returns the id as given.
 */
export function resolveDeclaration(rt: Runtime, ctx: RouteContext, extra: readonly Finding[] = []): string {
  const declarationId = ctx.params['declarationId'] ?? '';
  const parsed = parseDeclarationId(declarationId);
  const errors = parsed.ok ? [...extra] : [{ field: 'declarationId', error: parsed.error }, ...extra];
  if (errors.length > 0) throw validationErrors(errors);
  if (parsed.ok && !isKnownDeclaration(parsed.id)) {
    throw gatewayError(
      404,
      'Not Found',
      `No TVINN declaration ${declarationId}: documents can only be attached to an existing declaration (the playground knows ${knownDeclarationIdsText()})`,
      ctx.url.pathname,
      rt.clock.now(),
    );
  }
  return declarationId;
}
