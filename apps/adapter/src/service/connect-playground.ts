import { createDigitollClient, type DigitollClient, type DigitollEvent } from '@tollkit/digitoll-client';
import { createTokenProvider, loadKeyFromPem, type TokenProvider } from '@tollkit/maskinporten';

/**
 * The client the pipeline uses: every call from `client`, except POSTs, which go through `postClient`
 * (created with `maxAttempts: 1`): a POST (notification or presentation) whose answer is lost is then
 * never re-sent inside the client; the pipeline stores it as `outcome-unknown` and looks it up after a
 * grace period instead.
 */
export function pipelineClient(client: DigitollClient, postClient: DigitollClient): DigitollClient {
  return {
    ...client,
    submitNotification: (input) => postClient.submitNotification(input),
    present: (input) => postClient.present(input),
    createRelation: (mode, body) => postClient.createRelation(mode, body),
    submitArrival: (body) => postClient.submitArrival(body),
  };
}

/** The parts of a running playground (`@tollkit/playground`) a client needs. */
export interface PlaygroundEndpoints {
  readonly url: string;
  readonly maskinporten: { readonly tokenUrl: string; readonly audience: string };
  readonly demoClient: { readonly clientId: string; readonly keyPem: string; readonly certificatePem: string };
}

/**
 * A Digitoll client for a playground, authenticated the real way: the playground's demo
 * Maskinporten client signs a JWT grant (x5c), Maskinporten issues a token, Customs exchanges it.
 *
 * @example
 * const pg = await startPlayground({ port: 0 });
 * const { client } = connectPlayground(pg);
 */
export function connectPlayground(
  pg: PlaygroundEndpoints,
  options: { onEvent?: ((event: DigitollEvent) => void) | undefined; maxAttempts?: number; timeoutMs?: number; lookupDelayMs?: number } = {},
): { client: DigitollClient; tokens: TokenProvider } {
  const tokens = createTokenProvider({
    environment: {
      name: 'playground',
      tokenUrl: pg.maskinporten.tokenUrl,
      audience: pg.maskinporten.audience,
      tokenExchangeUrl: `${pg.url}/api/access/external/oauth/token`,
    },
    identity: {
      kind: 'business-certificate',
      clientId: pg.demoClient.clientId,
      key: loadKeyFromPem({ key: pg.demoClient.keyPem, certificates: pg.demoClient.certificatePem, source: 'playground demo client' }),
    },
  });
  const settings = {
    baseUrl: pg.url,
    getToken: (scope: string, o?: { forceRefresh?: boolean }) => tokens.getToken(scope, o?.forceRefresh === true ? { forceRefresh: true } : {}),
    ...(options.onEvent !== undefined ? { onEvent: options.onEvent } : {}),
    ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.lookupDelayMs !== undefined ? { lookupDelayMs: options.lookupDelayMs } : {}),
  };
  return { client: pipelineClient(createDigitollClient(settings), createDigitollClient({ ...settings, maxAttempts: 1 })), tokens };
}
