// Consumer check: a Maskinporten grant signed with the playground's demo client key, exchanged for a
// Customs token, and a Digitoll client using it against the playground (URLs and files from the env).
import { readFile } from 'node:fs/promises';
import { createGrant, exchangeCustomsToken, loadKeyFromPem, requestMaskinportenToken } from '@tollkit/maskinporten';
import { createDigitollClient } from '@tollkit/digitoll-client';

function env(name = '') {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set`);
  return value;
}
const scope = 'toll:movement/road/v2';
const key = loadKeyFromPem({ key: await readFile(env('TK_KEY_FILE'), 'utf8'), certificates: await readFile(env('TK_CERT_FILE'), 'utf8') });
const assertion = await createGrant({
  identity: { kind: 'business-certificate', clientId: env('TK_CLIENT_ID'), key },
  audience: env('TK_AUDIENCE'),
  scope,
  now: Date.now(),
});
const [header, claims] = assertion.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')));
const maskinporten = await requestMaskinportenToken({ tokenUrl: env('TK_TOKEN_URL'), assertion, scope });
const customs = await exchangeCustomsToken({ tokenExchangeUrl: `${env('TK_BASE_URL')}/api/access/external/oauth/token`, subjectToken: maskinporten.accessToken, scope });
const client = createDigitollClient({ baseUrl: env('TK_BASE_URL'), getToken: async () => customs.accessToken });
const auth = await client.testAuth('road');
console.log(JSON.stringify({ alg: header.alg, x5c: Array.isArray(header.x5c), iss: claims.iss, scope: claims.scope, lifetime: claims.exp - claims.iat, customsTokenType: customs.tokenType, testAuth: auth.status }));
