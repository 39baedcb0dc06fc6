import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { EXAMPLE_NAMES, examplePaths } from '@tollkit/manifest';
import { startPlayground, type Playground } from '@tollkit/playground';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openJobStore } from '../../src/store/open-job-store.js';
import type { JobStore } from '../../src/store/job-store.js';
import type { RunningService } from '../../src/service/start-service.js';
import { arriveAllTransports, exampleProfile, list, localChannel, memoryLog, startTestService, tempRoot, waitFor } from './harness.js';
import { readResultCsv } from '../support/result-csv.js';

describe('end to end on local folders against the playground', () => {
  let pg: Playground;
  let store: JobStore;
  let service: RunningService;
  const temp = tempRoot('tollkit-e2e-local-');
  const log = memoryLog();

  beforeAll(async () => {
    pg = await startPlayground({ port: 0, validationDelayMs: 0, log: () => undefined });
    store = (await openJobStore({ kind: 'sqlite', dataDir: join(temp.root, 'data') })).store;
    const channels = [];
    for (const name of EXAMPLE_NAMES) channels.push({ channel: localChannel(temp.root, name), profile: await exampleProfile(name) });
    service = await startTestService(pg, store, channels, log, { http: true });
  });

  afterAll(async () => {
    await service?.close();
    await store?.close();
    await pg?.close();
    temp.remove();
  });

  it('every example manifest yields MRNs, a result file and routing results in its own outbox', async () => {
    for (const name of EXAMPLE_NAMES) {
      const { manifestPath } = examplePaths(name);
      mkdirSync(join(temp.root, name, 'inbox'), { recursive: true });
      copyFileSync(manifestPath, join(temp.root, name, 'inbox', basename(manifestPath)));
    }
    const arrived = new Set<string>();
    const carried = new Set<string>();
    for (const name of EXAMPLE_NAMES) {
      await waitFor(`${name}: result file`, async () => {
        await arriveAllTransports(store, pg, arrived, carried);
        return list(join(temp.root, name, 'outbox')).some((f) => f.includes('.result-'));
      });
    }
    for (const name of EXAMPLE_NAMES) {
      const dir = join(temp.root, name);
      const resultName = list(join(dir, 'outbox')).find((f) => f.includes('.result-'));
      // Written in the partner's conventions (like its manifest): read with the header's delimiter.
      const rows = readResultCsv(readFileSync(join(dir, 'outbox', resultName as string)));
      expect(rows.length, `${name}: result rows`).toBeGreaterThan(0);
      const accepted = rows.filter((r) => r['status'] === 'accepted' || r['status'] === 'routed');
      expect(accepted.length, `${name}: accepted rows in\n${JSON.stringify(rows)}`).toBeGreaterThan(0);
      for (const row of accepted) expect(row['mrn']).toMatch(/^\d{2}NO[A-Z0-9]{14}$/);
      expect(list(join(dir, 'archive')).length, `${name}: archived`).toBe(1);
      expect(list(join(dir, 'processing'))).toEqual([]);
      expect(list(join(dir, 'inbox'))).toEqual([]);
    }
    // Routing files for every partner whose manifest had a transport that arrived.
    for (const name of EXAMPLE_NAMES) {
      await waitFor(`${name}: routing file`, async () => {
        await arriveAllTransports(store, pg, arrived, carried);
        return list(join(temp.root, name, 'outbox')).some((f) => /\.routing-[0-9a-f]{12}\.[a-z]+$/.test(f));
      }, 30_000);
    }
    const health = await fetch(`${service.httpUrl}/healthz`);
    expect(health.status).toBe(200);
    const metrics = await (await fetch(`${service.httpUrl}/metrics`)).text();
    expect(metrics).toMatch(/tollkit_manifests_archived_total\{channel="road-forwarder-export"\} 1/);
    expect(metrics).toMatch(/tollkit_routing_items_total \d+/);
  });

  it('a malformed manifest goes to failed/ with a report and blocks nothing else', async () => {
    const name = 'road-forwarder-export';
    const dir = join(temp.root, name);
    writeFileSync(join(dir, 'inbox', 'broken.csv'), Buffer.from([0xff, 0xfe, 0x00, 0xd8, 0x00, 0x00, 0x41]));
    copyFileSync(examplePaths('air-express-awb').manifestPath, join(temp.root, 'air-express-awb', 'inbox', 'second.xml'));
    await waitFor('broken.csv in failed/', () => list(join(dir, 'failed')).some((f) => f.endsWith('broken.csv')));
    const report = list(join(dir, 'failed')).find((f) => f.endsWith('.error.txt'));
    expect(report).toBeDefined();
    expect(readFileSync(join(dir, 'failed', report as string), 'utf8')).toMatch(/FAILED/);
    await waitFor('the error report in the outbox', () => list(join(dir, 'outbox')).some((f) => f.startsWith('broken.csv.error-')));
    await waitFor('second.xml result', () => list(join(temp.root, 'air-express-awb', 'outbox')).some((f) => f.startsWith('second.xml.result-')));
  });
});
