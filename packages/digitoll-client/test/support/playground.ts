import { createTokenProvider, loadKeyFromPem, type TokenProvider } from '@tollkit/maskinporten';
import { afterAll, beforeAll } from 'vitest';
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

/**
 * One rig per test file: started in `beforeAll` (then `afterStart`, when given), its playground
 * closed in `afterAll`. The returned rig reads through to the started one, so use it inside tests.
 */
export function useRig(afterStart?: (rig: TestRig) => Promise<void>): TestRig {
  let started: TestRig | undefined;
  beforeAll(async () => {
    started = await startRig();
    await afterStart?.(started);
  });
  afterAll(async () => {
    await started?.pg.close();
  });
  const current = (): TestRig => {
    if (started === undefined) throw new Error('the test rig is started in beforeAll: use it inside tests');
    return started;
  };
  return {
    get pg() {
      return current().pg;
    },
    get tokens() {
      return current().tokens;
    },
    get client() {
      return current().client;
    },
    get events() {
      return current().events;
    },
    makeClient: (options) => current().makeClient(options),
  };
}

/** The carrier (organisation number) the tests' notifications name. */
export const CARRIER = 'NO912345688';

/** Fast polling for tests (validation is immediate in the playground). */
export const FAST_WAIT = { initialDelayMs: 5, pollIntervalMs: 10, maxPollIntervalMs: 100, deadlineMs: 60_000, concurrency: 16 } as const;

let counter = 0;
/** A document number unique within the run. */
export function uniqueNumber(prefix: string): string {
  counter++;
  return `${prefix}${Date.now().toString(36).toUpperCase()}${counter.toString().padStart(5, '0')}`;
}
