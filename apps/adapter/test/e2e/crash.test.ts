/**
 * Crash test: the adapter runs as a child process and is killed with SIGKILL during a 2,000-house
 * run, then restarted, at least 10 times. The playground runs in the test process, so its counters
 * survive the kills. Afterwards every house and master was POSTed exactly once and every manifest
 * has exactly one result file.
 *
 * Where the kills land is not left to chance: every third kill comes at a random moment after
 * start (intake, planning, claiming), the others the moment the playground receives a house POST
 * past a mark spread over the run (at a random moment too once every house was handled). The playground holds house POSTs 40 ms before answering, so
 * those kills land with requests in flight, whose rows the restart must find in `submitting`.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { examplePaths } from '@tollkit/manifest';
import { startPlayground, type Playground } from '@tollkit/playground';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnUntilReady, waitForExit } from '../support/spawn-ready.js';
import { waitFor as poll } from '../support/wait-for.js';
import { generateRoadManifest, type GeneratedManifest } from './generate-manifest.js';
import { list, tempRoot, waitFor, writePlaygroundCredentials } from './harness.js';

const FILES = 20;
const HOUSES_PER_FILE = 100;
const HOUSES = FILES * HOUSES_PER_FILE;
const HOUSE_POST = 'POST /api/movement/road/v2/house-consignment';
const KILLS = Number(process.env['TOLLKIT_CRASH_KILLS'] ?? 12);
const adapterDir = fileURLToPath(new URL('../..', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures-adapter-process.ts', import.meta.url));

describe('crash test: kill -9 during a 2,000-house run', () => {
  let pg: Playground;
  const temp = tempRoot('tollkit-crash-');
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    pg = await startPlayground({
      port: 0,
      validationDelayMs: 100,
      // House POSTs wait 40 ms before they are handled: a kill on arrival lands mid-request.
      faults: { latencyMs: 40, pathPrefix: '/api/movement/road/v2/house-consignment' },
      log: () => undefined,
    });
  });

  afterAll(async () => {
    if (child !== undefined && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await waitForExit(child, 5_000);
    }
    await pg?.close();
    temp.remove();
  });

  it(`every house POSTed exactly once and one result per file after ${KILLS} SIGKILLs`, { timeout: 600_000 }, async () => {
    const root = temp.root;
    const channelDir = join(root, 'channel');
    mkdirSync(join(channelDir, 'inbox'), { recursive: true });
    const maskinporten = writePlaygroundCredentials(root, pg);
    const config = {
      environment: 'playground',
      dataDir: join(root, 'data'),
      digitoll: { baseUrl: pg.url },
      maskinporten,
      leases: { manifestMs: 10_000, outboxMs: 10_000 },
      channels: [
        {
          kind: 'local',
          name: 'crash',
          profile: examplePaths('road-forwarder-export').profilePath,
          path: channelDir,
          include: ['*.csv'],
          pollIntervalMs: 200,
          readiness: { mode: 'rename' },
        },
      ],
    };
    const configFile = join(root, 'tollkit.json');
    writeFileSync(configFile, JSON.stringify(config, null, 2));

    const manifests: GeneratedManifest[] = [];
    for (let i = 1; i <= FILES; i++) {
      const m = generateRoadManifest(i, HOUSES_PER_FILE, { tag: 'K' });
      manifests.push(m);
      writeFileSync(join(root, `m-${i}.tmp`), m.bytes);
      renameSync(join(root, `m-${i}.tmp`), join(channelDir, 'inbox', `m-${String(i).padStart(2, '0')}.csv`));
    }

    const results = () => list(join(channelDir, 'outbox')).filter((f) => !f.startsWith('.') && f.includes('.result-'));
    const start = async (n: number) => {
      const spawned = await spawnUntilReady(process.execPath, ['--import', 'tsx', fixture, configFile, join(root, `adapter-${n}.log`)], {
        cwd: adapterDir,
        readyText: 'adapter ready',
        timeoutMs: 60_000,
      });
      child = spawned.child;
      return spawned.child;
    };

    const progress: string[] = [];
    const housePostsArrived = () => pg.counters.requestsTo(HOUSE_POST);
    const houseCounts = () => pg.counters.snapshot().posts.filter((p) => p.level === 'house-consignment');
    const housePostsHandled = () => houseCounts().reduce((sum, p) => sum + p.count, 0);
    let inFlightAtKills = 0;
    // House POSTs whose adapter was killed before the playground handled them (they never will be).
    let abandoned = 0;
    for (let k = 1; k <= KILLS; k++) {
      const c = await start(k);
      let how: string;
      // Every third kill at a random moment, and any kill once every house was handled (nothing left to interrupt).
      if (k % 3 === 1 || houseCounts().length >= HOUSES) {
        await new Promise((r) => setTimeout(r, 150 + Math.floor(Math.random() * 1_500)));
        how = 'at a random moment';
      } else {
        // The k-th mark of KILLS + 1 even steps over the run's house POSTs.
        const mark = Math.max(housePostsArrived() + 1, Math.floor((k * HOUSES) / (KILLS + 1)));
        const reached = await poll(() => housePostsArrived() >= mark, { timeoutMs: 60_000, intervalMs: 2 }).then(
          () => true,
          () => false,
        );
        how = reached ? `on house POST ${mark}` : `after 60 s without house POST ${mark}`;
      }
      const inFlight = housePostsArrived() - housePostsHandled() - abandoned;
      c.kill('SIGKILL');
      expect(await waitForExit(c, 10_000)).toBe(true);
      inFlightAtKills += inFlight;
      // Past the 40 ms hold every request of the killed adapter is either handled or abandoned.
      await new Promise((r) => setTimeout(r, 200));
      abandoned = housePostsArrived() - housePostsHandled();
      progress.push(`kill ${k} ${how}: ${inFlight} house POSTs in flight, ${housePostsHandled()} handled, ${results().length} result files`);
    }
    const last = await start(KILLS + 1);
    await waitFor('every manifest has its result file', () => results().length >= FILES, 300_000);
    // Let the last writes settle, then stop gracefully.
    await waitFor('every file archived', () => list(join(channelDir, 'archive')).length === FILES, 60_000);
    last.kill('SIGTERM');
    expect(await waitForExit(last, 30_000)).toBe(true);
    // What the restarts had to recover (from the adapters' logs).
    const logs = Array.from({ length: KILLS + 1 }, (_, i) => readFileSync(join(root, `adapter-${i + 1}.log`), 'utf8')).join('\n');
    const count = (msg: string) => logs.split('\n').filter((l) => l.includes(`"msg":"${msg}`)).length;
    const recovery = {
      interrupted: count('notification found in submitting after a restart'),
      foundNotResent: count('outcome-unknown notification found at Customs') + count('outcome-unknown master found on its transport'),
      notFoundSent: count('outcome-unknown notification not found at Customs'),
      freedLeases: count('freed the leases of a stopped instance on this host'),
    };
    progress.push(`recovery: ${JSON.stringify(recovery)}`);
    console.log(progress.join('\n'));
    // The kills did land mid-POST: interrupted requests were looked up (and not sent again).
    expect(inFlightAtKills).toBeGreaterThan(0);
    expect(recovery.interrupted).toBeGreaterThan(0);
    // Each restart took up the killed instance's manifests at once instead of waiting out its leases.
    expect(recovery.freedLeases).toBeGreaterThan(0);

    // Every house and master POSTed exactly once.
    const duplicates: string[] = [];
    const missing: string[] = [];
    for (const m of manifests) {
      for (const house of m.houses) {
        const n = pg.counters.postsFor('house-consignment', house, 'N730');
        if (n === 0) missing.push(house);
        if (n > 1) duplicates.push(`${house}×${n}`);
      }
      const masters = pg.counters.snapshot().posts.filter((p) => p.level === 'master-consignment' && p.documentNumber === m.master);
      expect(masters.map((p) => p.count), `master ${m.master}`).toEqual([1]);
    }
    expect(missing).toEqual([]);
    expect(duplicates).toEqual([]);
    const transports = pg.counters.snapshot().posts.filter((p) => p.level === 'transport');
    console.log(`transport POSTs: ${transports.map((t) => t.count).join(',')} (a transport cannot be looked up by document number)`);

    // Exactly one result per file; every row accepted.
    const files = results();
    expect(files).toHaveLength(FILES);
    for (let i = 1; i <= FILES; i++) {
      const name = `m-${String(i).padStart(2, '0')}.csv`;
      const own = files.filter((f) => f.startsWith(`${name}.result-`));
      expect(own, name).toHaveLength(1);
      const rows = readFileSync(join(channelDir, 'outbox', own[0] as string), 'utf8').trim().split('\r\n').slice(1);
      expect(rows).toHaveLength(HOUSES_PER_FILE + 2);
      for (const row of rows) expect(row, `${name}: ${row}`).toMatch(/;(accepted|routed);[0-9a-f-]*;\d{2}NO[A-Z0-9]{14};/);
    }
    expect(list(join(channelDir, 'processing'))).toEqual([]);
    expect(list(join(channelDir, 'failed'))).toEqual([]);
    expect(list(join(channelDir, 'inbox'))).toEqual([]);
  });
});
