/**
 * Presentations from files, end to end against the playground, over a local folder and over a real
 * OpenSSH SFTP server: the `ics2-arrivals` example presents every row of the seed-001 dataset
 * (docs/digitoll.md §11; Customs' presentation page, seed 001: "Both presentation and routing services
 * will give responses based on these existing data") by house, receptacle, ENS (through the
 * master-consignment endpoint) and container; each house's documented routing must reach the
 * partner's outbox, TO_CONTROL flagged, and the file gets one result with every presentation PRESENTED.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { examplePresentationPaths, readPartnerProfile } from '@tollkit/manifest';
import { startPlayground, type Playground } from '@tollkit/playground';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../../src/intake/channel.js';
import type { ChannelProfile } from '../../src/pipeline/ports.js';
import type { RunningService } from '../../src/service/start-service.js';
import type { JobStore } from '../../src/store/job-store.js';
import { openJobStore } from '../../src/store/open-job-store.js';
import { startSshd, type SshdServer } from '../support/sshd.js';
import { isRoutingFile, readResultCsv } from '../support/result-csv.js';
import { list, localChannel, memoryLog, sftpTestChannel, startTestService, tempRoot, waitFor } from './harness.js';

/** Seed 001 / docs/digitoll.md §11 as the seed states it: house → routing. */
const SEED_001: Record<string, string> = {
  'NO100000001MU N750': 'TO_CONTROL',
  'NO100000002MU N750': 'TO_ENTRY',
  'HC001 N740': 'TO_ENTRY',
  'HC002 N740': 'TO_CONTROL',
  'HC001 N703': 'TO_CONTROL',
  'HC002 N703': 'TO_ENTRY',
  'HC003 N714': 'TO_CONTROL',
  'HC004 N714': 'TO_ENTRY',
};

/** The routing lines of every routing file in an outbox. */
function routingLines(outbox: string): Record<string, string>[] {
  return list(outbox)
    .filter(isRoutingFile)
    .flatMap((f) => readResultCsv(readFileSync(join(outbox, f))));
}

async function presentationProfile(name: 'ics2-arrivals'): Promise<ChannelProfile> {
  return { name, profile: await readPartnerProfile(examplePresentationPaths(name).profilePath), profileName: name, resultFormat: 'csv' };
}

function checkSeed001(outbox: string, pg: Playground): void {
  const lines = routingLines(outbox);
  const byHouse = Object.fromEntries(lines.map((l) => [`${l['documentNumber']} ${l['type']}`, l]));
  expect(Object.fromEntries(Object.entries(byHouse).map(([k, l]) => [k, l['routing']]))).toEqual(SEED_001);
  // e.g. ENS 23NO00000000000001 → TO_CONTROL; HC002/N740 → TO_CONTROL (issue #12), flagged for the terminal.
  expect(byHouse['NO100000001MU N750']).toMatchObject({ entrySummaryDeclarationMRN: '23NO00000000000001', routing: 'TO_CONTROL', routingControlLocation: 'ON_ENTRY', attention: 'CONTROL' });
  expect(byHouse['HC002 N740']).toMatchObject({ routing: 'TO_CONTROL', attention: 'CONTROL', presentation: 'house-consignment HC002 N740', manifest: 'arrived.csv' });
  expect(byHouse['NO100000002MU N750']?.['presentation']).toBe('receptacle GBASFZMLBKONAUN30001001019999');
  expect(byHouse['HC001 N703']?.['presentation']).toBe('master-consignment 23NO00000000000004');
  // Routing items name no container: the line names every container presented in the file.
  expect(byHouse['HC003 N714']?.['presentation']).toBe('container: one of JARU0000010 JARU0000026');
  for (const l of lines) expect(l['attention']).toBe(l['routing'] === 'TO_CONTROL' ? 'CONTROL' : '');
  // One result file; every presentation PRESENTED, each POSTed exactly once.
  const results = list(outbox).filter((f) => f.startsWith('arrived.csv.result-'));
  expect(results).toHaveLength(1);
  const result = readResultCsv(readFileSync(join(outbox, results[0] as string)));
  expect(result.map((r) => [r['presentation'], r['reference'], r['status']])).toEqual([
    ['master-consignment', '23NO00000000000001', 'PRESENTED'],
    ['receptacle', 'GBASFZMLBKONAUN30001001019999', 'PRESENTED'],
    ['house-consignment', 'HC001', 'PRESENTED'],
    ['house-consignment', 'HC002', 'PRESENTED'],
    ['master-consignment', '23NO00000000000004', 'PRESENTED'],
    ['container', 'JARU0000010', 'PRESENTED'],
    ['container', 'JARU0000026', 'PRESENTED'],
  ]);
  for (const p of pg.counters.snapshot().presentations) expect(p.count, `${p.kind} ${p.reference}`).toBe(1);
  expect(pg.counters.snapshot().presentations).toHaveLength(7);
}

async function waitForSeed001(outbox: string): Promise<void> {
  await waitFor('result file and routing for all 8 seed-001 houses', () => {
    const houses = new Set(routingLines(outbox).map((l) => `${l['documentNumber']} ${l['type']}`));
    return list(outbox).some((f) => f.startsWith('arrived.csv.result-')) && houses.size === 8;
  });
}

describe('presentations from a local folder', () => {
  let pg: Playground;
  let store: JobStore;
  let service: RunningService;
  const temp = tempRoot('tollkit-e2e-present-');

  beforeAll(async () => {
    pg = await startPlayground({ port: 0, validationDelayMs: 20, log: () => undefined });
    store = (await openJobStore({ kind: 'sqlite', dataDir: join(temp.root, 'data') })).store;
    const channel: Channel = localChannel(temp.root, 'ics2');
    service = await startTestService(pg, store, [{ channel, profile: await presentationProfile('ics2-arrivals') }], memoryLog());
  });
  afterAll(async () => {
    await service?.close();
    await store?.close();
    await pg?.close();
    temp.remove();
  });

  it('every seed-001 row presented from a file yields its documented routing in the outbox', async () => {
    const inbox = join(temp.root, 'ics2', 'inbox');
    mkdirSync(inbox, { recursive: true });
    writeFileSync(join(temp.root, 'ics2', '.staged'), readFileSync(examplePresentationPaths('ics2-arrivals').manifestPath));
    renameSync(join(temp.root, 'ics2', '.staged'), join(inbox, 'arrived.csv'));
    const outbox = join(temp.root, 'ics2', 'outbox');
    await waitForSeed001(outbox);
    checkSeed001(outbox, pg);
    expect(list(join(temp.root, 'ics2', 'archive'))).toHaveLength(1);
    // Presented → routed in the store: the routing waits for the presentation's SUCCESS to be read.
    const manifest = (await store.findManifests({ channel: 'ics2' }))[0];
    const counts = await store.countNotifications(manifest?.id as string);
    expect(counts).toEqual({ routed: 7 });
  });
});

describe('presentations over SFTP', () => {
  let pg: Playground;
  let sshd: SshdServer;
  let store: JobStore;
  let service: RunningService;
  const temp = tempRoot('tollkit-e2e-present-sftp-');
  let remote: string;

  beforeAll(async () => {
    sshd = await startSshd();
    pg = await startPlayground({ port: 0, validationDelayMs: 20, log: () => undefined });
    store = (await openJobStore({ kind: 'sqlite', dataDir: join(temp.root, 'data') })).store;
    const sftp = sftpTestChannel(sshd, 'ics2', { include: ['*.csv'] });
    remote = sftp.remote;
    const channel = sftp.channel;
    service = await startTestService(pg, store, [{ channel, profile: await presentationProfile('ics2-arrivals'), spool: join(temp.root, 'data', 'spool', 'ics2') }], memoryLog());
  });
  afterAll(async () => {
    await service?.close();
    await store?.close();
    await pg?.close();
    await sshd?.close();
    temp.remove();
  });

  it('every seed-001 row presented from a file on the SFTP server yields its documented routing there', async () => {
    writeFileSync(join(remote, 'inbox', '.arrived.csv.part'), readFileSync(examplePresentationPaths('ics2-arrivals').manifestPath));
    renameSync(join(remote, 'inbox', '.arrived.csv.part'), join(remote, 'inbox', 'arrived.csv'));
    await waitForSeed001(join(remote, 'outbox'));
    checkSeed001(join(remote, 'outbox'), pg);
    expect(list(join(remote, 'archive'))).toHaveLength(1);
  });
});
