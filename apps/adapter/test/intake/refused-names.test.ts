import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, ChannelSettings } from '../../src/intake/channel.js';
import { createLocalChannel } from '../../src/intake/local-channel.js';
import { sanitiseRefusedName } from '../../src/intake/lib/refusal.js';
import { unsafeIncomingNameReason, unsafeNameReason } from '../../src/intake/lib/safe-name.js';
import { createSftpChannel } from '../../src/intake/sftp-channel.js';
import { takeReadyFiles, type TakeResult } from '../../src/intake/take-ready-files.js';
import { sftpConnectionTo, startSshd, type SshdServer } from '../support/sshd.js';
import { makeTempDir } from '../support/temp-dir.js';
import { sleep } from '../support/wait-for.js';
import { testChannelSettings } from './channel-settings.js';

/** The hostile names of the brief, each with the reason the intake gives. */
const REFUSED: readonly { name: string; reason: string }[] = [
  { name: 'a..csv', reason: 'contains ".."' },
  { name: 'back\\slash.csv', reason: 'contains a path separator' },
  { name: 'bell\u0007ring.csv', reason: 'contains a control character' },
  { name: 'trailing.csv ', reason: 'leading or trailing blank' },
  { name: `${'l'.repeat(196)}.csv`, reason: 'longer than 150 bytes' },
];
const REFUSED_NAME = /^\d{8}T\d{6}Z-[0-9a-f]{8}-refused-/;
const REPORT_NAME = /\.error-[0-9a-f]{8}\.txt$/;

type Overrides = Parameters<typeof testChannelSettings>[2];

/** A channel kind under test: how to make one over a root that is also on this machine's disk. */
interface Kind {
  readonly label: 'local' | 'sftp';
  newRoot(): string;
  make(root: string, overrides?: Overrides): Channel;
}

const ls = (folder: string): string[] => (existsSync(folder) ? readdirSync(folder).sort() : []);
const utf8 = (folder: string, name: string): string => readFileSync(join(folder, name), 'utf8');

/** Runs passes until `done` says so (refusals and claims need one pass each once files are stable). */
async function passUntil(channel: Channel, done: (all: TakeResult[]) => boolean, tries = 40): Promise<TakeResult[]> {
  const all: TakeResult[] = [];
  for (let i = 0; i < tries && !done(all); i++) {
    all.push(await takeReadyFiles(channel));
    if (!done(all)) await sleep(120);
  }
  return all;
}

function refusedNamesSuite(kindOf: () => Kind): void {
  let kind: Kind;
  const channels: Channel[] = [];
  const make = async (root: string, overrides: Overrides = {}): Promise<Channel> => {
    const channel = kind.make(root, overrides);
    channels.push(channel);
    await channel.start(() => undefined);
    return channel;
  };
  beforeAll(() => {
    kind = kindOf();
  });
  afterEach(async () => {
    for (const channel of channels.splice(0)) await channel.stop();
  });

  it('moves each complete refused file to failed/ under a safe name with one report, and still takes normal files', async () => {
    const root = kind.newRoot();
    const channel = await make(root); // readiness: stable for 300 ms
    const inbox = join(root, 'inbox');
    for (const [i, { name }] of REFUSED.entries()) writeFileSync(join(inbox, name), `refused file ${i}\n`);
    writeFileSync(join(inbox, 'ok.csv'), 'fine\n');

    // The first look only records the files: a refused one must be complete (stable) before it moves.
    const first = await takeReadyFiles(channel);
    expect(first.rejected).toEqual([]);
    expect(first.claimed).toEqual([]);
    expect(ls(inbox)).toHaveLength(REFUSED.length + 1);
    expect((await channel.scan()).rejected.map((r) => r.reason).sort()).toEqual(REFUSED.map((r) => r.reason).sort());

    const passes = await passUntil(channel, (all) => all.flatMap((r) => r.claimed).length === 1 && all.flatMap((r) => r.rejected).length === REFUSED.length);
    const refused = passes.flatMap((r) => r.rejected);
    expect(passes.flatMap((r) => r.refuseErrors)).toEqual([]);
    expect(passes.flatMap((r) => r.claimed).map((c) => c.originalName)).toEqual(['ok.csv']);
    expect(refused.map((r) => r.name).sort()).toEqual(REFUSED.map((r) => r.name).sort());

    expect(ls(inbox)).toEqual([]);
    const failed = ls(join(root, 'failed'));
    const outbox = ls(join(root, 'outbox'));
    expect(failed).toHaveLength(REFUSED.length);
    expect(outbox).toHaveLength(REFUSED.length);
    for (const [i, { name, reason }] of REFUSED.entries()) {
      const r = refused.find((x) => x.name === name);
      expect(r?.reason).toBe(reason);
      const movedTo = r?.movedTo ?? '';
      expect(movedTo).toMatch(REFUSED_NAME);
      expect(unsafeNameReason(movedTo)).toBeUndefined();
      expect(failed).toContain(movedTo);
      expect(utf8(join(root, 'failed'), movedTo)).toBe(`refused file ${i}\n`); // the bytes, not a copy of another file
      const reportName = r?.reportName ?? '';
      expect(reportName).toMatch(REPORT_NAME);
      expect(unsafeIncomingNameReason(reportName.replace(REPORT_NAME, ''))).toBeUndefined();
      expect(outbox).toContain(reportName);
      const report = utf8(join(root, 'outbox'), reportName);
      expect(report).toContain(`Manifest: ${JSON.stringify(name)}\n`);
      expect(report).toContain(`Channel: ${kind.label}\n`);
      expect(report).toContain(`Content: ${`refused file ${i}\n`.length} bytes\n`);
      expect(report).toContain('Result: FAILED (INTAKE_UNSAFE_NAME) — nothing from this file was sent to Customs.\n');
      expect(report).toContain(`Reason: unsafe file name: ${reason}\n`);
      expect(report).toContain(`Moved to: failed/${movedTo}\n`);
    }
    // control characters are visible (escaped) in the report, never raw
    expect(outbox.map((n) => utf8(join(root, 'outbox'), n)).join('')).not.toContain('\u0007');
    expect(readdirSync(join(root, 'processing'))).toHaveLength(1);

    // Later passes find nothing to answer again: no second report, nothing new in failed/.
    for (let i = 0; i < 3; i++) {
      await sleep(120);
      expect((await takeReadyFiles(channel)).rejected).toEqual([]);
    }
    expect(ls(join(root, 'failed'))).toEqual(failed);
    expect(ls(join(root, 'outbox'))).toEqual(outbox);
  });

  it('a crash between the report and the move leaves the file in the inbox; the restart moves it without a second report', async () => {
    const root = kind.newRoot();
    const inbox = join(root, 'inbox');
    const crashing = await make(root, { readiness: { mode: 'rename' } });
    writeFileSync(join(inbox, 'crash..csv'), 'half way\n');
    // failed/ replaced by a plain file: the report is written, then the move fails (as if the process died there)
    rmSync(join(root, 'failed'), { recursive: true });
    writeFileSync(join(root, 'failed'), 'not a folder');
    const broken = await takeReadyFiles(crashing);
    expect(broken.rejected).toEqual([]);
    expect(broken.refuseErrors.map((e) => e.name)).toEqual(['crash..csv']);
    expect(ls(inbox)).toEqual(['crash..csv']);
    const outboxAfterCrash = ls(join(root, 'outbox'));
    expect(outboxAfterCrash).toHaveLength(1);
    await crashing.stop();

    rmSync(join(root, 'failed'));
    mkdirSync(join(root, 'failed'));
    const restarted = await make(root, { readiness: { mode: 'rename' } });
    const [again] = await passUntil(restarted, (all) => all.length === 1);
    expect(again?.rejected.map((r) => r.name)).toEqual(['crash..csv']);
    expect(ls(inbox)).toEqual([]);
    expect(ls(join(root, 'outbox'))).toEqual(outboxAfterCrash); // the same report, not a second one
    const movedTo = again?.rejected[0]?.movedTo ?? '';
    expect(ls(join(root, 'failed'))).toEqual([movedTo]);
    expect(utf8(join(root, 'outbox'), outboxAfterCrash[0] ?? '')).toContain(`Moved to: failed/${movedTo}\n`);
    // and a third instance finds nothing left to answer
    const third = await make(root, { readiness: { mode: 'rename' } });
    expect((await takeReadyFiles(third)).rejected).toEqual([]);
    expect(ls(join(root, 'outbox'))).toEqual(outboxAfterCrash);
  });

  it('the same refused file dropped again later is answered again without replacing the first one', async () => {
    const root = kind.newRoot();
    const inbox = join(root, 'inbox');
    const channel = await make(root, { readiness: { mode: 'rename' } });
    const mtime = new Date('2026-11-20T10:00:00Z');
    const drop = (): void => {
      writeFileSync(join(inbox, 'again..csv'), 'same bytes\n');
      utimesSync(join(inbox, 'again..csv'), mtime, mtime); // same name, size and mtime: the same identity
    };
    drop();
    const first = (await takeReadyFiles(channel)).rejected;
    drop();
    const second = (await takeReadyFiles(channel)).rejected;
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(1);
    expect(second[0]?.movedTo).not.toBe(first[0]?.movedTo);
    expect(second[0]?.reportName).not.toBe(first[0]?.reportName);
    expect(ls(join(root, 'failed'))).toHaveLength(2);
    expect(ls(join(root, 'outbox'))).toHaveLength(2);
    expect(ls(join(root, 'failed'))[0]).toMatch(/^20261120T100000Z-/);
  });

  it('two instances sharing the inbox answer each refused file exactly once', async () => {
    const root = kind.newRoot();
    const inbox = join(root, 'inbox');
    const a = await make(root, { readiness: { mode: 'rename' } });
    const b = await make(root, { readiness: { mode: 'rename' } });
    for (let i = 0; i < 12; i++) writeFileSync(join(inbox, `race${i}..csv`), `race ${i}\n`);
    const [ra, rb] = await Promise.all([takeReadyFiles(a), takeReadyFiles(b)]);
    const names = [...(ra?.rejected ?? []), ...(rb?.rejected ?? [])].map((r) => r.name).sort();
    expect(names).toEqual(Array.from({ length: 12 }, (_, i) => `race${i}..csv`).sort());
    expect([...(ra?.refuseErrors ?? []), ...(rb?.refuseErrors ?? [])]).toEqual([]);
    expect(ls(inbox)).toEqual([]);
    expect(ls(join(root, 'failed'))).toHaveLength(12);
    expect(ls(join(root, 'outbox'))).toHaveLength(12);
  });

  it('with done-markers, a refused file waits for its marker, and the marker goes with it', async () => {
    const root = kind.newRoot();
    const inbox = join(root, 'inbox');
    const channel = await make(root, { readiness: { mode: 'done-marker' } });
    writeFileSync(join(inbox, 'marked..csv'), 'x\n');
    expect((await takeReadyFiles(channel)).rejected).toEqual([]);
    writeFileSync(join(inbox, 'marked..csv.done'), '');
    expect((await takeReadyFiles(channel)).rejected.map((r) => r.name)).toEqual(['marked..csv']);
    expect(ls(inbox)).toEqual([]);
    expect(ls(join(root, 'failed'))).toHaveLength(1);
  });
}

describe('refused inbox names', () => {
  describe('sanitised names', () => {
    it.each([
      ['a..csv', 'a_csv'],
      ['back\\slash.csv', 'back_slash.csv'],
      ['bell\u0007ring.csv', 'bell_ring.csv'],
      ['trailing.csv ', 'trailing.csv_'],
      [' ..lead', '__lead'],
      ['.hidden.csv', '_hidden.csv'],
      ['bad\ufffdutf8.csv', 'bad_utf8.csv'],
      ['../../etc/passwd', '____etc_passwd'],
      ['', 'unnamed'],
      ['..', '_'],
    ])('%j → %j', (name, safe) => {
      expect(sanitiseRefusedName(name)).toBe(safe);
    });

    it('caps the length on a character boundary so derived names stay valid', () => {
      for (const long of ['x'.repeat(300), 'ø'.repeat(200), `${'a'.repeat(149)}😀tail`]) {
        const safe = sanitiseRefusedName(long);
        expect(Buffer.byteLength(safe)).toBeLessThanOrEqual(150);
        expect(safe).not.toContain('\ufffd');
        expect(unsafeIncomingNameReason(safe)).toBeUndefined();
      }
    });
  });

  describe('local folder channel', () => {
    const dir = makeTempDir('refused');
    let counter = 0;
    afterAll(() => dir.remove());
    refusedNamesSuite(() => ({
      label: 'local',
      newRoot: () => join(dir.path, `partner-${++counter}`),
      make: (root, overrides) => createLocalChannel({ ...testChannelSettings('local', root, overrides) } satisfies ChannelSettings),
    }));

    it('a name that is not UTF-8 is moved out too (by its raw bytes)', async () => {
      const root = join(dir.path, 'raw-bytes');
      const channel = createLocalChannel(testChannelSettings('local', root, { readiness: { mode: 'rename' } }));
      await channel.start(() => undefined);
      try {
        const raw = Buffer.concat([Buffer.from('caf'), Buffer.from([0xe9]), Buffer.from('.csv')]); // Latin-1 "café.csv"
        writeFileSync(Buffer.concat([Buffer.from(join(root, 'inbox') + '/'), raw]), 'latin-1 name\n');
        writeFileSync(join(root, 'inbox', 'ok.csv'), 'fine\n');
        const result = await takeReadyFiles(channel);
        expect(result.claimed.map((c) => c.originalName)).toEqual(['ok.csv']);
        expect(result.rejected).toMatchObject([{ name: 'caf\ufffd.csv', reason: 'not valid UTF-8' }]);
        expect(readdirSync(join(root, 'inbox'))).toEqual([]);
        const movedTo = result.rejected[0]?.movedTo ?? '';
        expect(movedTo).toMatch(/-refused-caf_\.csv$/);
        expect(readFileSync(join(root, 'failed', movedTo), 'utf8')).toBe('latin-1 name\n');
        expect(readdirSync(join(root, 'outbox'))).toEqual([result.rejected[0]?.reportName]);
      } finally {
        await channel.stop();
      }
    });
  });

  describe('SFTP channel (real OpenSSH sshd)', () => {
    let sshd: SshdServer;
    let counter = 0;
    beforeAll(async () => {
      sshd = await startSshd();
    });
    afterAll(async () => {
      await sshd?.close();
    });
    refusedNamesSuite(() => ({
      label: 'sftp',
      newRoot: () => join(sshd.root, `partner-${++counter}`),
      make: (root, overrides) =>
        createSftpChannel({
          ...testChannelSettings('sftp', root, overrides),
          connection: sftpConnectionTo(sshd, { backoff: { initialMs: 100, maxMs: 1000 } }),
        }),
    }));

    it('a name that is not UTF-8 cannot be addressed over SFTP: it gets one report and stays, and the scan goes on', async () => {
      const root = join(sshd.root, 'raw-bytes');
      const channel = createSftpChannel({
        ...testChannelSettings('sftp', root, { readiness: { mode: 'rename' } }),
        connection: sftpConnectionTo(sshd, { backoff: { initialMs: 100, maxMs: 1000 } }),
      });
      await channel.start(() => undefined);
      try {
        const raw = Buffer.concat([Buffer.from('caf'), Buffer.from([0xe9]), Buffer.from('.csv')]);
        writeFileSync(Buffer.concat([Buffer.from(join(root, 'inbox') + '/'), raw]), 'latin-1 name\n');
        writeFileSync(join(root, 'inbox', 'ok.csv'), 'fine\n');
        const result = await takeReadyFiles(channel);
        expect(result.claimed.map((c) => c.originalName)).toEqual(['ok.csv']);
        expect(result.refuseErrors).toEqual([]);
        expect(result.rejected).toMatchObject([{ name: 'caf\ufffd.csv', reason: 'not valid UTF-8', movedTo: undefined }]);
        const reportName = result.rejected[0]?.reportName ?? '';
        expect(readdirSync(join(root, 'outbox'))).toEqual([reportName]);
        expect(readFileSync(join(root, 'outbox', reportName), 'utf8')).toContain('Moved to: nowhere');
        expect(readdirSync(join(root, 'inbox'))).toHaveLength(1);
        // answered once per process: the next passes neither report nor log it again
        for (let i = 0; i < 2; i++) expect(await takeReadyFiles(channel)).toMatchObject({ rejected: [], refuseErrors: [] });
        expect(readdirSync(join(root, 'outbox'))).toEqual([reportName]);
      } finally {
        await channel.stop();
      }
    });
  });
});
