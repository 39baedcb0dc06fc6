/**
 * Issue #13, the store's share of faults 1 and 7: the SQLite disk full (files claimed but never
 * recorded), the SQLite file deleted while running (unnoticed), SQLite locked by another process
 * (the event loop blocked for the whole busy timeout), a missing PostgreSQL database (a stack trace
 * and exit 5). Real SQLite files, a real tmpfs, a real second process holding the lock, a real
 * PostgreSQL, the real `tollkit` entry.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startPlayground, type Playground } from '@tollkit/playground';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { ChannelProfile } from '../../src/pipeline/ports.js';
import { openJobStore } from '../../src/store/open-job-store.js';
import { dropInto, list, localChannel, memoryLog, roadProfile, startTestService, tempRoot, waitFor, writePlaygroundConfig } from '../e2e/harness.js';
import { generateRoadManifest } from '../e2e/generate-manifest.js';
import { usePostgres } from '../support/postgres.js';
import { waitForExit } from '../support/spawn-ready.js';
import { sleep } from '../support/wait-for.js';

const isRoot = process.getuid?.() === 0;

describe('store faults are never silent', () => {
  const postgres = usePostgres();
  let pg: Playground;
  let profile: ChannelProfile;
  const temp = tempRoot('tollkit-store-faults-');

  beforeAll(async () => {
    pg = await startPlayground({ port: 0, validationDelayMs: 0, log: () => undefined });
    profile = await roadProfile('acme');
  });
  afterAll(async () => {
    await pg?.close();
    temp.remove();
  });

  // A real full disk needs a tmpfs, and mounting one needs root (CI runs as root).
  it.runIf(isRoot)('fault 1, SQLite disk full (a 3 MiB tmpfs): claimed files stay owned and are recorded once space is back, without a restart', async () => {
    const root = join(temp.root, 'full');
    const data = join(root, 'data');
    mkdirSync(data, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', data]);
    const store = (await openJobStore({ kind: 'sqlite', dataDir: data, synchronous: 'normal' })).store;
    const service = await startTestService(pg, store, [{ channel: localChannel(root, 'acme'), profile }], memoryLog(), { http: true, health: { unrecordedMs: 500 } });
    const filler = join(data, 'filler');
    try {
      dropInto(join(root, 'acme', 'inbox'), 'warm.csv', generateRoadManifest(1, 2, { tag: 'F' }).bytes);
      await waitFor('the first file archived', () => list(join(root, 'acme', 'archive')).length === 1, 30_000);
      // The log is checkpointed off the service's thread and, once idle, truncated
      // (src/store/lib/sqlite-checkpointer.ts). While the log holds space it can reuse, a full disk
      // costs nothing: writes go on in that space, and only when it is used up and the checkpoint
      // cannot grow the database does a write fail. Wait for the truncation, so that the store holds
      // no reusable space and the very next write meets the full disk.
      await waitFor('the idle log truncated', () => {
        try {
          return statSync(join(data, 'tollkit.sqlite-wal')).size === 0;
        } catch {
          return true;
        }
      }, 20_000);
      // Fill the disk to the last byte.
      try {
        execFileSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=64k'], { stdio: 'ignore' });
      } catch {
        // dd stops with ENOSPC: that is the point
      }
      const names = ['a.csv', 'b.csv'];
      names.forEach((name, i) => dropInto(join(root, 'acme', 'inbox'), name, generateRoadManifest(10 + i, 2, { tag: 'F' }).bytes));
      const unhealthy = await waitFor('503 naming the unrecorded files', async () => {
        const response = await fetch(`${service.httpUrl}/healthz`);
        const body = (await response.json()) as { reasons: string[] };
        return response.status === 503 && body.reasons.some((r) => /unrecorded/.test(r)) ? body : undefined;
      }, 20_000);
      expect(unhealthy.reasons.join('\n')).toMatch(/channel acme: \d file\(s\) in processing\/ unrecorded/);
      expect(await (await fetch(`${service.httpUrl}/metrics`)).text()).toMatch(/tollkit_stranded_files\{channel="acme"\} [12]/);

      rmSync(filler);
      await waitFor('every file archived once the disk has room', () => list(join(root, 'acme', 'archive')).length === 3, 60_000);
      expect(list(join(root, 'acme', 'processing'))).toEqual([]);
      expect(list(join(root, 'acme', 'outbox')).filter((f) => f.includes('.result-'))).toHaveLength(3);
    } finally {
      rmSync(filler, { force: true });
      await service.close();
      await store.close();
      execFileSync('umount', ['-l', data]);
    }
  }, 120_000);

  it('fault 7, the SQLite file deleted while running: work stops with STORE_FILE_REPLACED, /healthz 503, nothing more is claimed', async () => {
    const root = join(temp.root, 'deleted');
    const data = join(root, 'data');
    const store = (await openJobStore({ kind: 'sqlite', dataDir: data })).store;
    const service = await startTestService(pg, store, [{ channel: localChannel(root, 'acme'), profile }], memoryLog(), { http: true });
    try {
      dropInto(join(root, 'acme', 'inbox'), 'first.csv', generateRoadManifest(1, 2, { tag: 'D' }).bytes);
      await waitFor('the first file archived', () => list(join(root, 'acme', 'archive')).length === 1, 30_000);
      for (const suffix of ['', '-wal', '-shm']) rmSync(join(data, `tollkit.sqlite${suffix}`), { force: true });
      dropInto(join(root, 'acme', 'inbox'), 'again.csv', generateRoadManifest(1, 2, { tag: 'D' }).bytes);
      const response = await waitFor('503', async () => {
        const r = await fetch(`${service.httpUrl}/healthz`);
        return r.status === 503 ? ((await r.json()) as { reasons: string[] }) : undefined;
      }, 10_000);
      expect(response.reasons.join('\n')).toMatch(/store unreachable: the SQLite database .*tollkit\.sqlite was deleted while open/);
      await sleep(1_500);
      expect(list(join(root, 'acme', 'inbox')), 'nothing is claimed into a store that is gone').toEqual(['again.csv']);
      expect(pg.counters.postsFor('house-consignment', 'CMR-D1-00001', 'N730')).toBe(1);
    } finally {
      await service.close();
      await store.close().catch(() => undefined);
    }
  }, 60_000);

  it('fault 7, SQLite locked by another process: a write waits without blocking the event loop', async () => {
    const data = join(temp.root, 'locked');
    const store = (await openJobStore({ kind: 'sqlite', dataDir: data })).store;
    // Another process takes the write lock and holds it for 3 s.
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
         const db = new Database(process.argv[1]);
         db.exec('BEGIN IMMEDIATE');
         process.stdout.write('locked\\n');
         setTimeout(() => { db.exec('COMMIT'); db.close(); }, 3000);`,
        join(data, 'tollkit.sqlite'),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) => holder.stdout?.once('data', () => resolve()));
    // The longest gap between ticks of a 10 ms interval timer = the longest event-loop stall.
    let last = Date.now();
    let longestStallMs = 0;
    const ticker = setInterval(() => {
      const at = Date.now();
      longestStallMs = Math.max(longestStallMs, at - last);
      last = at;
    }, 10);
    await sleep(100);
    const t0 = Date.now();
    const received = await store.receiveManifest({ channel: 'acme', originalName: 'x.csv', processingName: '20261204T000000Z-00000000-x.csv', contentHash: `sha256:${'0'.repeat(64)}`, size: 1 });
    const waitedMs = Date.now() - t0;
    await sleep(50);
    clearInterval(ticker);
    await waitForExit(holder, 5_000);
    await store.close();
    expect(received.outcome).toBe('new');
    expect(waitedMs, 'the write waited for the lock').toBeGreaterThan(1_500);
    expect(longestStallMs, 'longest event-loop stall (ms)').toBeLessThan(500);
  }, 30_000);

  it('fault 7, a missing PostgreSQL database: a config error (STORE_DATABASE_MISSING, exit 3), no stack trace', async () => {
    const dir = join(temp.root, 'nodb');
    mkdirSync(dir, { recursive: true });
    const url = `postgres://test@127.0.0.1:${postgres().port}/no_such_database`;
    const configFile = writePlaygroundConfig(dir, pg, [`store: { kind: postgres, url: "${url}" }`, 'service: { http: false }']);
    let err = '';
    const code = await main(['run', '--config', configFile], { out: () => undefined, err: (t) => void (err += t), env: {}, cwd: dir, signal: new AbortController().signal });
    expect(err).toMatch(/^error: STORE_DATABASE_MISSING: PostgreSQL 127\.0\.0\.1:\d+\/no_such_database: the database does not exist/);
    expect(err).not.toMatch(/\n\s+at /);
    expect(code).toBe(3);
  }, 30_000);
});
