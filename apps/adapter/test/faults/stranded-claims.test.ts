/**
 * Issue #13, fault 1 ("stranded claims"): with the store unreachable, files dropped meanwhile were
 * moved into processing/ but never recorded, and stayed there until a restart while /healthz said ok.
 * Real PostgreSQL stopped with `pg_ctl stop -m immediate`, real folders, the real service.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startPlayground, type Playground } from '@tollkit/playground';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProcessingName } from '../../src/intake/lib/claim-name.js';
import type { ChannelProfile } from '../../src/pipeline/ports.js';
import { openJobStore } from '../../src/store/open-job-store.js';
import { dropInto, list, localChannel, memoryLog, startTestService, tempRoot, waitFor, roadProfile } from '../e2e/harness.js';
import { generateRoadManifest } from '../e2e/generate-manifest.js';
import { usePostgres } from '../support/postgres.js';
import { sleep } from '../support/wait-for.js';

describe('fault 1: every claimed file is always owned', () => {
  const postgres = usePostgres();
  let pg: Playground;
  let profile: ChannelProfile;
  const temp = tempRoot('tollkit-fault1-');

  beforeAll(async () => {
    pg = await startPlayground({ port: 0, validationDelayMs: 0, log: () => undefined });
    profile = await roadProfile('acme');
  });
  afterAll(async () => {
    await pg?.close();
    temp.remove();
  });

  it('PostgreSQL stopped: nothing leaves the inbox, /healthz is 503; back up: every file is recorded and answered without a restart', async () => {
    const store = (await openJobStore({ kind: 'postgres', connectionString: await postgres().createDatabase() })).store;
    const log = memoryLog();
    const dir = join(temp.root, 'acme');
    const service = await startTestService(pg, store, [{ channel: localChannel(temp.root, 'acme'), profile }], log, { http: true });
    let crashed = false;
    try {
      dropInto(join(dir, 'inbox'), 'warm.csv', generateRoadManifest(1, 2, { tag: 'W' }).bytes);
      await waitFor('the first file archived', () => list(join(dir, 'archive')).length === 1, 30_000);

      await postgres().crash();
      crashed = true;
      const names = ['a.csv', 'b.csv', 'c.csv'];
      names.forEach((name, i) => dropInto(join(dir, 'inbox'), name, generateRoadManifest(10 + i, 2, { tag: 'P' }).bytes));
      await sleep(2_500); // many scans (every 200 ms) while the store is down
      expect(list(join(dir, 'inbox')), 'files stay in the inbox while the store cannot record them').toEqual(names);
      expect(list(join(dir, 'processing'))).toEqual([]);
      const down = await fetch(`${service.httpUrl}/healthz`);
      const downBody = (await down.json()) as { reasons: string[]; store: { up: boolean } };
      expect(down.status).toBe(503);
      expect(downBody.store.up).toBe(false);
      expect(downBody.reasons.join('\n')).toMatch(/store unreachable/);
      expect(await (await fetch(`${service.httpUrl}/metrics`)).text()).toMatch(/tollkit_store_up 0/);

      await postgres().restart();
      crashed = false;
      await waitFor('every file archived once PostgreSQL is back', () => list(join(dir, 'archive')).length === 4, 60_000);
      expect(list(join(dir, 'processing'))).toEqual([]);
      expect(list(join(dir, 'inbox'))).toEqual([]);
      const results = list(join(dir, 'outbox')).filter((f) => f.includes('.result-'));
      expect(results).toHaveLength(4);
      const up = await fetch(`${service.httpUrl}/healthz`);
      expect(up.status, JSON.stringify(await up.clone().json())).toBe(200);
    } finally {
      if (crashed) await postgres().restart(); // the next test needs it
      await service.close();
      await store.close();
    }
  }, 120_000);

  it('a file left unrecorded in processing/ (claimed, then the store failed) is recorded at the next scan, not at the next start', async () => {
    const store = (await openJobStore({ kind: 'postgres', connectionString: await postgres().createDatabase() })).store;
    const log = memoryLog();
    const dir = join(temp.root, 'beta');
    const service = await startTestService(pg, store, [{ channel: localChannel(temp.root, 'beta'), profile: { ...profile, name: 'beta' } }], log, { http: true });
    try {
      await waitFor('folders created', () => list(dir).includes('processing'));
      // What a claim followed by a failed receiveManifest leaves behind: a claimed name nobody recorded.
      const staged = join(dir, '.staged');
      writeFileSync(staged, generateRoadManifest(20, 2, { tag: 'R' }).bytes);
      const claimed = makeProcessingName('stranded.csv', Date.now());
      renameSync(staged, join(dir, 'processing', claimed));
      await waitFor('the stranded file archived', () => list(join(dir, 'archive')).includes(claimed), 30_000);
      expect(list(join(dir, 'outbox')).some((f) => f.startsWith('stranded.csv.result-') || f.includes('stranded'))).toBe(true);
      const [manifest] = await store.findManifests({ channel: 'beta', processingName: claimed, limit: 1 });
      expect(manifest?.state).toBe('archived');
    } finally {
      await service.close();
      await store.close();
    }
  }, 60_000);
});
