import { HttpError, mediaType, parseForm, readBody, type Reply } from '../lib/http.js';
import type { RouteContext } from '../lib/router.js';
import type { Runtime } from '../lib/runtime.js';
import { signMaskinportenToken } from '../lib/tokens.js';
import { oauthError, verifyGrant } from './verify-grant.js';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** `POST /maskinporten/token` — the JWT-bearer grant (docs/digitoll.md §12.1). */
export async function maskinportenToken(rt: Runtime, ctx: RouteContext): Promise<Reply> {
  if (mediaType(ctx.req) !== 'application/x-www-form-urlencoded') {
    throw new HttpError(415, { error: 'invalid_request', error_description: 'Content-Type must be application/x-www-form-urlencoded' });
  }
  const form = parseForm(await readBody(ctx.req, rt.settings.bodyLimitBytes));
  const grantType = form.get('grant_type');
  if (grantType === null) throw oauthError('invalid_request', 'Missing grant_type');
  if (grantType !== JWT_BEARER) throw oauthError('unsupported_grant_type', `Unsupported grant_type ${grantType}; use ${JWT_BEARER}`);
  const assertion = form.get('assertion');
  if (assertion === null || assertion.length === 0) throw oauthError('invalid_request', 'Missing assertion');
  const { client, scopes } = await verifyGrant(rt, assertion);
  const lifetime = rt.settings.maskinportenTokenLifetimeSeconds;
  const accessToken = await signMaskinportenToken(rt, { clientId: client.clientId, orgNumber: client.orgNumber, scopes }, lifetime);
  return {
    status: 200,
    headers: { 'cache-control': 'no-store' },
    body: { access_token: accessToken, token_type: 'Bearer', expires_in: lifetime, scope: scopes.join(' ') },
  };
}
