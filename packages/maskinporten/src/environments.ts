/** The hosts one Maskinporten + Customs installation is reached at. */
export interface MaskinportenEnvironment {
  /** Name used in cache keys and messages, e.g. `test`, `production`, `playground`. */
  readonly name: string;
  /** Maskinporten's token endpoint, e.g. `https://test.maskinporten.no/token`. */
  readonly tokenUrl: string;
  /** The grant's `aud`: Maskinporten's issuer id (not the token URL), e.g. `https://test.maskinporten.no/`. */
  readonly audience: string;
  /** Customs' token exchange, e.g. `https://api-test.toll.no/api/access/external/oauth/token`. */
  readonly tokenExchangeUrl: string;
}

/** Named environments of docs/digitoll.md §3. */
export type EnvironmentName = 'test' | 'production';

const NAMED: Record<EnvironmentName, MaskinportenEnvironment> = {
  test: {
    name: 'test',
    tokenUrl: 'https://test.maskinporten.no/token',
    audience: 'https://test.maskinporten.no/',
    tokenExchangeUrl: 'https://api-test.toll.no/api/access/external/oauth/token',
  },
  production: {
    name: 'production',
    tokenUrl: 'https://maskinporten.no/token',
    audience: 'https://maskinporten.no/',
    tokenExchangeUrl: 'https://api.toll.no/api/access/external/oauth/token',
  },
};

/**
 * Resolves an environment by name (`test`, `production`) or checks a custom one (e.g. the playground).
 *
 * @example
 * resolveEnvironment('test').tokenUrl; // 'https://test.maskinporten.no/token'
 * declare const pg: { url: string; maskinporten: { tokenUrl: string; audience: string } }; // a running playground
 * resolveEnvironment({ name: 'playground', tokenUrl: pg.maskinporten.tokenUrl,
 *   audience: pg.maskinporten.audience, tokenExchangeUrl: `${pg.url}/api/access/external/oauth/token` })
 */
export function resolveEnvironment(environment: EnvironmentName | MaskinportenEnvironment): MaskinportenEnvironment {
  if (typeof environment === 'string') {
    const named = NAMED[environment as EnvironmentName];
    if (named === undefined) {
      throw new TypeError(`environment must be "test", "production" or an object with custom URLs; got "${environment}"`);
    }
    return named;
  }
  for (const key of ['tokenUrl', 'audience', 'tokenExchangeUrl'] as const) {
    const value = environment[key];
    if (typeof value !== 'string' || !URL.canParse(value)) {
      throw new TypeError(`environment.${key} must be an absolute URL; got ${JSON.stringify(value)}`);
    }
  }
  if (typeof environment.name !== 'string' || environment.name === '') {
    throw new TypeError('environment.name must be a non-empty string');
  }
  return { ...environment };
}
