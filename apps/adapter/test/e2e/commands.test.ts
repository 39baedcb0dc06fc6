/**
 * The command functions the `tollkit` CLI wires: run (in-process, from a real config file), convert
 * --dry-run, validate, status, replay, routing and doctor, against the playground and real folders.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLE_REFERENCE_DATE, examplePaths } from '@tollkit/manifest';
import { startPlayground, type Playground } from '@tollkit/playground';
import { validateNotification } from '@tollkit/messages';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertManifest, formatValidation, validateManifest } from '../../src/commands/convert.js';
import { formatDoctor, runDoctor } from '../../src/commands/doctor.js';
import { replayFile } from '../../src/commands/replay.js';
import { routingPass } from '../../src/commands/routing.js';
import { runAdapter } from '../../src/commands/run.js';
import { formatStatus, statusOf } from '../../src/commands/status.js';
import { loadConfig } from '../../src/config/load-config.js';
import { openJobStore } from '../../src/store/open-job-store.js';
import { openStore } from '../../src/commands/lib/runtime.js';
import { generateRoadManifest } from './generate-manifest.js';
import { list, memoryLog, tempRoot, tomorrow, waitFor, writePlaygroundConfig } from './harness.js';

describe('tollkit commands', () => {
  let pg: Playground;
  const temp = tempRoot('tollkit-commands-');
  let configFile: string;
  let stop: () => void = () => undefined;
  let running: Promise<void> | undefined;

  beforeAll(async () => {
    pg = await startPlayground({ port: 0, validationDelayMs: 0, log: () => undefined });
    configFile = writePlaygroundConfig(temp.root, pg);
  });

  afterAll(async () => {
    stop();
    await running;
    await pg?.close();
    temp.remove();
  });

  it('convert --dry-run prints the exact bodies, valid by Customs\' synchronous checks', async () => {
    const result = await convertManifest({
      file: examplePaths('road-forwarder-export').manifestPath,
      profile: 'road-forwarder-export',
      dateRebase: { from: EXAMPLE_REFERENCE_DATE, to: tomorrow() },
    });
    expect(result.fatal).toBeUndefined();
    expect(result.summary).toEqual({ notifications: 8, wouldSend: 8, invalid: 0, fileProblems: 0 });
    for (const n of result.notifications) {
      expect(validateNotification(n.level as 'transport', n.body, 'road').ok, `${n.level} ${n.documentNumber}`).toBe(true);
      expect((n.body as { documentIssueDate: string }).documentIssueDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    }
  });

  it('validate reports every bad row with its line and field', async () => {
    const m = generateRoadManifest(3, 4, { tag: 'V' });
    const lines = m.bytes.toString('latin1').split('\r\n');
    const cells = (lines[2] as string).split(';');
    cells[22] = 'mye';
    lines[2] = cells.join(';');
    const file = join(temp.root, 'bad.csv');
    writeFileSync(file, Buffer.from(lines.join('\r\n'), 'latin1'));
    const result = await validateManifest({ file, profile: 'road-forwarder-export' });
    expect(result.ok).toBe(false);
    expect(result.problems.length).toBeGreaterThan(0);
    // The bad weight makes its house invalid, and the master whose gross mass sums it.
    expect(result.problems.map((p) => [p.level, p.documentNumber, p.field])).toEqual([
      ['house-consignment', 'CMR-V3-00002', 'consignmentHouseLevel.totalGrossMass'],
      ['master-consignment', 'SF-V-3', 'consignmentMasterLevel.grossMass'],
    ]);
    expect(result.problems.every((p) => p.message.includes('line 3') && p.message.includes('"mye"'))).toBe(true);
    expect(formatValidation(result)).toMatch(/line 3: house-consignment CMR-V3-00002: consignmentHouseLevel\.totalGrossMass: "mye" is not a number/);
    const clean = await validateManifest({ file: examplePaths('rail-wagons').manifestPath, profile: 'rail-wagons', dateRebase: { from: EXAMPLE_REFERENCE_DATE, to: tomorrow() } });
    expect(clean.ok).toBe(true);
  });

  it('run processes a drop; status, replay, routing and doctor work on the same config', async () => {
    const config = loadConfig(configFile);
    let started: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => {
      started = resolve;
    });
    running = runAdapter(config, {
      log: memoryLog(),
      http: { host: '127.0.0.1', port: 0 },
      stop: new Promise<void>((resolve) => {
        stop = resolve;
      }),
      idlePollMs: 100,
      tuning: { initialPollDelayMs: 100, pollIntervalMs: 100, retryDelayMs: 200 },
      onStarted: () => started(),
    });
    await ready;
    const inbox = join(temp.root, 'acme', 'inbox');
    mkdirSync(inbox, { recursive: true });
    const m = generateRoadManifest(4, 3, { tag: 'S' });
    writeFileSync(join(inbox, '.s.tmp'), m.bytes);
    renameSync(join(inbox, '.s.tmp'), join(inbox, 'status.csv'));
    await waitFor('result', () => list(join(temp.root, 'acme', 'outbox')).some((f) => f.startsWith('status.csv.result-') && f.endsWith('.json')));

    const { store } = await openJobStore(config.store);
    try {
      const byWaybill = await statusOf(store, m.houses[0] as string);
      expect(byWaybill.kind).toBe('waybill');
      expect(byWaybill.notifications).toHaveLength(1);
      const mrn = byWaybill.notifications[0]?.mrn as string;
      expect(mrn).toMatch(/^\d{2}NO/);
      const byMrn = await statusOf(store, mrn);
      expect(byMrn.kind).toBe('mrn');
      expect(byMrn.notifications[0]?.documentNumber).toBe(m.houses[0]);
      // The result file is written before the store records the outcome: wait for the store.
      const byFile = await waitFor('status.csv archived in the store', async () => {
        const found = await statusOf(store, 'status.csv');
        return /: archived/.test(formatStatus(found)) ? found : undefined;
      });
      expect(byFile.kind).toBe('file');
      expect(byFile.notifications).toHaveLength(5);
      expect(formatStatus(byFile)).toMatch(/manifest status\.csv on acme: archived/);
    } finally {
      await store.close();
    }

    // A garbage file fails; after fixing it, replay puts it back through the inbox.
    writeFileSync(join(inbox, '.g.tmp'), 'not a manifest');
    renameSync(join(inbox, '.g.tmp'), join(inbox, 'late.csv'));
    await waitFor('late.csv failed', () => list(join(temp.root, 'acme', 'failed')).some((f) => f.endsWith('-late.csv')));
    const failedName = list(join(temp.root, 'acme', 'failed')).find((f) => f.endsWith('-late.csv')) as string;
    writeFileSync(join(temp.root, 'acme', 'failed', failedName), generateRoadManifest(5, 2, { tag: 'S' }).bytes);
    const replayStore = await openStore(config);
    const replayed = await replayFile({ config, store: replayStore }, join(temp.root, 'acme', 'failed', failedName)).finally(() => replayStore.close());
    expect(replayed).toMatchObject({ channel: 'acme', name: 'late.csv', action: 'moved' });
    expect(list(join(temp.root, 'acme', 'failed'))).not.toContain(failedName);
    await waitFor('late.csv result', () => list(join(temp.root, 'acme', 'outbox')).some((f) => f.startsWith('late.csv.result-')));
    expect(JSON.parse(readFileSync(join(temp.root, 'acme', 'outbox', list(join(temp.root, 'acme', 'outbox')).find((f) => f.startsWith('late.csv.result-')) as string), 'utf8')).summary).toEqual({ accepted: 4 });

    // Routing: the transport arrives; one pass reads the feed and writes the routing file.
    const { store: s2 } = await openJobStore(config.store);
    const transport = (await s2.findNotifications({ states: ['accepted'] })).find((n) => n.level === 'transport' && n.documentNumber.startsWith('SX'));
    await s2.close();
    pg.arriveTransport(transport?.mrn as string);
    stop();
    await running;
    const pass = await routingPass(config);
    expect(pass.items).toBeGreaterThanOrEqual(3);
    expect(pass.marker).toBeDefined();
    expect(list(join(temp.root, 'acme', 'outbox')).some((f) => /\.routing-[0-9a-f]{12}\.json$/.test(f))).toBe(true);
    expect((await routingPass(config)).items).toBe(0);

    const checks = await runDoctor(config);
    expect(checks.map((c) => [c.name, c.ok])).toEqual([
      ['config', true],
      ['store (sqlite)', true],
      ['profile of acme', true],
      ['channel acme (local)', true],
      ['maskinporten token', true],
      [`digitoll ${pg.url}`, true],
    ]);
    expect(formatDoctor(checks)).toMatch(/all checks passed/);
  });
});
