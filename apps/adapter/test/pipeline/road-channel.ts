/**
 * One road channel `acme` (the bundled road-forwarder-export profile) served by the real service
 * against a real playground and a SQLite store, for the pipeline tests that drop generated road
 * manifests and read their result files.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { examplePaths, readMappingProfile } from '@tollkit/manifest';
import { startPlayground, type Playground } from '@tollkit/playground';
import type { ChannelProfile } from '../../src/pipeline/ports.js';
import type { RunningService } from '../../src/service/start-service.js';
import type { JobStore } from '../../src/store/job-store.js';
import { openJobStore } from '../../src/store/open-job-store.js';
import { list, localChannel, memoryLog, startTestService, tempRoot, waitFor } from '../e2e/harness.js';

/** Replaces cell `column` of data row `row` (1-based) in a latin1 `;` CSV. */
export function editCell(bytes: Buffer, row: number, column: number, value: string): Buffer {
  const lines = bytes.toString('latin1').split('\r\n');
  const cells = (lines[row] as string).split(';');
  cells[column] = value;
  lines[row] = cells.join(';');
  return Buffer.from(lines.join('\r\n'), 'latin1');
}

export interface RoadChannel {
  readonly pg: Playground;
  readonly store: JobStore;
  /** The channel's root folder (inbox, outbox, archive … below it). */
  readonly dir: string;
  /** Writes `bytes` beside the inbox and renames them in. */
  drop(name: string, bytes: Buffer): void;
  /** Result files of the manifests named `name`. */
  results(name: string): string[];
  /** Waits for `count` result files of `name`; the newest one's bytes (result of the manifest received last). */
  newestResult(name: string, count?: number): Promise<Buffer>;
  close(): Promise<void>;
}

/** Starts the playground, the store and the service over one road channel; `close` stops all and removes the folder. */
export async function startRoadChannel(prefix: string, options: { validationDelayMs?: number; resultFormat?: ChannelProfile['resultFormat'] } = {}): Promise<RoadChannel> {
  const temp = tempRoot(prefix);
  const dir = join(temp.root, 'acme');
  const pg = await startPlayground({ port: 0, validationDelayMs: options.validationDelayMs ?? 0, log: () => undefined });
  const store = (await openJobStore({ kind: 'sqlite', dataDir: join(temp.root, 'data') })).store;
  const profile = await readMappingProfile(examplePaths('road-forwarder-export').profilePath);
  const settings: ChannelProfile = { name: 'acme', profile, profileName: 'road-forwarder-export', resultFormat: options.resultFormat ?? 'csv' };
  const service: RunningService = await startTestService(pg, store, [{ channel: localChannel(temp.root, 'acme'), profile: settings }], memoryLog());
  mkdirSync(join(dir, 'inbox'), { recursive: true });
  const results = (name: string) => list(join(dir, 'outbox')).filter((f) => f.startsWith(`${name}.result-`));
  return {
    pg,
    store,
    dir,
    drop(name, bytes) {
      writeFileSync(join(temp.root, `${name}.tmp`), bytes);
      renameSync(join(temp.root, `${name}.tmp`), join(dir, 'inbox', name));
    },
    results,
    async newestResult(name, count = 1) {
      await waitFor(`${count} result(s) for ${name}`, () => results(name).length >= count);
      const manifests = (await store.findManifests({ originalName: name })).sort((a, b) => b.receivedAt - a.receivedAt);
      const newest = results(name).find((f) => f.includes(manifests[0]?.id.slice(0, 8) as string));
      return readFileSync(join(dir, 'outbox', newest as string));
    },
    async close() {
      await service.close();
      await store.close();
      await pg.close();
      temp.remove();
    },
  };
}
