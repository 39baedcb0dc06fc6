import { createTokenProvider, loadKeyFromPem, type TokenProvider } from '@tollkit/maskinporten';
import { startPlayground, type Playground, type PlaygroundOptions } from '@tollkit/playground';
import { createDigitollClient, type DigitollClient, type DigitollClientOptions, type DigitollEvent } from '../../src/index.js';

/** A playground, a real token provider (demo client, x5c grant) and a client wired to both. */
export interface TestRig {
  pg: Playground;
  tokens: TokenProvider;
  client: DigitollClient;
  events: DigitollEvent[];
  /** Another client on the same playground and token provider, with other options. */
  makeClient(options?: Partial<DigitollClientOptions>): DigitollClient;
}

export async function startRig(options: PlaygroundOptions = {}, clientOptions: Partial<DigitollClientOptions> = {}): Promise<TestRig> {
  const pg = await startPlayground({ port: 0, validationDelayMs: 0, ...options });
  const tokens = createTokenProvider({
    environment: { name: 'playground', tokenUrl: pg.maskinporten.tokenUrl, audience: pg.maskinporten.audience, tokenExchangeUrl: `${pg.url}/api/access/external/oauth/token` },
    identity: { kind: 'business-certificate', clientId: pg.demoClient.clientId, key: loadKeyFromPem({ key: pg.demoClient.keyPem, certificates: pg.demoClient.certificatePem }) },
  });
  const events: DigitollEvent[] = [];
  const makeClient = (extra: Partial<DigitollClientOptions> = {}) =>
    createDigitollClient({
      baseUrl: pg.url,
      getToken: (scope, o) => tokens.getToken(scope, o),
      baseDelayMs: 10,
      maxDelayMs: 200,
      lookupDelayMs: 20,
      onEvent: (e) => events.push(e),
      ...clientOptions,
      ...extra,
    });
  return { pg, tokens, client: makeClient(), events, makeClient };
}

/** Fast polling for tests (validation is immediate in the playground). */
export const FAST_WAIT = { initialDelayMs: 5, pollIntervalMs: 10, maxPollIntervalMs: 100, deadlineMs: 60_000, concurrency: 16 } as const;

let counter = 0;
/** A document number unique within the run. */
export function uniqueNumber(prefix: string): string {
  counter++;
  return `${prefix}${Date.now().toString(36).toUpperCase()}${counter.toString().padStart(5, '0')}`;
}
