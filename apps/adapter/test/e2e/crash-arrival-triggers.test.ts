/**
 * Crash test for the automatic arrival trigger and for relation files (issue #12): the adapter runs
 * as a child process with a road channel that presents on Customs' entry status
 * (`presentOnArrival.trigger: entry-status`) and a relation channel (`kind: relation`). The trucks
 * arrive (the playground detects them, as Customs' number-plate cameras do for road), the watcher
 * writes their `<MRN>.arrived` triggers, and a relation file links every house to its master — while
 * the adapter is killed with SIGKILL, mostly the moment the playground receives a presentation or
 * relation POST (held 40 ms, so requests are in flight), then restarted.
 *
 * Afterwards: every house was presented by exactly one POST; every transport has exactly one
 * trigger and one presentation result; the relation file has one result in which every row is
 * ACCEPTED or OUTCOME_UNKNOWN — never REJECTED as "already exists" (what a second POST of a relation
 * gets) — and there were no more relation POSTs than rows (Customs assigns the requestId: an
 * interrupted relation is never re-sent).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { examplePaths, exampleMessagePaths } from '@tollkit/manifest';
import { startPlayground, type Playground } from '@tollkit/playground';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readResultCsv } from '../support/result-csv.js';
import { spawnUntilReady, waitForExit } from '../support/spawn-ready.js';
import { waitFor as poll } from '../support/wait-for.js';
import { generateRoadManifest, type GeneratedManifest } from './generate-manifest.js';
import { list, tempRoot, waitFor, writePlaygroundCredentials } from './harness.js';

const FILES = 4;
const HOUSES_PER_FILE = 25;
const HOUSE_POST = 'POST /api/movement/presentation/v1/house-consignment';
const RELATION_POST = 'POST /api/movement/road/v2/relation';
const KILLS = Number(process.env['TOLLKIT_CRASH_KILLS'] ?? 6);
const adapterDir = fileURLToPath(new URL('../..', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures-adapter-process.ts', import.meta.url));

describe('crash test: kill -9 while auto-presenting on entry status and while sending relations', () => {
  let pg: Playground;
  const temp = tempRoot('tollkit-crash-triggers-');
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    pg = await startPlayground({ port: 0, validationDelayMs: 100, faults: { latencyMs: 40, pathPrefix: '/api/movement/' }, log: () => undefined });
  });
  afterAll(async () => {
    if (child !== undefined && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await waitForExit(child, 5_000);
    }
    await pg?.close();
    temp.remove();
  });

  it(`every house presented once, every relation POSTed at most once, one result per file after ${KILLS} SIGKILLs`, { timeout: 600_000 }, async () => {
    const root = temp.root;
    const road = join(root, 'road');
    const links = join(root, 'links');
    for (const dir of [road, links]) mkdirSync(join(dir, 'inbox'), { recursive: true });
    const config = {
      environment: 'playground',
      dataDir: join(root, 'data'),
      digitoll: { baseUrl: pg.url },
      maskinporten: writePlaygroundCredentials(root, pg),
      leases: { manifestMs: 10_000, outboxMs: 10_000 },
      channels: [
        {
          kind: 'local', name: 'road', profile: examplePaths('road-forwarder-export').profilePath, path: road, include: ['*.csv', '*.arrived'], pollIntervalMs: 200,
          readiness: { mode: 'rename' }, presentOnArrival: { trigger: 'entry-status', office: 'NO372001' },
        },
        { kind: 'local', name: 'links', profile: exampleMessagePaths('road-relations').profilePath, path: links, include: ['*.csv'], pollIntervalMs: 200, readiness: { mode: 'rename' } },
      ],
    };
    const configFile = join(root, 'tollkit.json');
    writeFileSync(configFile, JSON.stringify(config, null, 2));
    const drop = (dir: string, name: string, bytes: Buffer | string) => {
      writeFileSync(join(root, `${name}.tmp`), bytes);
      renameSync(join(root, `${name}.tmp`), join(dir, 'inbox', name));
    };
    const start = async (n: number) => {
      const spawned = await spawnUntilReady(process.execPath, ['--import', 'tsx', fixture, configFile, join(root, `adapter-${n}.log`)], { cwd: adapterDir, readyText: 'adapter ready', timeoutMs: 60_000 });
      child = spawned.child;
      return spawned.child;
    };
    const results = (dir: string) => list(join(dir, 'outbox')).filter((f) => f.includes('.result-'));

    // 1. The trucks are notified (no kills here).
    const manifests: GeneratedManifest[] = [];
    for (let i = 1; i <= FILES; i++) {
      const m = generateRoadManifest(i, HOUSES_PER_FILE, { tag: 'A' });
      manifests.push(m);
      drop(road, `m-${i}.csv`, m.bytes);
    }
    const first = await start(0);
    await waitFor('every road manifest has its result file', () => results(road).length >= FILES, 300_000);
    const notified = results(road).flatMap((f) => readResultCsv(readFileSync(join(road, 'outbox', f))));
    const mrn = (level: string, documentNumber?: string) => notified.filter((r) => r['level'] === level && (documentNumber === undefined || r['documentNumber'] === documentNumber)).map((r) => r['mrn'] as string);
    const transports = mrn('transport');
    expect(transports).toHaveLength(FILES);

    // 2. A relation file (each house → its master), and the trucks arrive: both worked on while the adapter is killed.
    const relationRows = manifests.flatMap((m) => {
      const [master] = mrn('master-consignment', m.master);
      return m.houses.map((h) => `master;${master};house;${mrn('house-consignment', h)[0]};`);
    });
    drop(links, 'links.csv', ['Parent;Parent MRN;Child;Child MRN;Representative', ...relationRows, ''].join('\n'));
    for (const t of transports) pg.arriveTransport(t);

    const total = FILES * HOUSES_PER_FILE + relationRows.length;
    const posts = () => pg.counters.requestsTo(HOUSE_POST) + pg.counters.requestsTo(RELATION_POST);
    const progress: string[] = [];
    let c = first;
    for (let k = 1; k <= KILLS; k++) {
      let how: string;
      if (k % 3 === 0 || posts() >= total) {
        await new Promise((r) => setTimeout(r, 150 + Math.floor(Math.random() * 1_500)));
        how = 'at a random moment';
      } else {
        const mark = Math.max(posts() + 1, Math.floor((k * total) / (KILLS + 1)));
        const reached = await poll(() => posts() >= mark, { timeoutMs: 60_000, intervalMs: 2 }).then(() => true, () => false);
        how = reached ? `on POST ${mark}` : `after 60 s without POST ${mark}`;
      }
      c.kill('SIGKILL');
      expect(await waitForExit(c, 10_000)).toBe(true);
      progress.push(`kill ${k} ${how}: ${pg.counters.requestsTo(HOUSE_POST)} presentation POSTs, ${pg.counters.requestsTo(RELATION_POST)} relation POSTs, triggers ${list(join(road, 'archive')).filter((f) => f.endsWith('.arrived')).length}`);
      await new Promise((r) => setTimeout(r, 200));
      c = await start(k);
    }
    const triggerResults = () => results(road).filter((f) => f.includes('.arrived.result-'));
    await waitFor('every transport\'s trigger has its result file', () => triggerResults().length >= FILES, 300_000);
    await waitFor('the relation file has its result file', () => results(links).length >= 1, 300_000);
    await new Promise((r) => setTimeout(r, 2_000)); // more watcher passes
    c.kill('SIGTERM');
    expect(await waitForExit(c, 30_000)).toBe(true);
    console.log(progress.join('\n'));

    // Presentations: every house exactly one POST; one trigger and one result per transport.
    const wrong: string[] = [];
    for (const m of manifests) {
      for (const h of m.houses) {
        const n = pg.counters.presentationsFor('house-consignment', `${h} N730`);
        if (n !== 1) wrong.push(`${h}×${n}`);
      }
    }
    expect(wrong).toEqual([]);
    for (const t of transports) {
      expect(triggerResults().filter((f) => f.startsWith(`${t}.arrived.result-`)), t).toHaveLength(1);
      const rows = readResultCsv(readFileSync(join(road, 'outbox', triggerResults().find((f) => f.startsWith(`${t}.arrived.result-`)) as string)));
      expect(rows.map((r) => r['status'])).toEqual(Array.from({ length: HOUSES_PER_FILE }, () => 'PRESENTED'));
    }
    // A trigger written again after a kill (before the store received the first) is the same file
    // dropped again: archived as a duplicate, without a result or a presentation of its own.
    const archivedTriggers = list(join(road, 'archive')).filter((f) => f.endsWith('.arrived'));
    console.log(`triggers archived: ${archivedTriggers.length} for ${FILES} transports`);
    for (const t of transports) expect(archivedTriggers.filter((f) => f.endsWith(`${t}.arrived`)).length, t).toBeGreaterThanOrEqual(1);
    expect(archivedTriggers.every((f) => transports.some((t) => f.endsWith(`${t}.arrived`)))).toBe(true);

    // Relations: one result; every row ACCEPTED or OUTCOME_UNKNOWN; never a second POST.
    expect(results(links)).toHaveLength(1);
    const rows = readResultCsv(readFileSync(join(links, 'outbox', results(links)[0] as string)));
    const statuses = rows.map((r) => r['status']);
    const accepted = statuses.filter((s) => s === 'ACCEPTED').length;
    const unknown = statuses.filter((s) => s === 'OUTCOME_UNKNOWN').length;
    console.log(`relations: ${accepted} ACCEPTED, ${unknown} OUTCOME_UNKNOWN, ${pg.counters.requestsTo(RELATION_POST)} POSTs for ${relationRows.length} rows`);
    expect(accepted + unknown).toBe(relationRows.length);
    expect(pg.counters.requestsTo(RELATION_POST)).toBeLessThanOrEqual(relationRows.length);
    expect(pg.counters.requestsTo(RELATION_POST)).toBeGreaterThanOrEqual(accepted);
    for (const r of rows.filter((x) => x['status'] === 'OUTCOME_UNKNOWN')) expect(r['errors']).toContain('it was NOT sent again');
    expect(list(join(links, 'processing'))).toEqual([]);
    expect(list(join(road, 'failed'))).toEqual([]);
  });
});
