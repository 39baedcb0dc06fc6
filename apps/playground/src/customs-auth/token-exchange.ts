import { HttpError, mediaType, parseForm, readBody, type Reply } from '../lib/http.js';
import type { RouteContext } from '../lib/router.js';
import type { Runtime } from '../lib/runtime.js';
import { signCustomsToken, verifyMaskinportenToken } from '../lib/tokens.js';

function exchangeError(status: number, error: string, description: string): HttpError {
  return new HttpError(status, { error, error_description: description });
}

/** `POST /api/access/external/oauth/token` — exchange a Maskinporten token for a Customs token (§12.2). */
export async function tokenExchange(rt: Runtime, ctx: RouteContext): Promise<Reply> {
  if (mediaType(ctx.req) !== 'application/x-www-form-urlencoded') {
    throw exchangeError(415, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
  }
  const form = parseForm(await readBody(ctx.req, rt.settings.bodyLimitBytes));
  if (form.get('grant_type') !== 'token-exchange') throw exchangeError(400, 'unsupported_grant_type', 'grant_type must be token-exchange');
  if (form.get('subject_token_type') !== 'access_token') throw exchangeError(400, 'invalid_request', 'subject_token_type must be access_token');
  const subject = form.get('subject_token');
  if (subject === null || subject.length === 0) throw exchangeError(400, 'invalid_request', 'Missing subject_token');
  const mp = await verifyMaskinportenToken(rt, subject);
  if (mp === undefined) throw exchangeError(401, 'invalid_token', 'subject_token is not a valid, unexpired Maskinporten access token');
  const tollScopes = mp.scopes.filter((s) => s.startsWith('toll:'));
  const other = mp.scopes.filter((s) => !s.startsWith('toll:'));
  if (tollScopes.length === 0) throw exchangeError(403, 'invalid_scope', `Not authorized to request scope ${other.join(' ') || '(none)'}`);
  const lifetime = rt.settings.customsTokenLifetimeSeconds;
  const accessToken = await signCustomsToken(rt, { orgNumber: mp.orgNumber, scopes: tollScopes, clientId: mp.clientId }, lifetime);
  return { status: 200, headers: { 'cache-control': 'no-store' }, body: { issued_token_type: 'access_token', access_token: accessToken, token_type: 'Bearer', expires_in: lifetime } };
}
