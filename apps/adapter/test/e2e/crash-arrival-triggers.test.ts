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
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { examplePaths, exampleMessagePaths } from '@tollkit/manifest';
import { startPlayground, type Playground } from '@tollkit/playground';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readResultCsv } from '../support/result-csv.js';
import { waitForExit } from '../support/spawn-ready.js';
import { adapterProcess } from './adapter-process.js';
import { waitFor as poll } from '../support/wait-for.js';
import { list, tempRoot, waitFor } from './harness.js';

const FILES = 4;
const HOUSES_PER_FILE = 25;
const HOUSE_POST = 'POST /api/movement/presentation/v1/house-consignment';
const RELATION_POST = 'POST /api/movement/road/v2/relation';
const KILLS = Number(process.env['TOLLKIT_CRASH_KILLS'] ?? 6);

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
    const run = adapterProcess(root, pg, [
      { name: 'road', profile: examplePaths('road-forwarder-export').profilePath, include: ['*.csv', '*.arrived'], presentOnArrival: { trigger: 'entry-status', office: 'NO372001' } },
      { name: 'links', profile: exampleMessagePaths('road-relations').profilePath, include: ['*.csv'] },
    ]);
    const road = run.dir('road');
    const links = run.dir('links');
    const start = async (n: number) => {
      child = await run.start(n);
      return child;
    };

    // 1. The trucks are notified (no kills here).
    const { manifests, child: first } = await run.notifyRoad('road', FILES, HOUSES_PER_FILE, 'A');
    child = first;
    const notified = run.results('road').flatMap((f) => readResultCsv(readFileSync(join(road, 'outbox', f))));
    const mrn = (level: string, documentNumber?: string) => notified.filter((r) => r['level'] === level && (documentNumber === undefined || r['documentNumber'] === documentNumber)).map((r) => r['mrn'] as string);
    const transports = mrn('transport');
    expect(transports).toHaveLength(FILES);

    // 2. A relation file (each house → its master), and the trucks arrive: both worked on while the adapter is killed.
    const relationRows = manifests.flatMap((m) => {
      const [master] = mrn('master-consignment', m.master);
      return m.houses.map((h) => `master;${master};house;${mrn('house-consignment', h)[0]};`);
    });
    run.drop('links', 'links.csv', ['Parent;Parent MRN;Child;Child MRN;Representative', ...relationRows, ''].join('\n'));
    for (const t of transports) pg.arriveTransport(t);

    // Kills alternate between the two kinds of POST: on the n-th presentation POST, on the n-th relation POST, at a random moment.
    const kinds = [
      { what: 'presentation', endpoint: HOUSE_POST, total: FILES * HOUSES_PER_FILE },
      { what: 'relation', endpoint: RELATION_POST, total: relationRows.length },
    ];
    const progress: string[] = [];
    let c = first;
    for (let k = 1; k <= KILLS; k++) {
      let how: string;
      const kind = kinds[k % 2] as (typeof kinds)[number];
      const posts = () => pg.counters.requestsTo(kind.endpoint);
      if (k % 3 === 0 || posts() >= kind.total) {
        await new Promise((r) => setTimeout(r, 150 + Math.floor(Math.random() * 1_500)));
        how = 'at a random moment';
      } else {
        const mark = Math.max(posts() + 1, Math.floor((k * kind.total) / (KILLS + 1)));
        const reached = await poll(() => posts() >= mark, { timeoutMs: 60_000, intervalMs: 2 }).then(() => true, () => false);
        how = reached ? `on ${kind.what} POST ${mark}` : `after 60 s without ${kind.what} POST ${mark}`;
      }
      c.kill('SIGKILL');
      expect(await waitForExit(c, 10_000)).toBe(true);
      progress.push(`kill ${k} ${how}: ${pg.counters.requestsTo(HOUSE_POST)} presentation POSTs, ${pg.counters.requestsTo(RELATION_POST)} relation POSTs, triggers ${list(join(road, 'archive')).filter((f) => f.endsWith('.arrived')).length}`);
      await new Promise((r) => setTimeout(r, 200));
      c = await start(k);
    }
    const triggerResults = () => run.results('road').filter((f) => f.includes('.arrived.result-'));
    await waitFor('every transport\'s trigger has its result file', () => triggerResults().length >= FILES, 300_000);
    await waitFor('the relation file has its result file', () => run.results('links').length >= 1, 300_000);
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
    expect(run.results('links')).toHaveLength(1);
    const rows = readResultCsv(readFileSync(join(links, 'outbox', run.results('links')[0] as string)));
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
