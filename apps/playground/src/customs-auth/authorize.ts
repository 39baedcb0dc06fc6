import { HttpError } from '../lib/http.js';
import type { RouteContext } from '../lib/router.js';
import type { Runtime } from '../lib/runtime.js';
import { verifyCustomsToken, type CustomsTokenClaims } from '../lib/tokens.js';

/**
 * Checks `Authorization: Bearer <Customs token>` and that the token carries one of `anyOfScopes`.
 * 401 for a missing/invalid/expired token, 403 for a missing scope (RFC 6750 `WWW-Authenticate`).
 */
export async function authorize(rt: Runtime, ctx: RouteContext, anyOfScopes: readonly string[]): Promise<CustomsTokenClaims> {
  const header = ctx.req.headers.authorization;
  const match = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header);
  if (match === null || match[1] === undefined) {
    throw new HttpError(401, { error: 'unauthorized', error_description: 'Missing Bearer token in the Authorization header' }, { 'www-authenticate': 'Bearer realm="digitoll"' });
  }
  const result = await verifyCustomsToken(rt, match[1]);
  if (!result.ok) {
    throw new HttpError(401, { error: 'invalid_token', error_description: result.reason }, { 'www-authenticate': `Bearer realm="digitoll", error="invalid_token", error_description="${result.reason}"` });
  }
  if (!anyOfScopes.some((s) => result.claims.scopes.includes(s))) {
    throw insufficientScope(`The token does not carry the scope this API requires (${anyOfScopes.join(' or ')})`, anyOfScopes);
  }
  return result.claims;
}

/** The 403 `insufficient_scope` answer (RFC 6750 §3.1), for a missing scope or withdrawn access. */
export function insufficientScope(description: string, scopes: readonly string[] = []): HttpError {
  const scope = scopes.length > 0 ? `, scope="${scopes.join(' ')}"` : '';
  return new HttpError(403, { error: 'insufficient_scope', error_description: description }, { 'www-authenticate': `Bearer realm="digitoll", error="insufficient_scope"${scope}` });
}
