/**
 * A restart on the same host frees the leases of its dead predecessor at once; leases of anyone it
 * cannot judge (another host, a configured instance id, a live process) are left to expire.
 * Real processes (one that has exited, one still running) and a real SQLite store.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ownerProcess, processExists, releaseLeasesOfStoppedInstances } from '../../src/service/lib/stopped-instances.js';
import type { JobStore } from '../../src/store/job-store.js';
import { openJobStore } from '../../src/store/open-job-store.js';
import { memoryLog, tempRoot } from '../e2e/harness.js';
import { usePostgres } from '../support/postgres.js';

const temp = tempRoot('tollkit-stopped-');
const postgres = usePostgres();
const running = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
afterAll(async () => {
  running.kill('SIGKILL');
  temp.remove();
});

/** Receives one manifest per owner and has that owner lease it. */
async function leaseOnePerOwner(store: JobStore, owners: readonly string[]): Promise<void> {
  for (const [i, owner] of owners.entries()) {
    await store.receiveManifest({ channel: 'c', originalName: `m${i}.csv`, processingName: `m${i}.csv.p`, contentHash: `sha256:${i}`, size: 1 });
    expect(await store.leaseNextManifest({ owner, leaseMs: 60_000 })).toBeDefined();
  }
}

/** The pid of a process that has come and gone. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await once(child, 'exit');
  return child.pid as number;
}

describe('leases of stopped instances', () => {
  it('reads host and pid from default owner ids only', () => {
    expect(ownerProcess('build-7.example:4242:a1b2c3d4')).toEqual({ host: 'build-7.example', pid: 4242 });
    expect(ownerProcess('host:with:colons:17:abcdef')).toEqual({ host: 'host:with:colons', pid: 17 });
    for (const id of ['adapter-1', 'host:4242', 'host:0:abcdef', 'host:12:xyz123', ':12:abcdef']) expect(ownerProcess(id), id).toBeUndefined();
  });

  it('tells a live process from one that has exited', async () => {
    expect(processExists(process.pid)).toBe(true);
    expect(processExists(running.pid as number)).toBe(true);
    expect(processExists(await deadPid())).toBe(false);
  });

  it('frees only the leases of this host\'s dead instances (SQLite store)', async () => {
    const { store } = await openJobStore({ kind: 'sqlite', dataDir: join(temp.root, 'data') });
    try {
      const gone = await deadPid();
      const owners = {
        dead: `${hostname()}:${gone}:0a1b2c3d`,
        alive: `${hostname()}:${running.pid}:0a1b2c3d`,
        elsewhere: `another-host.example:${gone}:0a1b2c3d`,
        configured: 'adapter-1',
        // This process's pid under another id: a predecessor (a container restarts its adapter as pid 1).
        predecessor: `${hostname()}:${process.pid}:0a1b2c3d`,
        self: `${hostname()}:${process.pid}:ffeeddcc`,
      };
      await leaseOnePerOwner(store, Object.values(owners));
      const log = memoryLog();
      expect(await releaseLeasesOfStoppedInstances(store, owners.self, log)).toBe(2);
      expect(await store.leaseOwners()).toEqual([owners.alive, owners.configured, owners.elsewhere, owners.self].sort());
      expect(log.lines.map((l) => l.obj['owner']).sort()).toEqual([owners.dead, owners.predecessor].sort());
      expect(log.lines[0]).toMatchObject({ level: 'info', msg: 'freed the leases of a stopped instance on this host', obj: { manifests: 1, outbox: 0 } });
      // The freed manifest is taken up now, not in a minute.
      expect(await store.leaseNextManifest({ owner: owners.self, leaseMs: 60_000 })).toMatchObject({ originalName: 'm0.csv', leaseCount: 2 });
    } finally {
      await store.close();
    }
  });

  it('leaves every lease of a shared PostgreSQL store to expire (host names and pids may repeat across machines)', async () => {
    const { store } = await openJobStore({ kind: 'postgres', connectionString: await postgres().createDatabase() });
    try {
      const dead = `${hostname()}:${await deadPid()}:0a1b2c3d`;
      await leaseOnePerOwner(store, [dead]);
      expect(await releaseLeasesOfStoppedInstances(store, `${hostname()}:${process.pid}:ffeeddcc`, memoryLog())).toBe(0);
      expect(await store.leaseOwners()).toEqual([dead]);
    } finally {
      await store.close();
    }
  });
});
