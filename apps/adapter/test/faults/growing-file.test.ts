/**
 * Issue #13, fault 6 ("half files are submitted"): a producer that paused longer than `stableForMs`
 * mid-write got its partial file submitted (2 of 20 houses) and the manifest marked done, while the
 * archive held all the bytes. Real folders, a real producer process writing through one open file
 * descriptor, the real service against the playground.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startPlayground, type Playground } from '@tollkit/playground';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalChannel } from '../../src/intake/local-channel.js';
import type { RunningService } from '../../src/service/start-service.js';
import type { JobStore } from '../../src/store/job-store.js';
import { openJobStore } from '../../src/store/open-job-store.js';
import { FOLDERS, list, memoryLog, startTestService, tempRoot, waitFor, roadProfile } from '../e2e/harness.js';
import { generateRoadManifest } from '../e2e/generate-manifest.js';
import { waitForExit } from '../support/spawn-ready.js';

const STABLE_MS = 500;

describe('fault 6: a growing file is never partly submitted', () => {
  let pg: Playground;
  let store: JobStore;
  let service: RunningService;
  const temp = tempRoot('tollkit-fault6-');
  const log = memoryLog();

  beforeAll(async () => {
    pg = await startPlayground({ port: 0, validationDelayMs: 0, log: () => undefined });
    store = (await openJobStore({ kind: 'sqlite', dataDir: join(temp.root, 'data') })).store;
    const channel = createLocalChannel({
      name: 'acme',
      root: join(temp.root, 'acme'),
      folders: FOLDERS,
      include: ['*.csv'],
      exclude: [],
      pollIntervalMs: 100,
      readiness: { mode: 'stable', stableForMs: STABLE_MS, doneSuffix: '.done' },
      maxFileBytes: 50 * 1024 * 1024,
    });
    service = await startTestService(pg, store, [{ channel, profile: await roadProfile('acme') }], log);
  });
  afterAll(async () => {
    await service?.close();
    await store?.close();
    await pg?.close();
    temp.remove();
  });

  it('a producer that pauses longer than stableForMs mid-write: all 20 houses are sent once, none twice', async () => {
    const manifest = generateRoadManifest(1, 20, { tag: 'G' });
    const text = manifest.bytes.toString('latin1');
    const lines = text.split('\r\n');
    const head = `${lines.slice(0, 3).join('\r\n')}\r\n`; // header + 2 houses
    const rest = lines.slice(3).join('\r\n');
    writeFileSync(join(temp.root, 'head.bin'), Buffer.from(head, 'latin1'));
    writeFileSync(join(temp.root, 'rest.bin'), Buffer.from(rest, 'latin1'));
    // A separate producer process: one open descriptor, 2 houses, a pause of 1.7 × stableForMs, the rest.
    const producer = spawn(
      process.execPath,
      [
        '-e',
        `const fs = require('node:fs');
         const fd = fs.openSync(process.argv[1], 'w');
         fs.writeSync(fd, fs.readFileSync(process.argv[2]));
         setTimeout(() => { fs.writeSync(fd, fs.readFileSync(process.argv[3])); fs.closeSync(fd); }, ${Math.round(STABLE_MS * 1.7)});`,
        join(temp.root, 'acme', 'inbox', 'growing.csv'),
        join(temp.root, 'head.bin'),
        join(temp.root, 'rest.bin'),
      ],
      { stdio: 'inherit' },
    );
    expect(await waitForExit(producer, 10_000)).toBe(true);

    await waitFor('the manifest archived', () => list(join(temp.root, 'acme', 'archive')).length === 1, 30_000);
    const resultName = list(join(temp.root, 'acme', 'outbox')).find((f) => f.startsWith('growing.csv.result-'));
    expect(resultName).toBeDefined();
    const result = readFileSync(join(temp.root, 'acme', 'outbox', resultName as string), 'utf8');
    for (const house of manifest.houses) expect(result, `${house} in the result file`).toContain(house);
    const archived = list(join(temp.root, 'acme', 'archive'))[0] as string;
    expect(readFileSync(join(temp.root, 'acme', 'archive', archived)).equals(manifest.bytes)).toBe(true);
    const houses = await store.findNotifications({ states: ['accepted', 'routed'] });
    expect(houses.filter((n) => n.level === 'house-consignment')).toHaveLength(20);
    for (const house of manifest.houses) expect(pg.counters.postsFor('house-consignment', house, 'N730'), `POSTs of ${house}`).toBe(1);
    expect(list(join(temp.root, 'acme', 'failed'))).toEqual([]);
  }, 60_000);
});
