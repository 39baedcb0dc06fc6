import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { examplePaths } from '@tollkit/manifest';
import { startPlayground, type Playground } from '@tollkit/playground';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../../src/service/start-service.js';
import type { JobStore } from '../../src/store/job-store.js';
import { openJobStore } from '../../src/store/open-job-store.js';
import { exampleProfile, list, localChannel, memoryLog, startTestService, tempRoot, waitFor } from './harness.js';

const CHANNEL = 'road-forwarder-export';
const REFUSED = ['a..csv', 'back\\slash.csv', 'bell\u0007.csv', 'trailing.csv ', `${'n'.repeat(196)}.csv`];

describe('end to end: refused inbox names get an answer and leave the inbox', () => {
  let pg: Playground;
  let store: JobStore;
  let service: RunningService | undefined;
  const temp = tempRoot('tollkit-e2e-refused-');
  const dir = join(temp.root, CHANNEL);
  const log = memoryLog();
  const start = async (): Promise<RunningService> =>
    startTestService(pg, store, [{ channel: localChannel(temp.root, CHANNEL), profile: await exampleProfile(CHANNEL) }], log);
  const refusedLines = (): { level: string; msg: string; obj: Record<string, unknown> }[] =>
    log.lines.filter((l) => l.level === 'warn' && typeof l.obj['reason'] === 'string' && REFUSED.includes(l.obj['file'] as string));

  beforeAll(async () => {
    pg = await startPlayground({ port: 0, validationDelayMs: 0, log: () => undefined });
    store = (await openJobStore({ kind: 'sqlite', dataDir: join(temp.root, 'data') })).store;
    service = await start();
  });

  afterAll(async () => {
    await service?.close();
    await store?.close();
    await pg?.close();
    temp.remove();
  });

  it('each refused file is moved to failed/ with one report in the outbox, logged once; the manifest beside them is processed', async () => {
    mkdirSync(join(dir, 'inbox'), { recursive: true });
    for (const [i, name] of REFUSED.entries()) writeFileSync(join(dir, 'inbox', name), `not a manifest ${i}\n`);
    const { manifestPath } = examplePaths(CHANNEL);
    copyFileSync(manifestPath, join(dir, 'inbox', basename(manifestPath)));

    await waitFor('the inbox to empty', () => list(join(dir, 'inbox'), { all: true }).length === 0);
    await waitFor('the result file', () => list(join(dir, 'outbox')).some((f) => f.startsWith(`${basename(manifestPath)}.result-`)));
    const reports = list(join(dir, 'outbox')).filter((f) => /\.error-[0-9a-f]{8}\.txt$/.test(f));
    expect(reports).toHaveLength(REFUSED.length);
    const failed = list(join(dir, 'failed'));
    expect(failed.filter((f) => f.includes('-refused-'))).toHaveLength(REFUSED.length);
    const texts = reports.map((r) => readFileSync(join(dir, 'outbox', r), 'utf8'));
    for (const name of REFUSED) {
      const text = texts.find((t) => t.includes(`Manifest: ${JSON.stringify(name)}\n`));
      expect(text, `report for ${JSON.stringify(name)}`).toBeDefined();
      expect(text).toContain('Result: FAILED (INTAKE_UNSAFE_NAME)');
      const movedTo = /^Moved to: failed\/(.+)$/m.exec(text ?? '')?.[1];
      expect(failed).toContain(movedTo);
    }
    // many intake passes later, still one log line per refused file
    await new Promise((r) => setTimeout(r, 1_500));
    expect(refusedLines().map((l) => l.obj['file']).sort()).toEqual([...REFUSED].sort());
    expect(list(join(dir, 'archive'))).toHaveLength(1);
  });

  it('a restart of the service neither reports nor logs them again', async () => {
    const outbox = list(join(dir, 'outbox'));
    const failed = list(join(dir, 'failed'));
    await service?.close();
    service = await start();
    await new Promise((r) => setTimeout(r, 1_500));
    expect(list(join(dir, 'outbox'))).toEqual(outbox);
    expect(list(join(dir, 'failed'))).toEqual(failed);
    expect(refusedLines()).toHaveLength(REFUSED.length);
  });
});
