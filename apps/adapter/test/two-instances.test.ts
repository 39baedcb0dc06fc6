import { mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../src/intake/channel.js';
import { createSftpChannel } from '../src/intake/sftp-channel.js';
import { takeReadyFiles } from '../src/intake/take-ready-files.js';
import type { JobStore } from '../src/store/job-store.js';
import { openJobStore } from '../src/store/open-job-store.js';
import { testChannelSettings } from './intake/channel-settings.js';
import { startPostgres, type PostgresServer } from './support/postgres.js';
import { sftpConnectionTo, startSshd, type SshdServer } from './support/sshd.js';
import { sleep } from './support/wait-for.js';

const FILES = 50;

describe('two adapter instances on one PostgreSQL and one SFTP inbox', () => {
  let sshd: SshdServer;
  let postgres: PostgresServer;

  beforeAll(async () => {
    [sshd, postgres] = await Promise.all([startSshd(), startPostgres()]);
  });
  afterAll(async () => {
    await Promise.all([sshd?.close(), postgres?.close()]);
  });

  it(`process ${FILES} files without any file or manifest taken twice`, async () => {
    const url = await postgres.createDatabase();
    const root = join(sshd.root, 'shared');
    const inbox = join(root, 'inbox');
    mkdirSync(inbox, { recursive: true });

    /** The producer writes `x.tmp` then renames, as partners are asked to. */
    const drop = (i: number): void => {
      const name = `manifest-${String(i).padStart(3, '0')}.csv`;
      writeFileSync(join(inbox, `${name}.tmp`), `waybill;${i}\n`);
      renameSync(join(inbox, `${name}.tmp`), join(inbox, name));
    };

    interface Instance {
      id: string;
      channel: Channel;
      store: JobStore;
      claimed: string[];
      leased: string[];
    }
    const makeInstance = async (id: string): Promise<Instance> => {
      const { store } = await openJobStore({ kind: 'postgres', connectionString: url });
      const channel = createSftpChannel({
        ...testChannelSettings('partner', root, { readiness: { mode: 'rename' }, pollIntervalMs: 100 }),
        connection: sftpConnectionTo(sshd),
      });
      await channel.start(() => undefined);
      return { id, channel, store, claimed: [], leased: [] };
    };
    const instances = await Promise.all([makeInstance('instance-a'), makeInstance('instance-b')]);

    for (let i = 0; i < FILES / 2; i++) drop(i);
    let dropping = true;
    const producer = (async () => {
      for (let i = FILES / 2; i < FILES; i++) {
        drop(i);
        await sleep(15);
      }
      dropping = false;
    })();

    /** Intake + the first pipeline steps: claim, read, record, lease, parse, archive. */
    const work = async (self: Instance): Promise<void> => {
      for (;;) {
        const { claimed } = await takeReadyFiles(self.channel, { limit: 5 });
        for (const file of claimed) {
          self.claimed.push(file.originalName);
          const read = await self.channel.read(file);
          const received = await self.store.receiveManifest({
            channel: file.channel,
            originalName: file.originalName,
            processingName: file.processingName,
            contentHash: read.contentHash,
            size: read.size,
          });
          expect(received.outcome).toBe('new');
        }
        for (;;) {
          const manifest = await self.store.leaseNextManifest({ owner: self.id, leaseMs: 60_000 });
          if (manifest === undefined) break;
          self.leased.push(manifest.id);
          const parsed = await self.store.transitionManifest(manifest.id, { from: 'claimed', to: 'parsed', owner: self.id });
          expect(parsed?.state).toBe('parsed');
          await self.channel.archive({ ...manifest, claimedAt: manifest.receivedAt });
        }
        const total = instances.reduce((n, i) => n + i.leased.length, 0);
        if (!dropping && total === FILES) return;
        await sleep(20);
      }
    };
    await Promise.all([producer, ...instances.map(work)]);

    const claimed = instances.flatMap((i) => i.claimed);
    const leased = instances.flatMap((i) => i.leased);
    expect(claimed).toHaveLength(FILES);
    expect(new Set(claimed).size).toBe(FILES);
    expect(leased).toHaveLength(FILES);
    expect(new Set(leased).size).toBe(FILES);
    for (const instance of instances) expect(instance.claimed.length).toBeGreaterThan(0);

    const manifests = await (instances[0] as Instance).store.findManifests({ channel: 'partner' });
    expect(manifests).toHaveLength(FILES);
    expect(new Set(manifests.map((m) => m.originalName)).size).toBe(FILES);
    expect(manifests.every((m) => m.state === 'parsed' && m.leaseCount === 1)).toBe(true);
    expect(readdirSync(inbox)).toEqual([]);
    expect(readdirSync(join(root, 'processing'))).toEqual([]);
    expect(readdirSync(join(root, 'archive'))).toHaveLength(FILES);
    console.info(
      `two instances: ${instances.map((i) => `${i.id} claimed ${i.claimed.length}, leased ${i.leased.length}`).join('; ')}`,
    );

    for (const instance of instances) {
      await instance.channel.stop();
      await instance.store.close();
    }
  });
});
