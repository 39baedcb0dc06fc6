/**
 * Issue #13, fault 7 (intake part): a symlink, FIFO or folder in the inbox was ignored forever
 * without a report; an `archive/` folder deleted at runtime was never recreated (an error every 5 s,
 * health ok). Real folders, a real FIFO, the real service against the playground.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startPlayground, type Playground } from '@tollkit/playground';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../../src/service/start-service.js';
import type { JobStore } from '../../src/store/job-store.js';
import { openJobStore } from '../../src/store/open-job-store.js';
import { dropInto, list, localChannel, memoryLog, startTestService, tempRoot, waitFor, roadProfile } from '../e2e/harness.js';
import { generateRoadManifest } from '../e2e/generate-manifest.js';
import { sleep } from '../support/wait-for.js';

describe('fault 7: inbox entries and folders', () => {
  let pg: Playground;
  let store: JobStore;
  let service: RunningService;
  const temp = tempRoot('tollkit-inbox-entries-');
  const log = memoryLog();
  const dir = () => join(temp.root, 'acme');

  beforeAll(async () => {
    pg = await startPlayground({ port: 0, validationDelayMs: 0, log: () => undefined });
    store = (await openJobStore({ kind: 'sqlite', dataDir: join(temp.root, 'data') })).store;
    service = await startTestService(pg, store, [{ channel: localChannel(temp.root, 'acme'), profile: await roadProfile('acme') }], log, { http: true });
    await waitFor('folders created', () => list(dir()).includes('inbox'));
  });
  afterAll(async () => {
    await service?.close();
    await store?.close();
    await pg?.close();
    temp.remove();
  });

  it('a symlink, a FIFO and a folder in the inbox get one error report each and are left in place', async () => {
    const inbox = join(dir(), 'inbox');
    writeFileSync(join(temp.root, 'target.csv'), generateRoadManifest(1, 1, { tag: 'Y' }).bytes);
    symlinkSync(join(temp.root, 'target.csv'), join(inbox, 'link.csv'));
    execFileSync('mkfifo', [join(inbox, 'pipe.csv')]);
    mkdirSync(join(inbox, 'folder.csv'));
    const reports = () => list(join(dir(), 'outbox')).filter((f) => f.includes('.error-'));
    await waitFor('three reports', () => reports().length === 3, 10_000);
    await sleep(1_500); // many more scans (every 200 ms): still one report each, one log line each
    expect(reports()).toHaveLength(3);
    for (const [name, kind] of [['link.csv', 'symbolic link'], ['pipe.csv', 'FIFO'], ['folder.csv', 'directory']] as const) {
      const report = reports().find((f) => f.startsWith(`${name}.error-`));
      expect(report, name).toBeDefined();
      const text = readFileSync(join(dir(), 'outbox', report as string), 'utf8');
      expect(text).toContain('INTAKE_NOT_REGULAR_FILE');
      expect(text).toContain(`it is a ${kind}`);
      expect(log.lines.filter((l) => l.obj['file'] === JSON.stringify(name) && l.obj['code'] === 'INTAKE_NOT_REGULAR_FILE')).toHaveLength(1);
    }
    expect(list(inbox)).toEqual(['folder.csv', 'link.csv', 'pipe.csv']);
    rmSync(join(inbox, 'link.csv'));
    rmSync(join(inbox, 'pipe.csv'));
    rmSync(join(inbox, 'folder.csv'), { recursive: true });
  }, 30_000);

  it('archive/ deleted at runtime is recreated: the next file is archived, nothing stays in processing/', async () => {
    dropInto(join(dir(), 'inbox'), 'before.csv', generateRoadManifest(2, 2, { tag: 'A' }).bytes);
    await waitFor('first file archived', () => list(join(dir(), 'archive')).length === 1, 30_000);
    rmSync(join(dir(), 'archive'), { recursive: true });
    dropInto(join(dir(), 'inbox'), 'after.csv', generateRoadManifest(3, 2, { tag: 'A' }).bytes);
    await waitFor('second file archived into a recreated archive/', () => list(join(dir(), 'archive')).length === 1, 30_000);
    expect(list(join(dir(), 'processing'))).toEqual([]);
    expect((await fetch(`${service.httpUrl}/healthz`)).status).toBe(200);
  }, 60_000);
});
