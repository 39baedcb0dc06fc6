/**
 * `@tollkit/maskinporten`: Maskinporten JWT grant, Customs token exchange and a token cache.
 * Knows nothing about Digitoll messages.
 */
export * from './errors.js';
export { resolveEnvironment, type EnvironmentName, type MaskinportenEnvironment } from './environments.js';
export type { SigningKey, CertificateSummary } from './signing-key.js';
export { loadKeyFromPem, type PemKeyInput } from './load-key-from-pem.js';
export { loadKeyFromPkcs12, type Pkcs12KeyInput } from './load-key-from-pkcs12.js';
export { loadKeyFromJwk, type JwkKeyInput } from './load-key-from-jwk.js';
export { readSigningKey, keySourceSchema, type KeySource } from './read-signing-key.js';
export { createGrant, identityName, type ClientIdentity, type CreateGrantOptions } from './create-grant.js';
export { requestMaskinportenToken, type MaskinportenTokenResponse, type RequestMaskinportenTokenOptions } from './request-maskinporten-token.js';
export { exchangeCustomsToken, type CustomsTokenResponse, type ExchangeCustomsTokenOptions } from './exchange-customs-token.js';
export { CustomsToken } from './customs-token.js';
export {
  createTokenProvider,
  type TokenProvider,
  type TokenProviderOptions,
  type GetTokenOptions,
  type TokenEvent,
} from './create-token-provider.js';
export { readClientIdentity, clientIdentityConfigSchema, type ClientIdentityConfig } from './read-client-identity.js';
export { environmentSchema, tokenProviderSettingsSchema, type TokenProviderSettings } from './settings.js';
