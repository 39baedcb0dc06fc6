import { X509Certificate, randomUUID } from 'node:crypto';
import { SignJWT, importPKCS8 } from 'jose';
import type { DemoClient } from './maskinporten/demo-client.js';

/** Options of {@link createGrant}. */
export interface CreateGrantOptions {
  /** The client (e.g. `pg.demoClient` or one read from the demo-client folder). */
  client: Pick<DemoClient, 'clientId' | 'keyPem' | 'certificatePem' | 'kid' | 'keyClientId'>;
  /** Maskinporten audience = `pg.maskinporten.audience`. */
  audience: string;
  /** Space-separated scopes. */
  scope: string;
  /** `x5c` (certificate, default; issuer `clientId`) or `kid` (registered key; issuer `keyClientId`). */
  keyReference?: 'x5c' | 'kid';
  /** Issue time in epoch ms (default now). */
  now?: number;
  /** exp - iat in seconds (default 100; Maskinporten refuses > 120). */
  lifetimeSeconds?: number;
}

/**
 * Signs a Maskinporten JWT-bearer grant for the playground (used by the CLI's `grant` command so curl users can get
 * a token). Tollkit's real client lives in `@tollkit/maskinporten`; this is a convenience for demos.
 */
export async function createGrant(o: CreateGrantOptions): Promise<string> {
  const key = await importPKCS8(o.client.keyPem, 'RS256');
  const iat = Math.floor((o.now ?? Date.now()) / 1000);
  const header =
    (o.keyReference ?? 'x5c') === 'kid'
      ? { alg: 'RS256', kid: o.client.kid }
      : { alg: 'RS256', x5c: [new X509Certificate(o.client.certificatePem).raw.toString('base64')] };
  return new SignJWT({ scope: o.scope })
    .setProtectedHeader(header)
    .setIssuer((o.keyReference ?? 'x5c') === 'kid' ? o.client.keyClientId : o.client.clientId)
    .setAudience(o.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + (o.lifetimeSeconds ?? 100))
    .setJti(randomUUID())
    .sign(key);
}
