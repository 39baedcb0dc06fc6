/**
 * A running adapter service with its console, as `tollkit run` builds it from a config file: a real
 * playground, real local channels (one per bundled example partner), a real SQLite store and the
 * ops server on a free loopback port. Only the examples' fixed arrival day is moved to tomorrow
 * (as `npm run demo` does), so Customs' arrival-time rules hold.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLE_NAMES, EXAMPLE_REFERENCE_DATE, type ExampleName } from '@tollkit/manifest';
import { startPlayground, type Playground } from '@tollkit/playground';
import { openStore, serviceChannels } from '../../src/commands/lib/runtime.js';
import { loadConfig, type AdapterConfig } from '../../src/config/load-config.js';
import { connectPlayground } from '../../src/service/connect-playground.js';
import { startService, type RunningService } from '../../src/service/start-service.js';
import type { JobStore } from '../../src/store/job-store.js';
import { memoryLog, tomorrow, writePlaygroundCredentials } from '../e2e/harness.js';

/** The road channel (generated files) plus one channel per bundled example. */
export const CHANNELS: readonly ExampleName[] = EXAMPLE_NAMES;

export interface ConsoleService {
  readonly pg: Playground;
  readonly store: JobStore;
  readonly service: RunningService;
  readonly config: AdapterConfig;
  readonly url: string;
  readonly log: ReturnType<typeof memoryLog>;
  /** The operator `anna`'s token (also `ola`'s password: basic auth). */
  readonly token: string;
  inbox(channel: string): string;
  close(): Promise<void>;
}

/**
 * Writes `tollkit.yaml` under `root` (operators `anna` with a token from an environment variable and
 * `ola` with a password file, unless `operators: false`), loads it like `tollkit run`, and starts the
 * service with the console.
 */
export async function startConsoleService(root: string, options: { operators?: boolean } = {}): Promise<ConsoleService> {
  const pg = await startPlayground({ port: 0, validationDelayMs: 20, log: () => undefined });
  const credentials = writePlaygroundCredentials(root, pg);
  const token = 'anna-token-0123456789abcdef';
  writeFileSync(join(root, 'ola.secret'), 'ola-password-42\n');
  const operators = options.operators === false ? [] : ['    operators:', '      - { name: anna, tokenEnv: TOLLKIT_TEST_ANNA_TOKEN }', '      - { name: ola, passwordFile: ./ola.secret }'];
  const lines = [
    'environment: playground',
    'dataDir: ./data',
    'digitoll:',
    `  baseUrl: ${pg.url}`,
    'maskinporten:',
    `  clientId: ${credentials.clientId}`,
    '  privateKeyFile: ./key.pem',
    '  certificateFile: ./cert.pem',
    'service:',
    '  http: { host: 127.0.0.1, port: 0 }',
    '  console:',
    '    refreshMs: 500',
    ...operators,
    'channels:',
    ...CHANNELS.flatMap((name) => [
      '  - kind: local',
      `    name: ${name}`,
      `    profile: ${name}`,
      `    path: ./partners/${name}`,
      '    resultFormat: json',
      '    include: ["*.csv", "*.xml"]',
      '    pollIntervalMs: 200',
      '    readiness: { mode: rename }',
    ]),
    '',
  ];
  const file = join(root, 'tollkit.yaml');
  writeFileSync(file, lines.join('\n'));
  const config = loadConfig(file, { env: { TOLLKIT_TEST_ANNA_TOKEN: token } });
  const store = await openStore(config);
  const rebase = { from: EXAMPLE_REFERENCE_DATE, to: tomorrow() };
  const channels = (await serviceChannels(config)).map((c) => ({ ...c, profile: { ...c.profile, dateRebase: rebase } }));
  const log = memoryLog();
  const { client } = connectPlayground(pg, { lookupDelayMs: 200 });
  const http = config.service.http;
  if (http === false) throw new Error('the test config has service.http');
  const service = await startService({
    store,
    client,
    channels,
    log,
    http,
    console: { operators: config.service.console.operators, refreshMs: config.service.console.refreshMs, config },
    workers: 2,
    routing: { enabled: true, intervalMs: 300 },
    outboxIntervalMs: 300,
    idlePollMs: 200,
    tuning: { initialPollDelayMs: 100, pollIntervalMs: 100, maxPollIntervalMs: 1_000, retryDelayMs: 300, pollRoundMs: 10_000, leaseMs: 30_000 },
    shutdownGraceMs: 5_000,
  });
  return {
    pg,
    store,
    service,
    config,
    url: service.httpUrl ?? '',
    log,
    token,
    inbox: (channel) => {
      const dir = join(root, 'partners', channel, 'inbox');
      mkdirSync(dir, { recursive: true });
      return dir;
    },
    close: async () => {
      await service.close();
      await store.close();
      await pg.close();
    },
  };
}
