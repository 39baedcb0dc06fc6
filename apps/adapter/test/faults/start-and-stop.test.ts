/**
 * Issue #13, fault 2 ("zombie after a failed start"): a channel that cannot start stopped the whole
 * service or left a process whose store was closed while other channels still claimed files, and
 * the ops port taken gave `EADDRINUSE` then a process that ran on ignoring SIGTERM. The real
 * `tollkit` executable in its own process, a real sshd (wrong pinned key), real folders, a real
 * playground.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPlayground, type Playground } from '@tollkit/playground';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { list, tempRoot, waitFor, writePlaygroundCredentials } from '../e2e/harness.js';
import { generateRoadManifest } from '../e2e/generate-manifest.js';
import { startSshd, type SshdServer } from '../support/sshd.js';
import { waitForExit } from '../support/spawn-ready.js';

const BIN = fileURLToPath(new URL('../../src/cli/tollkit.mjs', import.meta.url));

describe('fault 2: start-up is all-or-nothing, one SIGTERM always stops', () => {
  let pg: Playground;
  let sshd: SshdServer;
  const temp = tempRoot('tollkit-fault2-');
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    sshd = await startSshd();
    pg = await startPlayground({ port: 0, validationDelayMs: 0, log: () => undefined });
    writePlaygroundCredentials(temp.root, pg);
    writeFileSync(join(temp.root, 'client_key'), sshd.privateKey, { mode: 0o600 });
    writeFileSync(join(temp.root, 'not-a-folder'), 'a file where a channel folder should be\n');
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await pg?.close();
    await sshd?.close();
    temp.remove();
  });

  /** A config under `dir`: an SFTP channel whose pinned key is wrong (listed first), a good local channel, a local channel whose folder cannot be made. */
  function writeConfig(dir: string, httpPort: number, onlyGood = false): string {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'tollkit.yaml');
    writeFileSync(
      file,
      [
        'environment: playground',
        `dataDir: ${join(dir, 'data')}`,
        'digitoll:',
        `  baseUrl: ${pg.url}`,
        'maskinporten:',
        `  clientId: ${pg.demoClient.clientId}`,
        `  privateKeyFile: ${join(temp.root, 'key.pem')}`,
        `  certificateFile: ${join(temp.root, 'cert.pem')}`,
        'service:',
        `  http: { host: 127.0.0.1, port: ${httpPort} }`,
        'channels:',
        ...(onlyGood ? [] : [
          '  - kind: sftp',
          '    name: wrongkey',
          '    profile: road-forwarder-export',
          `    host: ${sshd.host}`,
          `    port: ${sshd.port}`,
          `    username: ${sshd.username}`,
          `    root: ${join(sshd.root, 'wrongkey')}`,
          `    privateKeyFile: ${join(temp.root, 'client_key')}`,
          `    hostKeyFingerprints: ["${sshd.otherFingerprint}"]`,
          '    pollIntervalMs: 200',
        ]),
        '  - kind: local',
        '    name: acme',
        '    profile: road-forwarder-export',
        `    path: ${join(dir, 'acme')}`,
        '    pollIntervalMs: 200',
        '    readiness: { mode: rename }',
        ...(onlyGood ? [] : [
          '  - kind: local',
          '    name: nofolder',
          '    profile: road-forwarder-export',
          `    path: ${join(temp.root, 'not-a-folder', 'nofolder')}`,
          '    pollIntervalMs: 200',
        ]),
        '',
      ].join('\n'),
    );
    return file;
  }

  function runCli(configFile: string): { child: ChildProcess; out: () => string; err: () => string } {
    const child = spawn(process.execPath, [BIN, 'run', '--config', configFile], { env: { ...process.env, TOLLKIT_CONFIG: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    let err = '';
    child.stdout?.on('data', (d: Buffer) => void (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => void (err += d.toString()));
    return { child, out: () => out, err: () => err };
  }

  function drop(inbox: string, name: string, bytes: Buffer): void {
    mkdirSync(inbox, { recursive: true });
    writeFileSync(join(inbox, `.${name}.tmp`), bytes);
    renameSync(join(inbox, `.${name}.tmp`), join(inbox, name));
  }

  it('ops port taken: exits 3 at once with SERVICE_HTTP_UNAVAILABLE, before any file is claimed', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const dir = join(temp.root, 'port-taken');
      drop(join(dir, 'acme', 'inbox'), 'waiting.csv', generateRoadManifest(1, 2, { tag: 'T' }).bytes);
      const { child, err } = runCli(writeConfig(dir, port, true));
      const exited = await waitForExit(child, 20_000);
      expect(exited, 'the process ended on its own').toBe(true);
      expect(child.exitCode).toBe(3);
      expect(err()).toMatch(/SERVICE_HTTP_UNAVAILABLE/);
      expect(list(join(dir, 'acme', 'inbox'))).toEqual(['waiting.csv']);
      expect(list(join(dir, 'acme', 'processing'))).toEqual([]);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  }, 40_000);

  it('channels that cannot start are shown down with their reasons while the others work; one SIGTERM stops it within the bound', async () => {
    const dir = join(temp.root, 'bad-channels');
    const { child, out } = runCli(writeConfig(dir, 0));
    const ready = await waitFor('run ready', () => /"http":"(http:\/\/[^"]+)"[^\n]*tollkit run: ready/.exec(out())?.[1], 30_000);
    drop(join(dir, 'acme', 'inbox'), 'good.csv', generateRoadManifest(2, 2, { tag: 'G' }).bytes);
    await waitFor('the good channel\'s file archived', () => list(join(dir, 'acme', 'archive')).length === 1, 30_000);
    expect(list(join(dir, 'acme', 'outbox')).some((f) => f.startsWith('good.csv.result-'))).toBe(true);

    // (503 comes once a channel has been down for service.health.channelDownMs, 60 s by default; the
    // states and reasons show at once.)
    const health = await waitFor('both broken channels reported down', async () => {
      const response = await fetch(`${ready}/healthz`);
      const body = (await response.json()) as { channels?: { name: string; state: string; reason?: string }[] };
      const states = new Map((body.channels ?? []).map((c) => [c.name, c.state]));
      return states.get('wrongkey') === 'down' && states.get('nofolder') === 'down' ? body : undefined;
    }, 20_000);
    const byName = new Map((health.channels ?? []).map((c) => [c.name, c]));
    expect(byName.get('acme')?.state).toBe('up');
    expect(byName.get('wrongkey')?.state).toBe('down');
    expect(byName.get('wrongkey')?.reason).toMatch(/not the pinned fingerprint/);
    expect(byName.get('nofolder')?.state).toBe('down');
    expect(byName.get('nofolder')?.reason).toMatch(/ENOTDIR|not a directory/);

    const signalled = Date.now();
    child.kill('SIGTERM');
    const exited = await waitForExit(child, 30_000);
    const tookMs = Date.now() - signalled;
    expect(exited).toBe(true);
    expect(child.exitCode).toBe(0);
    expect(tookMs, 'documented bound: grace 10 s + 5 s for channels').toBeLessThan(15_000);
  }, 90_000);
});
