import { z } from 'zod';
import type { ClientIdentity } from './create-grant.js';
import { keySourceSchema, readSigningKey } from './read-signing-key.js';

/**
 * The Maskinporten client as written in a config file: who signs (`kind`), the client id or eSeal issuer,
 * and where the key lives. Secrets (`password`, `passphrase`) are filled in by the app (e.g. from env vars).
 *
 * @example
 * const password = process.env['P12_PASSWORD'] ?? '';
 * clientIdentityConfigSchema.parse({ kind: 'business-certificate', clientId: 'abc',
 *   key: { format: 'pkcs12', file: '/etc/tollkit/virksomhet.p12', password } })
 */
export const clientIdentityConfigSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('business-certificate'), clientId: z.string().min(1, 'clientId must be the Maskinporten client id'), key: keySourceSchema }),
    z.object({ kind: z.literal('eseal'), issuer: z.string().min(1, 'issuer must name the business or system (iss)'), key: keySourceSchema }),
    z.object({
      kind: z.literal('key-id'),
      clientId: z.string().min(1, 'clientId must be the Maskinporten client id'),
      kid: z.string().min(1).optional(),
      key: keySourceSchema,
    }),
  ],
  { error: 'kind must be "business-certificate", "eseal" or "key-id"' },
);

/** See {@link clientIdentityConfigSchema}. */
export type ClientIdentityConfig = z.infer<typeof clientIdentityConfigSchema>;

/**
 * Reads the key files named in a {@link ClientIdentityConfig} and returns the identity for `createTokenProvider`.
 *
 * @example
 * declare const config: { maskinporten: { client: ClientIdentityConfig } }; // your app's loaded config
 * const identity = await readClientIdentity(config.maskinporten.client);
 */
export async function readClientIdentity(config: ClientIdentityConfig): Promise<ClientIdentity> {
  const key = await readSigningKey(config.key);
  switch (config.kind) {
    case 'eseal':
      return { kind: 'eseal', issuer: config.issuer, key };
    case 'key-id':
      return { kind: 'key-id', clientId: config.clientId, key, kid: config.kid };
    case 'business-certificate':
      return { kind: 'business-certificate', clientId: config.clientId, key };
    default:
      throw new TypeError('kind must be "business-certificate", "eseal" or "key-id"');
  }
}
