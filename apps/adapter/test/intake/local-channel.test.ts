import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Channel, ClaimedFile } from '../../src/intake/channel.js';
import { createLocalChannel } from '../../src/intake/local-channel.js';
import { takeReadyFiles } from '../../src/intake/take-ready-files.js';
import { makeTempDir } from '../support/temp-dir.js';
import { sleep, waitFor } from '../support/wait-for.js';
import { testChannelSettings } from './channel-settings.js';

const sha = (bytes: Buffer): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

describe('local folder channel', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let root: string;
  let inbox: string;
  const channels: Channel[] = [];

  const makeChannel = (overrides: Parameters<typeof testChannelSettings>[2] = {}): Channel => {
    const channel = createLocalChannel(testChannelSettings('local', root, overrides));
    channels.push(channel);
    return channel;
  };
  const startChannel = async (overrides: Parameters<typeof testChannelSettings>[2] = {}): Promise<Channel> => {
    const channel = makeChannel(overrides);
    await channel.start(() => undefined);
    return channel;
  };

  beforeEach(() => {
    dir = makeTempDir('local');
    root = join(dir.path, 'partner');
    inbox = join(root, 'inbox');
  });
  afterEach(async () => {
    for (const channel of channels.splice(0)) await channel.stop();
    dir.remove();
  });

  it('a stop while the watcher is getting ready ends the start at once and leaves no poll timer behind', async () => {
    const channel = makeChannel();
    let wakes = 0;
    const starting = channel.start(() => void wakes++);
    await channel.stop();
    // Before, the start waited for a 'ready' that a closed watcher never sends (tollkit run then sat
    // out its 5 s channel-stop bound), or set its poll timer after the stop.
    await expect(Promise.race([starting.then(() => 'ended'), sleep(2_000).then(() => 'hung')])).resolves.toBe('ended');
    const after = wakes;
    await sleep(300);
    expect(wakes).toBe(after);
  });

  it('creates its folders and takes nothing from an empty inbox', async () => {
    const channel = await startChannel();
    expect(readdirSync(root).sort()).toEqual(['archive', 'failed', 'inbox', 'outbox', 'processing']);
    expect(await takeReadyFiles(channel)).toEqual({ claimed: [], lost: 0, waiting: 0, rejected: [], refuseErrors: [], irregular: [] });
  });

  it('a slow writer is not taken until its size and mtime stay stable; then the whole file is read', async () => {
    const stableForMs = 600;
    const channel = await startChannel({ readiness: { stableForMs } });
    const chunks = Array.from({ length: 12 }, () => randomBytes(64 * 1024));
    const claims: { at: number; file: ClaimedFile }[] = [];
    let lastWriteAt = 0;
    const writer = (async () => {
      const handle = await open(join(inbox, 'slow.csv'), 'w');
      for (const chunk of chunks) {
        await handle.write(chunk);
        await handle.sync();
        lastWriteAt = Date.now();
        await sleep(100); // pauses shorter than stableForMs
      }
      await handle.close();
    })();
    const poller = (async () => {
      while (claims.length === 0) {
        const { claimed } = await takeReadyFiles(channel);
        for (const file of claimed) claims.push({ at: Date.now(), file });
        await sleep(50);
      }
    })();
    await writer;
    await waitFor(() => claims.length > 0, { what: 'the slow file to be claimed' });
    await poller;
    expect(claims).toHaveLength(1);
    // never while the writer was active: only once the file had been still for stableForMs
    expect(claims[0]?.at).toBeGreaterThanOrEqual(lastWriteAt + stableForMs);
    const read = await channel.read(claims[0]?.file as ClaimedFile);
    const full = Buffer.concat(chunks);
    expect(read.size).toBe(full.byteLength);
    expect(read.contentHash).toBe(sha(full));
    expect(read.bytes.equals(full)).toBe(true);
    // The digest used at receive time: the same size and hash, no bytes kept.
    expect(await channel.digest(claims[0]?.file as ClaimedFile)).toEqual({ size: full.byteLength, contentHash: sha(full) });
  });

  it('with done-markers, a file is taken only once its marker exists, and the marker is removed', async () => {
    const channel = await startChannel({ readiness: { mode: 'done-marker' } });
    writeFileSync(join(inbox, 'a.csv'), 'x;y\n');
    await takeReadyFiles(channel);
    await sleep(400); // long past any stability window
    const before = await takeReadyFiles(channel);
    expect(before.claimed).toEqual([]);
    expect(before.waiting).toBe(1);
    writeFileSync(join(inbox, 'a.csv.done'), '');
    const after = await takeReadyFiles(channel);
    expect(after.claimed.map((c) => c.originalName)).toEqual(['a.csv']);
    expect(readdirSync(inbox)).toEqual([]);
  });

  it('temp-name-then-rename: the temporary file is never a candidate, the renamed one is taken at once', async () => {
    const channel = await startChannel({ readiness: { mode: 'rename' } });
    writeFileSync(join(inbox, 'b.csv.tmp'), 'partial');
    writeFileSync(join(inbox, '.c.csv'), 'hidden');
    writeFileSync(join(inbox, 'd.csv.part'), 'partial');
    expect(await takeReadyFiles(channel)).toMatchObject({ claimed: [], waiting: 0 });
    writeFileSync(join(inbox, 'b.csv.tmp'), 'partial plus the rest');
    renameSync(join(inbox, 'b.csv.tmp'), join(inbox, 'b.csv'));
    const { claimed } = await takeReadyFiles(channel);
    expect(claimed.map((c) => c.originalName)).toEqual(['b.csv']);
    expect((await channel.read(claimed[0] as ClaimedFile)).bytes.toString()).toBe('partial plus the rest');
  });

  it('files present at start-up go through the same stability check and are taken via the wake-up', async () => {
    mkdirSync(inbox, { recursive: true });
    writeFileSync(join(inbox, 'old-1.csv'), 'one');
    writeFileSync(join(inbox, 'old-2.csv'), 'two');
    const past = new Date(Date.now() - 3_600_000);
    utimesSync(join(inbox, 'old-1.csv'), past, past);
    const channel = makeChannel();
    // the very first look only records them
    const first = await channel.scan();
    expect(first.ready).toEqual([]);
    expect(first.waiting.map((f) => f.name)).toEqual(['old-1.csv', 'old-2.csv']);

    const taken: string[] = [];
    let draining = false;
    await channel.start(() => {
      if (draining) return;
      draining = true;
      void takeReadyFiles(channel)
        .then(({ claimed }) => taken.push(...claimed.map((c) => c.originalName)))
        .finally(() => (draining = false));
    });
    await waitFor(() => taken.length === 2, { what: 'pre-existing files' });
    expect(taken).toEqual(['old-1.csv', 'old-2.csv']); // oldest first
    // a file dropped while running is picked up by the watcher's wake-up as well
    writeFileSync(join(inbox, 'new.csv'), 'new');
    await waitFor(() => taken.includes('new.csv'), { what: 'the new file' });
  });

  it('include and exclude globs choose the candidates', async () => {
    const channel = await startChannel({ include: ['*.csv', '*.xml'], exclude: ['draft-*'], readiness: { mode: 'rename' } });
    for (const name of ['a.csv', 'B.XML', 'c.txt', 'draft-d.csv']) writeFileSync(join(inbox, name), name);
    const { claimed } = await takeReadyFiles(channel);
    expect(claimed.map((c) => c.originalName).sort()).toEqual(['B.XML', 'a.csv']);
    expect(readdirSync(inbox).sort()).toEqual(['c.txt', 'draft-d.csv']);
  });

  it('unsafe names are refused (moved to failed/ with a report); unsafe names are refused everywhere', async () => {
    const channel = await startChannel({ readiness: { mode: 'rename' } });
    writeFileSync(join(inbox, 'a..csv'), 'x');
    writeFileSync(join(inbox, 'bell\u0007.csv'), 'x');
    writeFileSync(join(inbox, 'back\\slash.csv'), 'x');
    const result = await takeReadyFiles(channel);
    expect(result.claimed).toEqual([]);
    expect(result.rejected.map((r) => r.reason).sort()).toEqual([
      'contains ".."',
      'contains a control character',
      'contains a path separator',
    ]);
    await expect(channel.claim({ name: '../etc/passwd', size: 1, mtimeMs: 0 })).rejects.toMatchObject({
      code: 'INTAKE_UNSAFE_NAME',
      category: 'bad-data',
    });
    await expect(channel.writeOutbox('../escape.csv', 'x')).rejects.toMatchObject({ code: 'INTAKE_UNSAFE_NAME' });
    expect(() => createLocalChannel(testChannelSettings('bad', root, {
      folders: { inbox: '../elsewhere', processing: 'p', archive: 'a', failed: 'f', outbox: 'o' },
    }))).toThrow(expect.objectContaining({ code: 'INTAKE_PATH_ESCAPE' }));
  });

  it('two instances on one folder never claim the same file', async () => {
    const a = await startChannel({ readiness: { mode: 'rename' } });
    const b = await startChannel({ readiness: { mode: 'rename' } });
    for (let i = 0; i < 50; i++) writeFileSync(join(inbox, `m${String(i).padStart(2, '0')}.csv`), `file ${i}`);
    const [ra, rb] = await Promise.all([takeReadyFiles(a), takeReadyFiles(b)]);
    const names = [...(ra?.claimed ?? []), ...(rb?.claimed ?? [])].map((c) => c.originalName);
    expect(names).toHaveLength(50);
    expect(new Set(names).size).toBe(50);
    expect((ra?.lost ?? 0) + (rb?.lost ?? 0)).toBe(100 - 50);
    expect(readdirSync(join(root, 'processing'))).toHaveLength(50);
  });

  it('archives, fails with a report beside the file, lists processing, and writes the outbox atomically', async () => {
    const channel = await startChannel({ readiness: { mode: 'rename' } });
    writeFileSync(join(inbox, 'ok.csv'), 'ok');
    writeFileSync(join(inbox, 'bad.csv'), 'bad');
    const { claimed } = await takeReadyFiles(channel);
    const ok = claimed.find((c) => c.originalName === 'ok.csv') as ClaimedFile;
    const bad = claimed.find((c) => c.originalName === 'bad.csv') as ClaimedFile;
    expect(ok.processingName).toMatch(/^\d{8}T\d{6}Z-[0-9a-f]{8}-ok\.csv$/);
    expect((await channel.listProcessing()).map((c) => c.originalName).sort()).toEqual(['bad.csv', 'ok.csv']);

    await channel.archive(ok);
    await channel.archive(ok); // a repeat after a crash is harmless
    expect(readdirSync(join(root, 'archive'))).toEqual([ok.processingName]);
    await expect(channel.archive({ ...ok, processingName: '20261121T000000Z-00000000-gone.csv' })).rejects.toMatchObject({
      code: 'INTAKE_IO_FAILED',
    });
    await channel.fail(bad, { content: JSON.stringify({ error: 'row 2: missing waybill' }) });
    expect(readdirSync(join(root, 'failed')).sort()).toEqual([bad.processingName, `${bad.processingName}.error.json`].sort());
    expect(JSON.parse(readFileSync(join(root, 'failed', `${bad.processingName}.error.json`), 'utf8'))).toEqual({
      error: 'row 2: missing waybill',
    });
    expect(readdirSync(join(root, 'processing'))).toEqual([]);

    await channel.writeOutbox('ok.result.csv', 'first');
    await channel.writeOutbox('ok.result.csv', 'second');
    expect(readdirSync(join(root, 'outbox'))).toEqual(['ok.result.csv']);
    expect(readFileSync(join(root, 'outbox', 'ok.result.csv'), 'utf8')).toBe('second');
  });

  it('refuses to read a file over the size limit', async () => {
    const channel = await startChannel({ readiness: { mode: 'rename' }, maxFileBytes: 100 });
    writeFileSync(join(inbox, 'big.csv'), Buffer.alloc(101));
    const { claimed } = await takeReadyFiles(channel);
    await expect(channel.read(claimed[0] as ClaimedFile)).rejects.toMatchObject({ code: 'INTAKE_FILE_TOO_LARGE', category: 'bad-data' });
    await expect(channel.digest(claimed[0] as ClaimedFile)).rejects.toMatchObject({ code: 'INTAKE_FILE_TOO_LARGE', category: 'bad-data' });
    expect(existsSync(join(root, 'processing', claimed[0]?.processingName ?? ''))).toBe(true);
  });
});
