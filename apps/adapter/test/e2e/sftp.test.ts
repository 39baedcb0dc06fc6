/**
 * End to end over a real OpenSSH SFTP server (sshd from test/support, host key pinned): every
 * example manifest dropped on the server yields MRNs, a result file and routing results written
 * back on the server; a malformed manifest goes to failed/ there with its report.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { EXAMPLE_NAMES, examplePaths } from '@tollkit/manifest';
import { startPlayground, type Playground } from '@tollkit/playground';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSftpChannel } from '../../src/intake/sftp-channel.js';
import type { RunningService } from '../../src/service/start-service.js';
import type { JobStore } from '../../src/store/job-store.js';
import { openJobStore } from '../../src/store/open-job-store.js';
import { sftpConnectionTo, startSshd, type SshdServer } from '../support/sshd.js';
import { arriveAllTransports, exampleProfile, FOLDERS, list, memoryLog, startTestService, tempRoot, waitFor } from './harness.js';
import { decodeResultFile } from '../support/result-csv.js';

describe('end to end over SFTP against the playground', () => {
  let pg: Playground;
  let sshd: SshdServer;
  let store: JobStore;
  let service: RunningService;
  const temp = tempRoot('tollkit-e2e-sftp-');
  const log = memoryLog();
  let remote: string;

  beforeAll(async () => {
    sshd = await startSshd();
    pg = await startPlayground({ port: 0, validationDelayMs: 0, log: () => undefined });
    store = (await openJobStore({ kind: 'sqlite', dataDir: join(temp.root, 'data') })).store;
    remote = join(sshd.root, 'partners');
    const channels = [];
    for (const name of EXAMPLE_NAMES) {
      for (const folder of Object.values(FOLDERS)) mkdirSync(join(remote, name, folder), { recursive: true });
      channels.push({
        channel: createSftpChannel({
          name,
          root: join(remote, name),
          folders: FOLDERS,
          include: ['*.csv', '*.xml'],
          exclude: [],
          pollIntervalMs: 300,
          readiness: { mode: 'rename', stableForMs: 0, doneSuffix: '.done' },
          maxFileBytes: 50 * 1024 * 1024,
          connection: sftpConnectionTo(sshd, { backoff: { initialMs: 100, maxMs: 1_000 } }),
        }),
        profile: await exampleProfile(name, name === 'air-express-awb' ? 'xml' : name === 'postal-receptacles' ? 'json' : 'csv'),
        // As `tollkit run` sets it for SFTP channels: claimed files are copied here and streamed.
        spool: join(temp.root, 'data', 'spool', name),
      });
    }
    service = await startTestService(pg, store, channels, log);
  });

  afterAll(async () => {
    await service?.close();
    await store?.close();
    await pg?.close();
    await sshd?.close();
    temp.remove();
  });

  /** Puts a file into a remote inbox the way producers should: temporary name, then rename. */
  const drop = (name: string, fileName: string, bytes: Buffer) => {
    const inbox = join(remote, name, 'inbox');
    writeFileSync(join(inbox, `.${fileName}.part`), bytes);
    renameSync(join(inbox, `.${fileName}.part`), join(inbox, fileName));
  };

  it('every example yields MRNs, a result file and routing files on the SFTP server', async () => {
    for (const name of EXAMPLE_NAMES) {
      const { manifestPath } = examplePaths(name);
      drop(name, basename(manifestPath), readFileSync(manifestPath));
    }
    const arrived = new Set<string>();
    const carried = new Set<string>();
    for (const name of EXAMPLE_NAMES) {
      await waitFor(`${name}: result and routing files`, async () => {
        await arriveAllTransports(store, pg, arrived, carried);
        const files = list(join(remote, name, 'outbox'));
        return files.some((f) => f.includes('.result-')) && files.some((f) => /\.routing-[0-9a-f]{12}\.[a-z]+$/.test(f));
      });
    }
    for (const name of EXAMPLE_NAMES) {
      const outbox = join(remote, name, 'outbox');
      const files = list(outbox);
      expect(list(outbox, { all: true }).filter((f) => f.startsWith('.')), `${name}: no temporary files left`).toEqual([]);
      // Results are written like the partner's manifest (the web shop's is UTF-16): decoded by BOM.
      const result = decodeResultFile(readFileSync(join(outbox, files.find((f) => f.includes('.result-')) as string)));
      expect(result.match(/\d{2}NO[A-Z0-9]{14}/g)?.length ?? 0, `${name}: MRNs in the result`).toBeGreaterThan(0);
      // Routing files are named after the partner's own manifest.
      const routingFile = files.find((f) => /\.routing-[0-9a-f]{12}\.[a-z]+$/.test(f)) as string;
      const manifestName = (files.find((f) => f.includes('.result-')) as string).replace(/\.result-[0-9a-f]{8}\.[a-z]+$/, '');
      expect(routingFile.startsWith(`${manifestName}.routing-`), routingFile).toBe(true);
      const routing = decodeResultFile(readFileSync(join(outbox, routingFile)));
      expect(routing).toMatch(/TO_ENTRY|TO_CONTROL|ENTRY_PENDING|ENTRY_DENIED/);
      expect(list(join(remote, name, 'archive'))).toHaveLength(1);
      expect(list(join(remote, name, 'processing'))).toEqual([]);
    }
    // The air partner asked for XML, the postal partner for JSON.
    const air = list(join(remote, 'air-express-awb', 'outbox')).find((f) => f.includes('.result-')) as string;
    expect(readFileSync(join(remote, 'air-express-awb', 'outbox', air), 'utf8')).toMatch(/^<\?xml[^]*<ManifestResult [^]*<Notification [^]*mrn="/);
    const postal = list(join(remote, 'postal-receptacles', 'outbox')).find((f) => f.includes('.result-')) as string;
    const json = JSON.parse(readFileSync(join(remote, 'postal-receptacles', 'outbox', postal), 'utf8')) as { lines: { mrn: string | null }[] };
    expect(json.lines.every((l) => typeof l.mrn === 'string')).toBe(true);
  });

  it('a malformed manifest goes to failed/ on the server with a report, the next file still runs', async () => {
    drop('voec-webshop', 'garbage.csv', Buffer.from('this is not;a manifest\n\u0000\u0001\u0002;;;\n'));
    const { manifestPath } = examplePaths('rail-wagons');
    copyFileSync(manifestPath, join(temp.root, 'rail.csv'));
    drop('rail-wagons', 'second-train.csv', readFileSync(join(temp.root, 'rail.csv')));
    await waitFor('garbage.csv in failed/', () => list(join(remote, 'voec-webshop', 'failed')).some((f) => f.endsWith('-garbage.csv')));
    const report = list(join(remote, 'voec-webshop', 'failed')).find((f) => f.endsWith('.error.txt')) as string;
    const text = readFileSync(join(remote, 'voec-webshop', 'failed', report), 'utf8');
    expect(text).toMatch(/FAILED/);
    expect(text).toMatch(/line \d+/);
    await waitFor('the error report in the outbox', () => list(join(remote, 'voec-webshop', 'outbox')).some((f) => f.startsWith('garbage.csv.error-')));
    await waitFor('second-train.csv result', () => list(join(remote, 'rail-wagons', 'outbox')).some((f) => f.startsWith('second-train.csv.result-')));
  });

  it('streamed every SFTP manifest from a local copy and left no copy behind', () => {
    const spool = join(temp.root, 'data', 'spool');
    // Each partner's folder was used (created on first use) …
    expect(readdirSync(spool).sort()).toEqual([...EXAMPLE_NAMES].sort());
    // … and is empty: each copy was unlinked as soon as it was opened.
    for (const name of EXAMPLE_NAMES) expect(readdirSync(join(spool, name))).toEqual([]);
  });
});
