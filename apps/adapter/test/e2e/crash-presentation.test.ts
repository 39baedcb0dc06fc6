/**
 * Crash test for presentations: the adapter runs as a child process with a road channel (the
 * houses are notified first) and a presentation channel; one presentation file per road manifest
 * lists its houses. While they are presented the adapter is killed with SIGKILL, most kills the
 * moment the playground receives a presentation POST (held 40 ms, so requests are in flight), the
 * others at random moments, then restarted. Afterwards every house was presented by exactly one
 * POST (the playground's per-consignment presentation counter) and every presentation file has
 * exactly one result file, every row PRESENTED.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { examplePaths } from '@tollkit/manifest';
import { startPlayground, type Playground } from '@tollkit/playground';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForExit } from '../support/spawn-ready.js';
import { adapterProcess } from './adapter-process.js';
import { waitFor as poll } from '../support/wait-for.js';
import { list, tempRoot, waitFor } from './harness.js';

const FILES = 6;
const HOUSES_PER_FILE = 50;
const PRESENT_POST = 'POST /api/movement/presentation/v1/house-consignment';
const KILLS = Number(process.env['TOLLKIT_CRASH_KILLS'] ?? 8);

/** The presentation profile of the arrivals channel: one house per row. */
const PROFILE = [
  'kind: presentation',
  'name: road-arrivals',
  'format: csv',
  'mode: road',
  'csv: { delimiter: ";" }',
  'presentation:',
  '  fields:',
  '    kind: { const: house-consignment }',
  '    customsOfficeOfPresentation: { from: Office, check: customs-office }',
  '    documentNumber: Waybill',
  '    type: { from: Type, codeList: CL754 }',
  '',
].join('\n');

describe('crash test: kill -9 while presenting', () => {
  let pg: Playground;
  const temp = tempRoot('tollkit-crash-present-');
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    pg = await startPlayground({ port: 0, validationDelayMs: 100, faults: { latencyMs: 40, pathPrefix: '/api/movement/presentation/v1/house-consignment' }, log: () => undefined });
  });
  afterAll(async () => {
    if (child !== undefined && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await waitForExit(child, 5_000);
    }
    await pg?.close();
    temp.remove();
  });

  it(`every presentation POSTed exactly once and one result per file after ${KILLS} SIGKILLs`, { timeout: 600_000 }, async () => {
    const root = temp.root;
    writeFileSync(join(root, 'arrivals.yaml'), PROFILE);
    const run = adapterProcess(root, pg, [
      { name: 'road', profile: examplePaths('road-forwarder-export').profilePath, include: ['*.csv'] },
      { name: 'arrivals', profile: join(root, 'arrivals.yaml'), include: ['*.csv'] },
    ]);
    const road = run.dir('road');
    const arrivals = run.dir('arrivals');
    const start = async (n: number) => {
      child = await run.start(n);
      return child;
    };

    // 1. The houses are notified (no kills here: the notification crash test covers that).
    const { manifests, child: first } = await run.notifyRoad('road', FILES, HOUSES_PER_FILE, 'P');
    child = first;

    // 2. Each manifest's houses arrive: one presentation file each, presented while the adapter is killed.
    for (const [i, m] of manifests.entries()) run.drop('arrivals', `arrived-${i + 1}.csv`, ['Waybill;Type;Office', ...m.houses.map((h) => `${h};N730;NO345001`), ''].join('\n'));
    const total = FILES * HOUSES_PER_FILE;
    const posts = () => pg.counters.requestsTo(PRESENT_POST);
    const presented = () => pg.counters.snapshot().presentations.reduce((sum, p) => sum + p.count, 0);
    const progress: string[] = [];
    let inFlightAtKills = 0;
    let abandoned = 0;
    let c = first;
    for (let k = 1; k <= KILLS; k++) {
      let how: string;
      if (k % 4 === 0 || presented() >= total) {
        await new Promise((r) => setTimeout(r, 150 + Math.floor(Math.random() * 1_500)));
        how = 'at a random moment';
      } else {
        const mark = Math.max(posts() + 1, Math.floor((k * total) / (KILLS + 1)));
        const reached = await poll(() => posts() >= mark, { timeoutMs: 60_000, intervalMs: 2 }).then(() => true, () => false);
        how = reached ? `on presentation POST ${mark}` : `after 60 s without presentation POST ${mark}`;
      }
      const inFlight = posts() - presented() - abandoned;
      c.kill('SIGKILL');
      expect(await waitForExit(c, 10_000)).toBe(true);
      inFlightAtKills += inFlight;
      await new Promise((r) => setTimeout(r, 200));
      abandoned = posts() - presented();
      progress.push(`kill ${k} ${how}: ${inFlight} presentation POSTs in flight, ${presented()} presented, ${run.results('arrivals').length} result files`);
      c = await start(k);
    }
    await waitFor('every presentation file has its result file', () => run.results('arrivals').length >= FILES, 300_000);
    await waitFor('every presentation file archived', () => list(join(arrivals, 'archive')).length === FILES, 60_000);
    c.kill('SIGTERM');
    expect(await waitForExit(c, 30_000)).toBe(true);
    const logs = Array.from({ length: KILLS + 1 }, (_, i) => readFileSync(join(root, `adapter-${i}.log`), 'utf8')).join('\n');
    const count = (msg: string) => logs.split('\n').filter((l) => l.includes(`"msg":"${msg}`)).length;
    progress.push(
      `recovery: ${JSON.stringify({
        interrupted: count('notification found in submitting after a restart'),
        foundNotResent: count('outcome-unknown presentation found at Customs'),
        notFoundSent: count('outcome-unknown presentation not found at Customs'),
      })}`,
    );
    console.log(progress.join('\n'));
    expect(inFlightAtKills).toBeGreaterThan(0);

    // Every house presented by exactly one POST.
    const wrong: string[] = [];
    for (const m of manifests) {
      for (const h of m.houses) {
        const n = pg.counters.presentationsFor('house-consignment', `${h} N730`);
        if (n !== 1) wrong.push(`${h}×${n}`);
      }
    }
    expect(wrong).toEqual([]);
    // Exactly one result per presentation file, every row PRESENTED.
    for (let i = 1; i <= FILES; i++) {
      const own = run.results('arrivals').filter((f) => f.startsWith(`arrived-${i}.csv.result-`));
      expect(own, `arrived-${i}.csv`).toHaveLength(1);
      const rows = readFileSync(join(arrivals, 'outbox', own[0] as string), 'utf8').trim().split('\r\n').slice(1);
      expect(rows).toHaveLength(HOUSES_PER_FILE);
      for (const row of rows) expect(row).toMatch(/,house-consignment,[^,]+,N730,PRESENTED,[0-9a-f-]{36},$/);
    }
    expect(list(join(arrivals, 'processing'))).toEqual([]);
    expect(list(join(arrivals, 'failed'))).toEqual([]);
  });
});
