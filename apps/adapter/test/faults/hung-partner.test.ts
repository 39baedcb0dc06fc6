/**
 * Issue #13, fault 3 ("one hung partner stops everyone"): an SFTP server that accepts TCP and never
 * answers delayed every channel's start; an SFTP subsystem that stopped answering (SSH keep-alives
 * fine) held both workers, so a healthy local channel's file waited; a file left in an SFTP
 * channel's processing/ was not recovered while running. Real sshd whose `sftp-server` processes are
 * SIGSTOPped, a real TCP listener that never answers, real folders, the real service.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { startPlayground, type Playground } from '@tollkit/playground';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProcessingName } from '../../src/intake/lib/claim-name.js';
import { createSftpChannel } from '../../src/intake/sftp-channel.js';
import type { RunningService } from '../../src/service/start-service.js';
import type { JobStore } from '../../src/store/job-store.js';
import { openJobStore } from '../../src/store/open-job-store.js';
import { dropInto, FOLDERS, list, localChannel, memoryLog, startTestService, tempRoot, waitFor, roadProfile } from '../e2e/harness.js';
import { generateRoadManifest } from '../e2e/generate-manifest.js';
import { sftpConnectionTo, startSshd, type SshdServer } from '../support/sshd.js';

describe('fault 3: a hung partner never stops the others', () => {
  let pg: Playground;
  let sshd: SshdServer;
  let silent: Server;
  const sockets = new Set<Socket>();
  let store: JobStore;
  let service: RunningService | undefined;
  let startMs = 0;
  const temp = tempRoot('tollkit-fault3-');
  const log = memoryLog();
  let remote: string;
  let stopped: number[] = [];

  beforeAll(async () => {
    sshd = await startSshd({ sftpServer: 'external' });
    // Accepts TCP connections and never says a word (no SSH banner).
    silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const silentPort = (silent.address() as { port: number }).port;
    pg = await startPlayground({ port: 0, validationDelayMs: 0, log: () => undefined });
    store = (await openJobStore({ kind: 'sqlite', dataDir: join(temp.root, 'data') })).store;
    remote = join(sshd.root, 'nordic');
    for (const folder of Object.values(FOLDERS)) mkdirSync(join(remote, folder), { recursive: true });
    const sftp = (name: string, root: string, port: number) =>
      createSftpChannel({
        name,
        root,
        folders: FOLDERS,
        include: ['*.csv'],
        exclude: [],
        pollIntervalMs: 200,
        readiness: { mode: 'rename', stableForMs: 0, doneSuffix: '.done' },
        maxFileBytes: 50 * 1024 * 1024,
        operationTimeoutMs: 3_000,
        connection: { ...sftpConnectionTo(sshd, { backoff: { initialMs: 200, maxMs: 1_000 } }), port, readyTimeoutMs: 3_000 },
      });
    const t0 = Date.now();
    service = await startTestService(
      pg,
      store,
      [
        // listed first: the silent server must not delay anyone
        { channel: sftp('silent', '/upload', silentPort), profile: await roadProfile('silent'), spool: join(temp.root, 'data', 'spool', 'silent') },
        { channel: sftp('nordic', remote, sshd.port), profile: await roadProfile('nordic'), spool: join(temp.root, 'data', 'spool', 'nordic') },
        { channel: localChannel(temp.root, 'acme'), profile: await roadProfile('acme') },
      ],
      log,
      { http: true, health: { channelDownMs: 1_000 } },
    );
    startMs = Date.now() - t0;
  }, 120_000);

  afterAll(async () => {
    for (const pid of stopped) process.kill(pid, 'SIGCONT');
    await service?.close();
    await store?.close();
    await pg?.close();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent?.close(resolve));
    await sshd?.close();
    temp.remove();
  });

  it('a server that accepts TCP and never answers does not delay the start; it is shown down with its reason', async () => {
    expect(startMs, 'startService returned after').toBeLessThan(3_000);
    const health = await waitFor('the silent channel reported down', async () => {
      const response = await fetch(`${service?.httpUrl}/healthz`);
      const body = (await response.json()) as { reasons: string[]; channels: { name: string; state: string; reason?: string }[] };
      return response.status === 503 && body.reasons.some((r) => r.startsWith('channel silent down')) ? body : undefined;
    }, 40_000);
    const silentStatus = health.channels.find((c) => c.name === 'silent');
    expect(silentStatus?.state).toBe('down');
    expect(silentStatus?.reason).toMatch(/127\.0\.0\.1/);
    expect(health.channels.find((c) => c.name === 'acme')?.state).toBe('up');
    const metrics = await (await fetch(`${service?.httpUrl}/metrics`)).text();
    expect(metrics).toMatch(/tollkit_channel_up\{channel="silent"\} 0/);
    expect(metrics).toMatch(/tollkit_channel_up\{channel="acme"\} 1/);
  }, 60_000);

  it('an SFTP subsystem that stops answering holds no worker: the local file is done at once, the SFTP file once the server answers', async () => {
    // A first SFTP file through, so the pool holds open sessions (each with its own sftp-server).
    const staged = join(sshd.root, 'staged.csv');
    writeFileSync(staged, generateRoadManifest(1, 2, { tag: 'N' }).bytes);
    renameSync(staged, join(remote, 'inbox', 'first.csv'));
    await waitFor('first SFTP file archived', () => list(join(remote, 'archive')).length === 1, 30_000);

    // Two SFTP manifests waiting for Customs (2 s validation): when they settle, each worker writes
    // a result file over SFTP — into sessions that no longer answer.
    pg.setFaults({ validationDelayMs: 2_000 });
    for (const name of ['second.csv', 'third.csv']) {
      writeFileSync(staged, generateRoadManifest(name === 'second.csv' ? 2 : 5, 2, { tag: 'N' }).bytes);
      renameSync(staged, join(remote, 'inbox', name));
    }
    await waitFor('both SFTP manifests submitted', async () => {
      const found = await store.findManifests({ channel: 'nordic', limit: 10 });
      return found.filter((m) => m.state === 'submitting').length === 2;
    }, 30_000);
    stopped = sshd.sftpServerPids();
    expect(stopped.length).toBeGreaterThan(0);
    for (const pid of stopped) process.kill(pid, 'SIGSTOP');
    const dropped = Date.now();
    dropInto(join(temp.root, 'acme', 'inbox'), 'local.csv', generateRoadManifest(3, 2, { tag: 'L' }).bytes);
    await waitFor('local file archived', () => list(join(temp.root, 'acme', 'archive')).length === 1, 60_000);
    const localDelayMs = Date.now() - dropped;
    expect(localDelayMs, 'the healthy local channel waited').toBeLessThan(10_000);
    pg.setFaults({ validationDelayMs: 0 });

    for (const pid of stopped) process.kill(pid, 'SIGCONT');
    stopped = [];
    await waitFor('both SFTP files archived', () => list(join(remote, 'archive')).length === 3, 60_000);
    expect(list(join(remote, 'processing'))).toEqual([]);
  }, 120_000);

  it('a file left unrecorded in an SFTP channel\'s processing/ is recorded while running', async () => {
    const staged = join(sshd.root, 'staged.csv');
    writeFileSync(staged, generateRoadManifest(4, 2, { tag: 'S' }).bytes);
    const claimed = makeProcessingName('left.csv', Date.now());
    renameSync(staged, join(remote, 'processing', claimed));
    await waitFor('the left file archived on the server', () => list(join(remote, 'archive')).includes(claimed), 30_000);
    const [manifest] = await store.findManifests({ channel: 'nordic', processingName: claimed, limit: 1 });
    expect(manifest?.state).toBe('archived');
  }, 60_000);
});
