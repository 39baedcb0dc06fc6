/**
 * Result and routing files in the partner's conventions (issue #15 item 5), and routing files named
 * after the partner's own manifest, never after another partner's routing ids. Two road partners
 * on one playground: their transports arrive together, so one routing feed page holds both
 * partners' houses. Real playground, real folders, SQLite.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { examplePaths, readMappingProfile } from '@tollkit/manifest';
import { startPlayground, type Playground } from '@tollkit/playground';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelProfile } from '../../src/pipeline/ports.js';
import type { RunningService } from '../../src/service/start-service.js';
import type { JobStore } from '../../src/store/job-store.js';
import { openJobStore } from '../../src/store/open-job-store.js';
import { generateRoadManifest } from '../e2e/generate-manifest.js';
import { list, localChannel, memoryLog, startTestService, tempRoot, waitFor } from '../e2e/harness.js';
import { readResultCsv } from '../support/result-csv.js';

describe('partner files', () => {
  let pg: Playground;
  let store: JobStore;
  let service: RunningService;
  const temp = tempRoot('tollkit-partner-files-');

  beforeAll(async () => {
    pg = await startPlayground({ port: 0, validationDelayMs: 0, log: () => undefined });
    store = (await openJobStore({ kind: 'sqlite', dataDir: join(temp.root, 'data') })).store;
    const profile = await readMappingProfile(examplePaths('road-forwarder-export').profilePath);
    const road = (name: string, extra: Partial<ChannelProfile> = {}): ChannelProfile => ({ name, profile, profileName: 'road-forwarder-export', resultFormat: 'csv', ...extra });
    service = await startTestService(
      pg,
      store,
      [
        // Like the manifest (Windows-1252, ";", decimal comma, Oslo time).
        { channel: localChannel(temp.root, 'nordisk'), profile: road('nordisk') },
        // The channel asks for UTF-8 with BOM, "," and UTC.
        { channel: localChannel(temp.root, 'vestland'), profile: road('vestland', { results: { encoding: 'utf-8', bom: true, delimiter: ',', timeZone: 'UTC' } }) },
      ],
      memoryLog(),
    );
  });

  afterAll(async () => {
    await service?.close();
    await store?.close();
    await pg?.close();
    temp.remove();
  });

  const drop = (channel: string, name: string, bytes: Buffer) => {
    mkdirSync(join(temp.root, channel, 'inbox'), { recursive: true });
    writeFileSync(join(temp.root, `${name}.tmp`), bytes);
    renameSync(join(temp.root, `${name}.tmp`), join(temp.root, channel, 'inbox', name));
  };
  const outbox = (channel: string) => list(join(temp.root, channel, 'outbox'));

  it('results like the manifest or as the channel asks; routing files named after the own manifest only', async () => {
    drop('nordisk', 'nordisk-uke49.csv', generateRoadManifest(1, 3, { tag: 'N' }).bytes);
    drop('vestland', 'vestland-uke49.csv', generateRoadManifest(2, 3, { tag: 'W' }).bytes);
    const resultOf = (channel: string) => waitFor(`${channel} result`, () => outbox(channel).find((f) => f.includes('.result-')));
    const nordiskResult = readFileSync(join(temp.root, 'nordisk', 'outbox', await resultOf('nordisk')));
    const vestlandResult = readFileSync(join(temp.root, 'vestland', 'outbox', await resultOf('vestland')));

    // A Windows-1252 ";" manifest gets a Windows-1252 ";" result without BOM.
    expect(nordiskResult.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    expect(nordiskResult.toString('latin1').startsWith('kind;position;line;level;documentNumber;')).toBe(true);
    expect(vestlandResult.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
    expect(vestlandResult.subarray(3).toString('utf8').startsWith('kind,position,line,level,documentNumber,')).toBe(true);
    for (const bytes of [nordiskResult, vestlandResult]) {
      for (const row of readResultCsv(bytes)) expect(row['status'], row['documentNumber']).toBe('accepted');
    }

    // Both transports arrive in one go: the next routing page holds both partners' houses.
    const transports = (await store.findNotifications({ states: ['accepted', 'routed'] })).filter((n) => n.level === 'transport');
    expect(transports).toHaveLength(2);
    for (const t of transports) pg.arriveTransport(t.mrn as string);

    const routingOf = (channel: string) => waitFor(`${channel} routing file`, () => outbox(channel).find((f) => f.includes('routing-')));
    const nordiskRouting = await routingOf('nordisk');
    const vestlandRouting = await routingOf('vestland');
    expect(nordiskRouting).toMatch(/^nordisk-uke49\.csv\.routing-[0-9a-f]{12}\.csv$/);
    expect(vestlandRouting).toMatch(/^vestland-uke49\.csv\.routing-[0-9a-f]{12}\.csv$/);

    const nordiskLines = readResultCsv(readFileSync(join(temp.root, 'nordisk', 'outbox', nordiskRouting)));
    const vestlandLines = readResultCsv(readFileSync(join(temp.root, 'vestland', 'outbox', vestlandRouting)));
    expect(nordiskLines.length).toBe(3);
    expect(vestlandLines.length).toBe(3);
    // No file name holds a routing id of the other partner (or any routing id at all).
    for (const l of [...nordiskLines, ...vestlandLines]) {
      expect(nordiskRouting).not.toContain(l['routingId']);
      expect(vestlandRouting).not.toContain(l['routingId']);
    }
    // decidedAt in each partner's time zone: Oslo with its offset; UTC with Z.
    for (const l of nordiskLines) expect(l['decidedAt']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[12]:00$/);
    for (const l of vestlandLines) expect(l['decidedAt']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    for (const l of nordiskLines) expect(l['manifest']).toBe('nordisk-uke49.csv');
  });
});
