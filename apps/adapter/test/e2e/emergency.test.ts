/**
 * Customs' emergency routine in the running service (Norwegian Customs, api/mo/nodrutiner-digitoll-EN.html,
 * "Emergency Procedure for Notification and disclosure of Information (MO) Submission": when the information cannot be
 * submitted, road transport reports at the customs clearance desk with, per consignment, a reference to the procedure).
 * The real playground on loopback fails every Digitoll request (fault injection, 5xx): the transport's pack appears in
 * the partner's outbox before its arrival, once; the playground recovers: submission resumes, every house gets its MRN,
 * and the result file marks the pack superseded. Run on SQLite and on a real PostgreSQL server (the store holds the
 * queued pack, the outbox rows and the superseded mark; `tollkit emergency` reads the same store from its config).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Playground } from '@tollkit/playground';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobStore } from '../../src/store/job-store.js';
import { startPostgres, type PostgresServer } from '../support/postgres.js';
import { generateRoadManifest } from './generate-manifest.js';
import { dropInto, list, memoryLog, startRoadService, tempRoot, waitFor, writePlaygroundConfig } from './harness.js';

const bin = fileURLToPath(new URL('../../src/cli/tollkit.mjs', import.meta.url));
import type { RunningService } from '../../src/service/start-service.js';

describe.each(['sqlite', 'postgres'] as const)('emergency pack while Customs is down (%s store)', (kind) => {
  let pg: Playground;
  let store: JobStore;
  let service: RunningService;
  let close: (() => Promise<void>) | undefined;
  let postgres: PostgresServer | undefined;
  let postgresUrl: string | undefined;
  const temp = tempRoot('tollkit-emergency-');
  const log = memoryLog();

  beforeAll(async () => {
    if (kind === 'postgres') {
      postgres = await startPostgres();
      postgresUrl = await postgres.createDatabase();
    }
    // Arrival tomorrow 14:30; a 48 h margin puts it inside the margin from the start.
    ({ pg, store, service, close } = await startRoadService(temp.root, 'nod', log, { retryDelayMs: 200, inFlightGraceMs: 500, emergency: { marginMs: 48 * 3_600_000, email: 'nod@example.no' } }, { http: true, console: true, ...(postgresUrl === undefined ? {} : { postgresUrl }) }));
  }, 60_000);

  afterAll(async () => {
    await close?.();
    await postgres?.close();
    temp.remove();
  });

  it('down → pack in the outbox before arrival, once; back → MRNs and the pack superseded in the result', { timeout: 120_000 }, async () => {
    expect(store.kind).toBe(kind);
    pg.setFaults({ pathPrefix: '/api/movement', errorRate: 1, seed: 3 });
    const arrival = new Date(Date.now() + 24 * 3_600_000);
    const m = generateRoadManifest(1, 3, { tag: 'E', arrival });
    const outbox = join(temp.root, 'nod', 'outbox');
    dropInto(join(temp.root, 'nod', 'inbox'), 'e1.csv', m.bytes);

    const packs = await waitFor('the emergency pack', () => {
      const files = list(outbox).filter((f) => f.startsWith('emergency-'));
      return files.length === 2 ? files : undefined;
    }, 60_000);
    expect(packs.sort().map((f) => f.replace(/^.*\./, ''))).toEqual(['pdf', 'txt']);
    expect(Date.now()).toBeLessThan(arrival.getTime());
    expect(pg.counters.snapshot().faults.errors).toBeGreaterThan(0);
    const text = readFileSync(join(outbox, packs.find((f) => f.endsWith('.txt')) as string), 'utf8');
    expect(text).toContain('report at the customs clearance desk');
    for (const house of m.houses) expect(text).toContain(house);
    expect(readFileSync(join(outbox, packs.find((f) => f.endsWith('.pdf')) as string)).subarray(0, 5).toString()).toBe('%PDF-');
    const warned = log.lines.find((l) => l.level === 'error' && l.msg.includes('emergency pack queued'));
    expect(warned?.obj['transportNotificationId']).toEqual(expect.any(String));
    const metrics = await (await fetch(`${service.httpUrl}/metrics`)).text();
    expect(metrics).toMatch(/tollkit_emergency_packs_total\{channel="nod",routine="desk"\} 1/);

    // Customs comes back.
    pg.setFaults({});
    const result = await waitFor('the result file', () => list(outbox).find((f) => f.includes('.result-')), 60_000);
    const rows = readFileSync(join(outbox, result), 'utf8').trim().split('\r\n').slice(1);
    for (const house of m.houses) expect(rows.find((r) => r.includes(house)), house).toMatch(/;accepted;[0-9a-f-]*;\d{2}NO[A-Z0-9]{14};/);
    const packRows = rows.filter((r) => r.includes('emergency-'));
    expect(packRows).toHaveLength(2);
    for (const r of packRows) expect(r).toContain(';superseded;');
    // Written once: still two pack files, one outbox row each.
    expect(list(outbox).filter((f) => f.startsWith('emergency-'))).toHaveLength(2);
    const [manifest] = await store.findManifests({ channel: 'nod', originalName: 'e1.csv' });
    expect((await store.listOutboxOf(manifest?.id as string)).filter((o) => o.kind === 'emergency')).toHaveLength(2);
    // The console's manifest page shows the pack and that it is superseded.
    const page = await (await fetch(`${service.httpUrl}/manifests/${manifest?.id as string}`)).text();
    expect(page).toContain('Emergency pack');
    for (const file of packs) expect(page).toContain(file);
    expect(page.match(/class="state superseded"/g)).toHaveLength(2);

    // On demand from the store: `tollkit emergency <transport id>` and `<transport MRN>` (the config's address).
    const storeLines = postgresUrl === undefined ? [] : ['store:', '  kind: postgres', `  url: ${postgresUrl}`];
    const config = writePlaygroundConfig(temp.root, pg, [...storeLines, 'emergency:', '  contacts:', '    email: desk@example.no']);
    const run = async (key: string) =>
      JSON.parse((await promisify(execFile)(process.execPath, [bin, 'emergency', key, '--config', config, '--out', join(temp.root, 'ondemand')], { cwd: temp.root })).stdout) as { transportMrn: string | null; consignments: number; files: string[] }[];
    const byId = await run(m.plate);
    expect(byId).toHaveLength(1);
    expect(byId[0]).toMatchObject({ channel: 'desk', consignments: 3, transportMrn: expect.stringMatching(/^\d{2}NO[A-Z0-9]{14}$/) });
    const byMrn = await run(byId[0]?.transportMrn as string);
    expect(byMrn[0]?.files).toEqual(byId[0]?.files);
    for (const house of m.houses) expect(readFileSync(byId[0]?.files.find((f) => f.endsWith('.txt')) as string, 'utf8')).toContain(house);
    await expect(run('ZZ 99999')).rejects.toMatchObject({ stderr: expect.stringContaining('unknown') });
  });
});

describe('no emergency pack far from arrival', () => {
  let pg: Playground;
  let store: JobStore;
  let close: (() => Promise<void>) | undefined;
  const temp = tempRoot('tollkit-emergency-far-');
  const log = memoryLog();

  beforeAll(async () => {
    // The default margin (2 h): an arrival tomorrow is outside it.
    ({ pg, store, close } = await startRoadService(temp.root, 'far', log, { retryDelayMs: 200, inFlightGraceMs: 500 }));
  });

  afterAll(async () => {
    await close?.();
    temp.remove();
  });

  it('Customs failing for a transport arriving tomorrow (outside the default 2 h margin): no pack', { timeout: 60_000 }, async () => {
    pg.setFaults({ pathPrefix: '/api/movement', errorRate: 1, seed: 5 });
    dropInto(join(temp.root, 'far', 'inbox'), 'f1.csv', generateRoadManifest(1, 2, { tag: 'G' }).bytes);
    await waitFor('several failed attempts on the transport', async () => {
      const [manifest] = await store.findManifests({ channel: 'far', originalName: 'f1.csv' });
      if (manifest === undefined) return undefined;
      const [t] = await store.pageNotifications(manifest.id, { levels: ['transport'], limit: 1 });
      return t !== undefined && t.lastError !== null && pg.counters.snapshot().faults.errors >= 5;
    }, 30_000);
    // The round that stored the failure ends with the emergency check: give it (and a few more rounds) time.
    await new Promise((r) => setTimeout(r, 2_000));
    expect(list(join(temp.root, 'far', 'outbox')).filter((f) => f.startsWith('emergency-'))).toEqual([]);
    expect(log.lines.some((l) => l.msg.includes('emergency pack queued'))).toBe(false);
    pg.setFaults({});
  });
});
