/**
 * Auto-presentation (channel option `presentOnArrival`): after a manifest's notifications have their
 * MRNs, a small `<name>.arrived` file naming the transport (or the manifest) presents what they
 * announced at the documented level (docs/digitoll.md §10; seed 001: "Presentation can be done by sending
 * an Entry Summary Declaration (ENS), receptacle or individual house consignments") — the air
 * express houses individually, the postal items by receptacle — with no presentation file and no
 * admin arrival; the routing reaches the partner's outbox.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { examplePaths, examplePresentationPaths, readPartnerProfile, type ExampleName } from '@tollkit/manifest';
import { startPlayground, type Playground } from '@tollkit/playground';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../../src/service/start-service.js';
import type { JobStore } from '../../src/store/job-store.js';
import { openJobStore } from '../../src/store/open-job-store.js';
import { isRoutingFile, readResultCsv } from '../support/result-csv.js';
import { dropInto, exampleProfile, list, localChannel, memoryLog, startTestService, tempRoot, waitFor } from './harness.js';

describe('auto-presentation on an arrival trigger', () => {
  let pg: Playground;
  let store: JobStore;
  let service: RunningService;
  const temp = tempRoot('tollkit-e2e-autopresent-');
  const channels: ExampleName[] = ['air-express-awb', 'postal-receptacles'];

  beforeAll(async () => {
    pg = await startPlayground({ port: 0, validationDelayMs: 20, log: () => undefined });
    store = (await openJobStore({ kind: 'sqlite', dataDir: join(temp.root, 'data') })).store;
    const serviceChannels = [];
    for (const name of channels) {
      const profile = await exampleProfile(name, 'csv');
      serviceChannels.push({
        channel: localChannel(temp.root, name),
        // The air manifest's flight names its office of first entry; the postal one has no transport.
        profile: { ...profile, presentOnArrival: name === 'postal-receptacles' ? { office: 'NO351001' } : {} },
      });
    }
    service = await startTestService(pg, store, serviceChannels, memoryLog());
  });
  afterAll(async () => {
    await service?.close();
    await store?.close();
    await pg?.close();
    temp.remove();
  });

  const present = async (name: ExampleName, trigger: string, content: string) => {
    const { manifestPath } = examplePaths(name);
    const manifest = manifestPath.split('/').at(-1) as string;
    const outbox = join(temp.root, name, 'outbox');
    dropInto(join(temp.root, name, 'inbox'), manifest, readFileSync(manifestPath));
    await waitFor(`${name}: notification result`, () => list(outbox).some((f) => f.startsWith(`${manifest}.result-`)));
    dropInto(join(temp.root, name, 'inbox'), trigger, content);
    const result = await waitFor(`${name}: presentation result`, () => list(outbox).find((f) => f.startsWith(`${trigger}.result-`)));
    const routing = await waitFor(`${name}: routing of the presented goods`, () => {
      const lines = list(outbox).filter(isRoutingFile).flatMap((f) => readResultCsv(readFileSync(join(outbox, f))));
      return lines.filter((l) => l['presentation'] !== '').length >= (name === 'postal-receptacles' ? 3 : 2) && lines;
    });
    return { result: readResultCsv(readFileSync(join(outbox, result))), routing };
  };

  it('air express: "NX0451.arrived" naming the flight presents its two AWB houses one by one', async () => {
    const { result, routing } = await present('air-express-awb', 'NX0451.arrived', 'NX0451\n');
    expect(result.map((r) => [r['presentation'], r['reference'], r['documentType'], r['status']])).toEqual([
      ['house-consignment', 'HC001', 'N740', 'PRESENTED'],
      ['house-consignment', 'HC002', 'N740', 'PRESENTED'],
    ]);
    expect(routing.filter((l) => l['presentation'] !== '').map((l) => [l['documentNumber'], l['routing'], l['attention']])).toEqual([
      ['HC001', 'TO_ENTRY', ''],
      ['HC002', 'TO_CONTROL', 'CONTROL'],
    ]);
    expect(pg.counters.presentationsFor('house-consignment', 'HC002 N740')).toBe(1);
  });

  it('postal: "manifest.csv.arrived" naming the manifest presents its items by receptacle', async () => {
    const { result, routing } = await present('postal-receptacles', 'manifest.csv.arrived', 'manifest.csv\n');
    expect(result.map((r) => [r['presentation'], r['reference'], r['status']])).toEqual([
      ['receptacle', 'GBASFZMLBKONAUN30001001019999', 'PRESENTED'],
      ['receptacle', 'GBASFZMLBKONAUN30001001029999', 'PRESENTED'],
    ]);
    expect(Object.fromEntries(routing.filter((l) => l['presentation'] !== '').map((l) => [l['documentNumber'], l['routing']]))).toEqual({
      NO100000001MU: 'TO_CONTROL',
      NO100000002MU: 'TO_ENTRY',
      NO100000003MU: 'TO_ENTRY',
    });
  });

  it('a trigger naming no notified transport goes to failed/ with a report, and nothing is presented', async () => {
    const before = pg.counters.snapshot().presentations.length;
    dropInto(join(temp.root, 'air-express-awb', 'inbox'), 'LN-XXX.arrived', 'LN-XXX\n');
    const outbox = join(temp.root, 'air-express-awb', 'outbox');
    const report = await waitFor('error report of the trigger', () => list(outbox).find((f) => f.startsWith('LN-XXX.arrived.error-')));
    const text = readFileSync(join(outbox, report), 'utf8');
    expect(text).toContain('FAILED (PRESENTATION_TRIGGER_UNRESOLVED)');
    expect(text).toContain('no notified transport or manifest "LN-XXX" on channel air-express-awb');
    expect(list(join(temp.root, 'air-express-awb', 'failed')).some((f) => f.endsWith('-LN-XXX.arrived'))).toBe(true);
    expect(pg.counters.snapshot().presentations).toHaveLength(before);
  });
});

describe('a ground handler presents the master air waybill another partner notified', () => {
  let pg: Playground;
  let store: JobStore;
  let service: RunningService;
  const temp = tempRoot('tollkit-e2e-present-master-');

  beforeAll(async () => {
    pg = await startPlayground({ port: 0, validationDelayMs: 20, log: () => undefined });
    store = (await openJobStore({ kind: 'sqlite', dataDir: join(temp.root, 'data') })).store;
    const handler = { name: 'handler', profile: await readPartnerProfile(examplePresentationPaths('ics2-arrivals').profilePath), profileName: 'ics2-arrivals', resultFormat: 'csv' as const };
    service = await startTestService(
      pg,
      store,
      [
        { channel: localChannel(temp.root, 'air-express-awb'), profile: await exampleProfile('air-express-awb', 'csv') },
        { channel: localChannel(temp.root, 'handler'), profile: handler },
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

  it('presenting 235-12345675 (N741) routes its houses to both partners, the handler\'s lines naming the master', async () => {
    const { manifestPath } = examplePaths('air-express-awb');
    dropInto(join(temp.root, 'air-express-awb', 'inbox'), 'manifest.xml', readFileSync(manifestPath));
    await waitFor('notification result', () => list(join(temp.root, 'air-express-awb', 'outbox')).some((f) => f.startsWith('manifest.xml.result-')));
    dropInto(join(temp.root, 'handler', 'inbox'), 'arrived.csv', 'Level;Waybill;DocType;ENS;Receptacle;Container;Office\nMASTER;235-12345675;N741;;;;NO351001\n');
    const lines = (channel: string) =>
      list(join(temp.root, channel, 'outbox'))
        .filter(isRoutingFile)
        .flatMap((f) => readResultCsv(readFileSync(join(temp.root, channel, 'outbox', f))));
    await waitFor('routing for both houses at the handler', () => lines('handler').length >= 2);
    expect(lines('handler').map((l) => [l['documentNumber'], l['routing'], l['presentation'], l['attention']])).toEqual([
      ['HC001', 'TO_ENTRY', 'master-consignment 235-12345675 N741', ''],
      ['HC002', 'TO_CONTROL', 'master-consignment 235-12345675 N741', 'CONTROL'],
    ]);
    await waitFor('routing at the notifying partner', () => lines('air-express-awb').length >= 2);
    expect(pg.counters.presentationsFor('master-consignment', '235-12345675 N741')).toBe(1);
  });
});

