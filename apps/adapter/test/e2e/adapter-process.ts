/**
 * The adapter as a child process over local channels, for the crash tests: writes the config
 * (playground environment, its demo credentials, short leases) and gives `drop` (rename into an
 * inbox), `start` (spawn `fixtures-adapter-process.ts` until "adapter ready", log
 * `adapter-<n>.log`) and `results` (the result files in a channel's outbox).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Playground } from '@tollkit/playground';
import { spawnUntilReady } from '../support/spawn-ready.js';
import { generateRoadManifest, type GeneratedManifest } from './generate-manifest.js';
import { list, waitFor, writePlaygroundCredentials } from './harness.js';

const adapterDir = fileURLToPath(new URL('../..', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures-adapter-process.ts', import.meta.url));

/** A local channel of the config: `name` at `<root>/<name>`, rename readiness, the given profile and extras. */
export interface ProcessChannel {
  readonly name: string;
  readonly profile: string;
  readonly include: readonly string[];
  readonly [extra: string]: unknown;
}

export interface AdapterProcess {
  /** `<root>/<channel>`. */
  dir(channel: string): string;
  drop(channel: string, name: string, bytes: Buffer | string): void;
  start(n: number): Promise<ChildProcess>;
  /** The child last started (to be killed in `afterAll`). */
  readonly current: ChildProcess | undefined;
  results(channel: string): string[];
  /**
   * Drops `files` generated road manifests of `houses` houses each (waybills tagged `tag`) into
   * `channel`, starts adapter 0 and waits until each has its result file (no kills in this step).
   */
  notifyRoad(channel: string, files: number, houses: number, tag: string): Promise<{ manifests: GeneratedManifest[]; child: ChildProcess }>;
}

export function adapterProcess(root: string, pg: Playground, channels: readonly ProcessChannel[]): AdapterProcess {
  const dir = (channel: string) => join(root, channel);
  for (const c of channels) mkdirSync(join(dir(c.name), 'inbox'), { recursive: true });
  const config = {
    environment: 'playground',
    dataDir: join(root, 'data'),
    digitoll: { baseUrl: pg.url },
    maskinporten: writePlaygroundCredentials(root, pg),
    leases: { manifestMs: 10_000, outboxMs: 10_000 },
    channels: channels.map((c) => ({ kind: 'local', path: dir(c.name), pollIntervalMs: 200, readiness: { mode: 'rename' }, ...c })),
  };
  const configFile = join(root, 'tollkit.json');
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  let current: ChildProcess | undefined;
  const run: AdapterProcess = {
    dir,
    drop(channel, name, bytes) {
      writeFileSync(join(root, `${name}.tmp`), bytes);
      renameSync(join(root, `${name}.tmp`), join(dir(channel), 'inbox', name));
    },
    async start(n) {
      const spawned = await spawnUntilReady(process.execPath, ['--import', 'tsx', fixture, configFile, join(root, `adapter-${n}.log`)], { cwd: adapterDir, readyText: 'adapter ready', timeoutMs: 60_000 });
      current = spawned.child;
      return spawned.child;
    },
    get current() {
      return current;
    },
    results: (channel) => list(join(dir(channel), 'outbox')).filter((f) => f.includes('.result-')),
    async notifyRoad(channel, files, houses, tag) {
      const manifests: GeneratedManifest[] = [];
      for (let i = 1; i <= files; i++) {
        const m = generateRoadManifest(i, houses, { tag });
        manifests.push(m);
        run.drop(channel, `m-${i}.csv`, m.bytes);
      }
      const child = await run.start(0);
      await waitFor('every road manifest has its result file', () => run.results(channel).length >= files, 300_000);
      return { manifests, child };
    },
  };
  return run;
}
