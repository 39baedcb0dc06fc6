import type { Reply } from '../lib/http.js';
import type { Runtime } from '../lib/runtime.js';

/** `GET /maskinporten/.well-known/oauth-authorization-server` — issuer metadata like Maskinporten publishes. */
export function maskinportenMetadata(rt: Runtime): Reply {
  const issuer = rt.maskinportenAudience();
  return {
    status: 200,
    body: {
      issuer,
      token_endpoint: `${rt.baseUrl()}/maskinporten/token`,
      jwks_uri: `${rt.baseUrl()}/maskinporten/jwk`,
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      grant_types_supported: ['urn:ietf:params:oauth:grant-type:jwt-bearer'],
      token_endpoint_auth_signing_alg_values_supported: ['RS256', 'RS384', 'RS512'],
    },
  };
}

/** `GET /maskinporten/jwk` — the public key that signs the playground's access tokens (Maskinporten and Customs). */
export function maskinportenJwks(rt: Runtime): Reply {
  const jwk = rt.signingKey.publicKey.export({ format: 'jwk' });
  return { status: 200, body: { keys: [{ ...jwk, kid: rt.signingKey.kid, alg: 'RS256', use: 'sig' }] } };
}
