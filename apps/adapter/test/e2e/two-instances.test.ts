/**
 * Two adapter processes share one PostgreSQL store and one SFTP inbox: 50 files are processed,
 * each claimed by exactly one instance, each house POSTed once, each file answered once.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { examplePaths } from '@tollkit/manifest';
import { startPlayground, type Playground } from '@tollkit/playground';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresServer } from '../support/postgres.js';
import { spawnUntilReady, waitForExit } from '../support/spawn-ready.js';
import { startSshd, type SshdServer } from '../support/sshd.js';
import { generateRoadManifest, type GeneratedManifest } from './generate-manifest.js';
import { FOLDERS, list, tempRoot, waitFor, writePlaygroundCredentials } from './harness.js';

const FILES = 50;
const HOUSES = 4;
const adapterDir = fileURLToPath(new URL('../..', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures-adapter-process.ts', import.meta.url));

describe('two instances on one PostgreSQL store and one SFTP inbox', () => {
  let playground: Playground;
  let sshd: SshdServer;
  let postgres: PostgresServer;
  const children: ChildProcess[] = [];
  const temp = tempRoot('tollkit-two-');

  beforeAll(async () => {
    [sshd, postgres, playground] = await Promise.all([startSshd(), startPostgres(), startPlayground({ port: 0, validationDelayMs: 50, log: () => undefined })]);
  });

  afterAll(async () => {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await waitForExit(child, 5_000);
    }
    await playground?.close();
    await sshd?.close();
    await postgres?.close();
    temp.remove();
  });

  it(`${FILES} files, no file taken twice, every house POSTed once`, { timeout: 300_000 }, async () => {
    const root = temp.root;
    const url = await postgres.createDatabase();
    const remote = join(sshd.root, 'shared');
    for (const folder of Object.values(FOLDERS)) mkdirSync(join(remote, folder), { recursive: true });
    const maskinporten = writePlaygroundCredentials(root, playground);
    writeFileSync(join(root, 'sftp-key'), sshd.privateKey, { mode: 0o600 });
    const configFor = (n: number) => {
      const file = join(root, `tollkit-${n}.json`);
      writeFileSync(
        file,
        JSON.stringify({
          environment: 'playground',
          instanceId: `instance-${n}`,
          dataDir: join(root, `data-${n}`),
          store: { kind: 'postgres', url },
          digitoll: { baseUrl: playground.url },
          maskinporten,
          leases: { manifestMs: 10_000, outboxMs: 10_000 },
          channels: [
            {
              kind: 'sftp',
              name: 'shared',
              profile: examplePaths('road-forwarder-export').profilePath,
              host: sshd.host,
              port: sshd.port,
              username: sshd.username,
              root: remote,
              privateKeyFile: join(root, 'sftp-key'),
              hostKeyFingerprints: [sshd.hostKeyFingerprint],
              include: ['*.csv'],
              pollIntervalMs: 300,
              readiness: { mode: 'rename' },
            },
          ],
        }),
      );
      return file;
    };
    const manifests: GeneratedManifest[] = [];
    for (let i = 1; i <= FILES; i++) {
      const m = generateRoadManifest(i, HOUSES, { tag: 'P' });
      manifests.push(m);
      writeFileSync(join(remote, 'inbox', `.f-${i}.part`), m.bytes);
      renameSync(join(remote, 'inbox', `.f-${i}.part`), join(remote, 'inbox', `f-${String(i).padStart(2, '0')}.csv`));
    }
    const started = await Promise.all(
      [1, 2].map((n) =>
        spawnUntilReady(process.execPath, ['--import', 'tsx', fixture, configFor(n), join(root, `adapter-${n}.log`)], {
          cwd: adapterDir,
          readyText: 'adapter ready',
          timeoutMs: 60_000,
        }),
      ),
    );
    children.push(...started.map((s) => s.child));
    const results = () => list(join(remote, 'outbox')).filter((f) => !f.startsWith('.') && f.includes('.result-'));
    await waitFor('a result for every file', () => results().length >= FILES, 240_000);
    await waitFor('every file archived', () => list(join(remote, 'archive')).length >= FILES, 30_000);
    for (const child of children) child.kill('SIGTERM');
    for (const child of children) expect(await waitForExit(child, 30_000)).toBe(true);

    // Each inbox file was claimed once: one archived copy, one result, one manifest row.
    const archived = list(join(remote, 'archive')).map((f) => f.replace(/^[^-]+-[^-]+-/, ''));
    expect(archived).toHaveLength(FILES);
    expect(new Set(archived).size).toBe(FILES);
    const resultNames = results().map((f) => f.replace(/\.result-.*$/, ''));
    expect(new Set(resultNames).size).toBe(FILES);
    expect(resultNames).toHaveLength(FILES);
    expect(list(join(remote, 'processing'))).toEqual([]);
    expect(list(join(remote, 'inbox'))).toEqual([]);

    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      const rows = (await db.query('SELECT original_name, state, lease_count FROM manifests')).rows as { original_name: string; state: string }[];
      expect(rows).toHaveLength(FILES);
      expect(new Set(rows.map((r) => r.original_name)).size).toBe(FILES);
      expect(rows.every((r) => r.state === 'archived')).toBe(true);
    } finally {
      await db.end();
    }

    // Both instances worked, and together they claimed exactly FILES files.
    const claimedBy = [1, 2].map((n) =>
      readFileSync(join(root, `adapter-${n}.log`), 'utf8')
        .split('\n')
        .filter((l) => l.includes('"msg":"manifest received"') && l.includes('"outcome":"new"')).length,
    );
    console.log(`files claimed per instance: ${claimedBy.join(' + ')}`);
    expect(claimedBy[0]! + claimedBy[1]!).toBe(FILES);
    expect(claimedBy.every((n) => n > 0)).toBe(true);

    for (const m of manifests) {
      for (const house of m.houses) expect(playground.counters.postsFor('house-consignment', house, 'N730'), house).toBe(1);
    }
  });
});
