import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, ClaimedFile } from '../../src/intake/channel.js';
import { sftpPoolStats } from '../../src/intake/lib/sftp-pool.js';
import { createSftpChannel, type SftpChannelSettings } from '../../src/intake/sftp-channel.js';
import { takeReadyFiles } from '../../src/intake/take-ready-files.js';
import { sftpConnectionTo, startSshd, type SshdServer } from '../support/sshd.js';
import { sleep, waitFor } from '../support/wait-for.js';
import { testChannelSettings } from './channel-settings.js';

const sha = (bytes: Buffer): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

describe('SFTP channel against a real OpenSSH sshd', () => {
  let sshd: SshdServer;
  const channels: Channel[] = [];
  let counter = 0;

  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(async () => {
    await sshd?.close();
  });
  afterEach(async () => {
    for (const channel of channels.splice(0)) await channel.stop();
  });

  /** A fresh channel root on the server (which is this machine: tests inspect it on disk). */
  const newRoot = (): string => join(sshd.root, `partner-${++counter}`);

  const makeChannel = (
    root: string,
    overrides: Parameters<typeof testChannelSettings>[2] & { connection?: Partial<SftpChannelSettings['connection']> } = {},
  ): Channel => {
    const { connection, ...rest } = overrides;
    const channel = createSftpChannel({
      ...testChannelSettings('sftp', root, rest),
      connection: sftpConnectionTo(sshd, { backoff: { initialMs: 100, maxMs: 1000 }, ...connection }),
    });
    channels.push(channel);
    return channel;
  };

  it('refuses a server whose host key is not the pinned one', async () => {
    const root = newRoot();
    const channel = makeChannel(root, { connection: { hostKeyFingerprints: [sshd.otherFingerprint] } });
    const error = await channel.start(() => undefined).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INTAKE_HOST_KEY_REJECTED', category: 'config' });
    expect((error as Error).message).toContain(sshd.hostKeyFingerprint);
    expect(existsSync(root)).toBe(false); // nothing was done on the server
  });

  it('takes files once stable, claims by posix-rename into processing/, streams them with size check', async () => {
    const root = newRoot();
    const stableForMs = 600;
    const channel = makeChannel(root, { readiness: { stableForMs } });
    await channel.start(() => undefined);
    expect(readdirSync(root).sort()).toEqual(['archive', 'failed', 'inbox', 'outbox', 'processing']);

    const chunks = Array.from({ length: 8 }, () => randomBytes(256 * 1024));
    let lastWriteAt = 0;
    const writer = (async () => {
      const handle = await open(join(root, 'inbox', 'big.csv'), 'w');
      for (const chunk of chunks) {
        await handle.write(chunk);
        lastWriteAt = Date.now();
        await sleep(100);
      }
      await handle.close();
    })();
    let claimed: ClaimedFile | undefined;
    let claimedAt = 0;
    while (claimed === undefined) {
      const result = await takeReadyFiles(channel);
      if (result.claimed[0] !== undefined) {
        claimed = result.claimed[0];
        claimedAt = Date.now();
      }
      await sleep(50);
    }
    await writer;
    expect(claimedAt).toBeGreaterThanOrEqual(lastWriteAt + stableForMs);
    expect(readdirSync(join(root, 'processing'))).toEqual([claimed.processingName]);
    expect(readdirSync(join(root, 'inbox'))).toEqual([]);
    const read = await channel.read(claimed);
    const full = Buffer.concat(chunks);
    expect(read.size).toBe(full.byteLength);
    expect(read.contentHash).toBe(sha(full));
    expect(await channel.digest(claimed)).toEqual({ size: full.byteLength, contentHash: sha(full) });
    // A copy on local disk (what the service streams a remote manifest from), checked the same way.
    const spool = mkdtempSync(join(tmpdir(), 'tollkit-spool-'));
    try {
      const copy = join(spool, 'copy.spool');
      expect(await channel.download(claimed, copy)).toEqual({ size: full.byteLength, contentHash: sha(full) });
      expect(readFileSync(copy).equals(full)).toBe(true);
      // Never over an existing file.
      await expect(channel.download(claimed, copy)).rejects.toThrow();
      expect(readFileSync(copy).equals(full)).toBe(true);
    } finally {
      rmSync(spool, { recursive: true, force: true });
    }
  });

  it('refuses a file over the size limit for read, digest and download, leaving no local copy', async () => {
    const root = newRoot();
    const channel = makeChannel(root, { readiness: { mode: 'rename' }, maxFileBytes: 100 });
    await channel.start(() => undefined);
    writeFileSync(join(root, 'inbox', 'big.csv'), Buffer.alloc(101));
    const { claimed } = await takeReadyFiles(channel);
    const file = claimed[0] as ClaimedFile;
    await expect(channel.read(file)).rejects.toMatchObject({ code: 'INTAKE_FILE_TOO_LARGE', category: 'bad-data' });
    await expect(channel.digest(file)).rejects.toMatchObject({ code: 'INTAKE_FILE_TOO_LARGE', category: 'bad-data' });
    const spool = mkdtempSync(join(tmpdir(), 'tollkit-spool-'));
    try {
      await expect(channel.download(file, join(spool, 'big.spool'))).rejects.toMatchObject({ code: 'INTAKE_FILE_TOO_LARGE' });
      expect(readdirSync(spool)).toEqual([]);
    } finally {
      rmSync(spool, { recursive: true, force: true });
    }
    // The channel still works (the abandoned streams did not break the connection or the process).
    expect((await channel.listProcessing()).map((f) => f.processingName)).toEqual([file.processingName]);
  });

  it('done-markers and temp-name-then-rename work over SFTP too', async () => {
    const markerRoot = newRoot();
    const marker = makeChannel(markerRoot, { readiness: { mode: 'done-marker' } });
    await marker.start(() => undefined);
    writeFileSync(join(markerRoot, 'inbox', 'a.csv'), 'a');
    expect((await takeReadyFiles(marker)).claimed).toEqual([]);
    writeFileSync(join(markerRoot, 'inbox', 'a.csv.done'), '');
    expect((await takeReadyFiles(marker)).claimed.map((c) => c.originalName)).toEqual(['a.csv']);
    expect(readdirSync(join(markerRoot, 'inbox'))).toEqual([]);

    const renameRoot = newRoot();
    const renamed = makeChannel(renameRoot, { readiness: { mode: 'rename' } });
    await renamed.start(() => undefined);
    writeFileSync(join(renameRoot, 'inbox', 'b.csv.tmp'), 'b');
    expect((await takeReadyFiles(renamed)).claimed).toEqual([]);
    renameSync(join(renameRoot, 'inbox', 'b.csv.tmp'), join(renameRoot, 'inbox', 'b.csv'));
    expect((await takeReadyFiles(renamed)).claimed.map((c) => c.originalName)).toEqual(['b.csv']);
  });

  it('writes results into the outbox under a temporary name then posix-renames (replacing), archives and fails', async () => {
    const root = newRoot();
    const channel = makeChannel(root, { readiness: { mode: 'rename' } });
    await channel.start(() => undefined);
    writeFileSync(join(root, 'inbox', 'ok.csv'), 'ok');
    writeFileSync(join(root, 'inbox', 'bad.csv'), 'bad');
    const { claimed } = await takeReadyFiles(channel);
    const ok = claimed.find((c) => c.originalName === 'ok.csv') as ClaimedFile;
    const bad = claimed.find((c) => c.originalName === 'bad.csv') as ClaimedFile;
    expect((await channel.listProcessing()).map((c) => c.processingName).sort()).toEqual(
      [ok.processingName, bad.processingName].sort(),
    );

    await channel.writeOutbox('ok.result.json', JSON.stringify({ version: 1 }));
    await channel.writeOutbox('ok.result.json', JSON.stringify({ version: 2 }));
    expect(readdirSync(join(root, 'outbox'))).toEqual(['ok.result.json']);
    expect(JSON.parse(readFileSync(join(root, 'outbox', 'ok.result.json'), 'utf8'))).toEqual({ version: 2 });

    await channel.archive(ok);
    await channel.archive(ok); // a repeat after a crash/reconnect is harmless
    await channel.fail(bad, { content: 'row 1: no waybill\n', suffix: '.error.txt' });
    expect(readdirSync(join(root, 'archive'))).toEqual([ok.processingName]);
    expect(readdirSync(join(root, 'failed')).sort()).toEqual([bad.processingName, `${bad.processingName}.error.txt`].sort());
    expect(readdirSync(join(root, 'processing'))).toEqual([]);
    await expect(channel.writeOutbox('../../escape', 'x')).rejects.toMatchObject({ code: 'INTAKE_UNSAFE_NAME' });
  });

  it('reconnects with backoff after the server restarts mid-run and loses no file', async () => {
    const root = newRoot();
    const errors: unknown[] = [];
    const channel = makeChannel(root, { readiness: { mode: 'rename' } });
    await channel.start(() => undefined, (error) => errors.push(error));
    for (let i = 0; i < 5; i++) writeFileSync(join(root, 'inbox', `before-${i}.csv`), `b${i}`);
    const taken = new Map<string, number>();
    const note = (files: readonly ClaimedFile[]): void => {
      for (const f of files) taken.set(f.originalName, (taken.get(f.originalName) ?? 0) + 1);
    };
    note((await takeReadyFiles(channel)).claimed);
    expect(taken.size).toBe(5);

    await sshd.stop(); // kills the listener and every session: our connection is gone
    for (let i = 0; i < 5; i++) writeFileSync(join(root, 'inbox', `after-${i}.csv`), `a${i}`);
    const failures: string[] = [];
    // while the server is down every attempt fails fast with a transient error (and backs off)
    for (let i = 0; i < 3; i++) {
      const error = await takeReadyFiles(channel).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'INTAKE_CONNECTION_FAILED', category: 'transient' });
    }
    await sshd.restart();
    await waitFor(
      async () => {
        try {
          note((await takeReadyFiles(channel)).claimed);
        } catch (error) {
          failures.push((error as { code?: string }).code ?? String(error));
        }
        return taken.size === 10;
      },
      { timeoutMs: 20_000, intervalMs: 100, what: 'files after the restart' },
    );
    expect([...taken.values()].every((n) => n === 1)).toBe(true);
    expect(failures.every((code) => code === 'INTAKE_CONNECTION_FAILED')).toBe(true);
    expect(readdirSync(join(root, 'processing'))).toHaveLength(10);
    // a file read after the restart is intact
    const [first] = await channel.listProcessing();
    expect((await channel.read(first as ClaimedFile)).size).toBe(2);
  });

  it('shares a bounded pool of connections per host between channels (more channels than connections)', async () => {
    // 'localhost' is a separate pool from the other tests' '127.0.0.1'
    const roots = [newRoot(), newRoot(), newRoot()];
    const group = roots.map((root) =>
      makeChannel(root, { readiness: { mode: 'rename' }, connection: { host: 'localhost', maxConnectionsPerHost: 2 } }),
    );
    for (const channel of group) await channel.start(() => undefined);
    roots.forEach((root, r) => {
      for (let i = 0; i < 10; i++) writeFileSync(join(root, 'inbox', `c${r}-${i}.csv`), `${r}/${i}`);
    });
    const results = await Promise.all(
      group.map(async (channel) => {
        const { claimed } = await takeReadyFiles(channel);
        return Promise.all(claimed.map(async (file) => (await channel.read(file)).bytes.toString()));
      }),
    );
    expect(results.map((contents) => contents.length)).toEqual([10, 10, 10]);
    const stats = sftpPoolStats('localhost', sshd.port);
    expect(stats.peak).toBeGreaterThanOrEqual(1);
    expect(stats.peak).toBeLessThanOrEqual(2);
    for (const channel of group) await channel.stop();
    expect(sftpPoolStats('localhost', sshd.port).open).toBe(0);
  });

  it('files placed in a nested folder layout are found with custom folder names', async () => {
    const root = newRoot();
    mkdirSync(join(root, 'in', 'edi'), { recursive: true });
    const channel = makeChannel(root, {
      folders: { inbox: 'in/edi', processing: 'work', archive: 'done', failed: 'error', outbox: 'out' },
      readiness: { mode: 'rename' },
    });
    await channel.start(() => undefined);
    writeFileSync(join(root, 'in', 'edi', 'x.xml'), '<x/>');
    const { claimed } = await takeReadyFiles(channel);
    expect(readdirSync(join(root, 'work'))).toEqual([claimed[0]?.processingName]);
  });

  describe('a server without posix-rename@openssh.com', () => {
    let plain: SshdServer;
    beforeAll(async () => {
      plain = await startSshd({ deniedSftpRequests: ['posix-rename'] });
    });
    afterAll(async () => {
      await plain?.close();
    });

    it('claims with plain rename (still exclusive) and replaces outbox files by delete + rename', async () => {
      const root = join(plain.root, 'partner');
      const make = (): Channel => {
        const channel = createSftpChannel({
          ...testChannelSettings('plain', root, { readiness: { mode: 'rename' } }),
          connection: {
            host: plain.host,
            port: plain.port,
            username: plain.username,
            privateKey: plain.privateKey,
            hostKeyFingerprints: [plain.hostKeyFingerprint],
          },
        });
        channels.push(channel);
        return channel;
      };
      const [a, b] = [make(), make()];
      await a.start(() => undefined);
      await b.start(() => undefined);
      for (let i = 0; i < 20; i++) writeFileSync(join(root, 'inbox', `f${i}.csv`), `${i}`);
      const [ra, rb] = await Promise.all([takeReadyFiles(a), takeReadyFiles(b)]);
      const names = [...(ra?.claimed ?? []), ...(rb?.claimed ?? [])].map((c) => c.originalName);
      expect(names).toHaveLength(20);
      expect(new Set(names).size).toBe(20);

      await a.writeOutbox('r.csv', 'one');
      await a.writeOutbox('r.csv', 'two');
      expect(readdirSync(join(root, 'outbox'))).toEqual(['r.csv']);
      expect(readFileSync(join(root, 'outbox', 'r.csv'), 'utf8')).toBe('two');
      const [first] = await a.listProcessing();
      await a.archive(first as ClaimedFile);
      expect(readdirSync(join(root, 'archive'))).toEqual([first?.processingName]);
    });
  });
});
