/**
 * The automatic arrival triggers of auto-presentation (issue #12 item 1, `presentOnArrival.trigger`):
 *
 * * `arrival-time`: a flight notified to arrive a few seconds from now is presented, house by house,
 *   once its notified arrival time has passed — not before — with no file from the partner;
 * * `entry-status`: a truck's goods are presented once Customs' entry status for its transport MRN
 *   says it arrived (`…/entry/status/{mrn}`, docs/digitoll.md §8.6) — here the haulier's own arrival
 *   message (arrival API, via a `kind: arrival` channel) made it arrive.
 *
 * Each transport gets one trigger `<MRN>.arrived` (archived, with its result file) and every house is
 * presented by exactly one POST (the playground's per-consignment counter), also after many more
 * watcher passes.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { examplePaths, readMappingProfile } from '@tollkit/manifest';
import { startPlayground, type Playground } from '@tollkit/playground';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../../src/service/start-service.js';
import type { JobStore, NotificationRecord } from '../../src/store/job-store.js';
import { openJobStore } from '../../src/store/open-job-store.js';
import type { PipelineDeps } from '../../src/pipeline/ports.js';
import { watchArrivalsOnce } from '../../src/presentation/watch-arrivals.js';
import { connectPlayground } from '../../src/service/connect-playground.js';
import { startSshd, type SshdServer } from '../support/sshd.js';
import { isRoutingFile, readResultCsv } from '../support/result-csv.js';
import { dropInto, exampleProfile, list, localChannel, memoryLog, messageProfile, sftpTestChannel, startTestService, tempRoot, waitFor } from './harness.js';

/** The air express example manifest with its flight arriving `inMs` from now (whole seconds, UTC). */
function flightArrivingIn(inMs: number): { xml: string; arrival: Date } {
  const arrival = new Date(Math.ceil((Date.now() + inMs) / 1_000) * 1_000);
  const xml = readFileSync(examplePaths('air-express-awb').manifestPath, 'utf8').replace(/<exp:ScheduledArrival>[^<]*</u, `<exp:ScheduledArrival>${arrival.toISOString().slice(0, 19)}Z<`);
  return { xml, arrival };
}

const HOUSE_POST = 'POST /api/movement/presentation/v1/house-consignment';

describe('automatic arrival triggers', () => {
  let pg: Playground;
  let store: JobStore;
  let service: RunningService;
  const temp = tempRoot('tollkit-e2e-arrival-triggers-');
  const log = memoryLog();

  beforeAll(async () => {
    pg = await startPlayground({ port: 0, validationDelayMs: 20, log: () => undefined });
    store = (await openJobStore({ kind: 'sqlite', dataDir: join(temp.root, 'data') })).store;
    service = await startTestService(
      pg,
      store,
      [
        {
          channel: localChannel(temp.root, 'flights'),
          // No date rebase: the test writes the flight's arrival time itself.
          profile: { name: 'flights', profile: await readMappingProfile(examplePaths('air-express-awb').profilePath), profileName: 'air-express-awb', resultFormat: 'csv', presentOnArrival: { trigger: ['arrival-time'] } },
        },
        { channel: localChannel(temp.root, 'trucks'), profile: { ...(await exampleProfile('road-forwarder-export')), name: 'trucks', presentOnArrival: { trigger: ['entry-status'], office: 'NO372001' } } },
        { channel: localChannel(temp.root, 'crossings'), profile: await messageProfile('road-arrivals', 'crossings') },
      ],
      log,
    );
  });
  afterAll(async () => {
    await service?.close();
    await store?.close();
    await pg?.close();
    temp.remove();
  });

  const transportOf = async (channel: string): Promise<NotificationRecord> => {
    const manifests = await store.findManifests({ channel, limit: 10 });
    const rows = await store.listNotifications(manifests.find((m) => !m.originalName.endsWith('.arrived'))?.id ?? '');
    const t = rows.find((r) => r.level === 'transport' && r.mrn !== null);
    if (t === undefined) throw new Error(`${channel}: no notified transport`);
    return t;
  };
  const resultLines = (channel: string, prefix: string) => {
    const outbox = join(temp.root, channel, 'outbox');
    const name = list(outbox).find((f) => f.startsWith(prefix));
    return name === undefined ? undefined : readResultCsv(readFileSync(join(outbox, name)));
  };

  it('arrival-time: the flight\'s houses are presented once its notified arrival time has passed, not before', async () => {
    // Arrival 6 s from now: the notification is valid (arrival in the future) and the time soon passes.
    const { xml, arrival } = flightArrivingIn(6_000);
    dropInto(join(temp.root, 'flights', 'inbox'), 'manifest.xml', xml);
    await waitFor('notification result', () => resultLines('flights', 'manifest.xml.result-'));
    expect(Date.now()).toBeLessThan(arrival.getTime());
    expect(pg.counters.requestsTo(HOUSE_POST)).toBe(0);
    const transport = await transportOf('flights');
    const trigger = `${transport.mrn}.arrived`;
    const result = await waitFor('presentation result of the automatic trigger', () => resultLines('flights', `${trigger}.result-`), 30_000);
    const presentedAt = Date.now();
    expect(presentedAt).toBeGreaterThanOrEqual(arrival.getTime());
    expect(result.map((r) => [r['presentation'], r['reference'], r['documentType'], r['status']])).toEqual([
      ['house-consignment', 'HC001', 'N740', 'PRESENTED'],
      ['house-consignment', 'HC002', 'N740', 'PRESENTED'],
    ]);
    // Routing of the presented goods in the partner's outbox.
    const routing = await waitFor('routing of the presented houses', () => {
      const lines = list(join(temp.root, 'flights', 'outbox')).filter(isRoutingFile).flatMap((f) => readResultCsv(readFileSync(join(temp.root, 'flights', 'outbox', f))));
      return lines.filter((l) => l['presentation'] !== '').length >= 2 && lines;
    });
    expect(routing.filter((l) => l['presentation'] !== '').map((l) => [l['documentNumber'], l['routing']])).toEqual([
      ['HC001', 'TO_ENTRY'],
      ['HC002', 'TO_CONTROL'],
    ]);
    // Many more watcher passes (every 300 ms): still one trigger, one POST per house.
    await new Promise((r) => setTimeout(r, 2_000));
    expect(list(join(temp.root, 'flights', 'archive')).filter((f) => f.endsWith('.arrived'))).toHaveLength(1);
    expect(pg.counters.presentationsFor('house-consignment', 'HC001 N740')).toBe(1);
    expect(pg.counters.presentationsFor('house-consignment', 'HC002 N740')).toBe(1);
    expect(log.lines.some((l) => l.msg.startsWith('transport arrived: arrival trigger written') && String(l.obj['reason']).includes('notified arrival time'))).toBe(true);
  });

  it('entry-status: the truck\'s houses are presented once Customs reports it arrived (here: after the haulier\'s arrival message)', async () => {
    dropInto(join(temp.root, 'trucks', 'inbox'), 'manifest.csv', readFileSync(examplePaths('road-forwarder-export').manifestPath));
    await waitFor('notification result', () => resultLines('trucks', 'manifest.csv.result-'));
    const transport = await transportOf('trucks');
    const houses = (await store.listNotifications(transport.manifestId)).filter((r) => r.level === 'house-consignment');
    // Not arrived yet: entry status 404, no trigger after several passes.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(list(join(temp.root, 'trucks', 'inbox')).filter((f) => f.endsWith('.arrived'))).toEqual([]);
    expect(resultLines('trucks', `${transport.mrn}.arrived.result-`)).toBeUndefined();
    // The haulier reports the arrival (arrival API): Customs now has an entry status for the transport.
    dropInto(join(temp.root, 'crossings', 'inbox'), 'crossings.csv', `Transport MRN;Crossed at;Crossing\n${transport.mrn};01.01.2026 06:10;Svinesund\n`);
    const crossing = await waitFor('arrival result', () => resultLines('crossings', 'crossings.csv.result-'));
    expect(crossing[0]?.['status']).toBe('ACCEPTED');
    const result = await waitFor('presentation result of the automatic trigger', () => resultLines('trucks', `${transport.mrn}.arrived.result-`), 30_000);
    expect(result.map((r) => [r['reference'], r['status']])).toEqual(houses.map((h) => [h.documentNumber, 'PRESENTED']));
    await new Promise((r) => setTimeout(r, 1_500));
    for (const h of houses) expect(pg.counters.presentationsFor('house-consignment', `${h.documentNumber} ${h.type}`), h.documentNumber).toBe(1);
    expect(list(join(temp.root, 'trucks', 'archive')).filter((f) => f.endsWith('.arrived'))).toHaveLength(1);
  });
});

describe('automatic arrival triggers: the time window', () => {
  let pg: Playground;
  let store: JobStore;
  let service: RunningService;
  const temp = tempRoot('tollkit-e2e-arrival-window-');

  beforeAll(async () => {
    pg = await startPlayground({ port: 0, validationDelayMs: 20, log: () => undefined });
    store = (await openJobStore({ kind: 'sqlite', dataDir: join(temp.root, 'data') })).store;
    // A channel without triggers: the passes below are run by hand, at chosen moments.
    service = await startTestService(pg, store, [{ channel: localChannel(temp.root, 'trucks'), profile: { ...(await exampleProfile('road-forwarder-export')), name: 'trucks' } }], memoryLog());
  });
  afterAll(async () => {
    await service?.close();
    await store?.close();
    await pg?.close();
    temp.remove();
  });

  it('a transport is triggered from its notified arrival until 72 h after it (Customs cancels it then), not before and not its history', async () => {
    dropInto(join(temp.root, 'trucks', 'inbox'), 'manifest.csv', readFileSync(examplePaths('road-forwarder-export').manifestPath));
    await waitFor('notification result', () => list(join(temp.root, 'trucks', 'outbox')).some((f) => f.startsWith('manifest.csv.result-')));
    const [manifest] = await store.findManifests({ channel: 'trucks', limit: 5 });
    const transport = (await store.listNotifications(manifest?.id ?? '')).find((r) => r.level === 'transport' && r.mrn !== null);
    const body = (transport?.payload as { draft?: { estimatedDateAndTimeOfArrival?: string; scheduledDateAndTimeOfArrival?: string } }).draft;
    const arrival = Date.parse(body?.estimatedDateAndTimeOfArrival ?? body?.scheduledDateAndTimeOfArrival ?? '');
    expect(Number.isNaN(arrival)).toBe(false);
    const { client } = connectPlayground(pg);
    const pass = async (at: number, trigger: ('arrival-time' | 'entry-status')[]) => {
      const written: string[] = [];
      const settings = { name: 'trucks', profile: {}, profileName: 'road', resultFormat: 'csv' as const, presentOnArrival: { trigger } };
      const deps = { store, client, log: memoryLog(), now: () => at } as unknown as PipelineDeps;
      await watchArrivalsOnce(deps, [{ name: 'trucks', settings, writeInbox: (name) => Promise.resolve(void written.push(name)) }]);
      return written;
    };
    const HOUR = 3_600_000;
    expect(await pass(arrival - HOUR, ['arrival-time'])).toEqual([]);
    expect(await pass(arrival + HOUR, ['arrival-time'])).toEqual([`${transport?.mrn}.arrived`]);
    expect(await pass(arrival + 73 * HOUR, ['arrival-time'])).toEqual([]);
    // Entry status: not asked outside the window (the playground counts the calls).
    const ENTRY = 'GET /api/movement/road/status/v2/entry/status/:mrn';
    const asked = pg.counters.requestsTo(ENTRY);
    expect(await pass(arrival + 73 * HOUR, ['entry-status'])).toEqual([]);
    expect(pg.counters.requestsTo(ENTRY)).toBe(asked);
    expect(await pass(arrival - HOUR, ['entry-status'])).toEqual([]); // asked: 404, not arrived
    expect(pg.counters.requestsTo(ENTRY)).toBe(asked + 1);
  });

  it('an entry status Customs does not answer is said after the pass (ARRIVAL_ENTRY_STATUS_UNREADABLE), not swallowed', async () => {
    // The first test's manifest is stored; its transport is within the entry window now.
    const [manifest] = await store.findManifests({ channel: 'trucks', limit: 5 });
    expect(manifest).toBeDefined();
    // A Customs that is gone: a real playground, closed, so every request is refused at the socket.
    const gone = await startPlayground({ port: 0, log: () => undefined });
    const { client } = connectPlayground(gone);
    await gone.close();
    const settings = { name: 'trucks', profile: {}, profileName: 'road', resultFormat: 'csv' as const, presentOnArrival: { trigger: ['entry-status' as const] } };
    const deps = { store, client, log: memoryLog(), now: () => Date.now() } as unknown as PipelineDeps;
    const written: string[] = [];
    await expect(watchArrivalsOnce(deps, [{ name: 'trucks', settings, writeInbox: (name) => Promise.resolve(void written.push(name)) }])).rejects.toMatchObject({
      code: 'ARRIVAL_ENTRY_STATUS_UNREADABLE',
      written: [],
    });
    expect(written).toEqual([]);
  });
});

describe('automatic arrival trigger over SFTP', () => {
  let pg: Playground;
  let sshd: SshdServer;
  let store: JobStore;
  let service: RunningService;
  const temp = tempRoot('tollkit-e2e-arrival-triggers-sftp-');
  let remote: string;

  beforeAll(async () => {
    sshd = await startSshd();
    pg = await startPlayground({ port: 0, validationDelayMs: 20, log: () => undefined });
    store = (await openJobStore({ kind: 'sqlite', dataDir: join(temp.root, 'data') })).store;
    // Done-markers: the trigger the adapter writes gets one too.
    const sftp = sftpTestChannel(sshd, 'flights', { include: ['*.xml', '*.arrived'], readiness: 'done-marker' });
    remote = sftp.remote;
    const channel = sftp.channel;
    const profile = { name: 'flights', profile: await readMappingProfile(examplePaths('air-express-awb').profilePath), profileName: 'air-express-awb', resultFormat: 'csv' as const, presentOnArrival: { trigger: ['arrival-time' as const] } };
    service = await startTestService(pg, store, [{ channel, profile, spool: join(temp.root, 'data', 'spool', 'flights') }], memoryLog());
  });
  afterAll(async () => {
    await service?.close();
    await store?.close();
    await pg?.close();
    await sshd?.close();
    temp.remove();
  });

  it('arrival-time: the trigger is written on the SFTP server (with its done-marker) and the houses presented once', async () => {
    const { xml, arrival } = flightArrivingIn(5_000);
    writeFileSync(join(remote, 'inbox', '.manifest.xml.part'), xml);
    renameSync(join(remote, 'inbox', '.manifest.xml.part'), join(remote, 'inbox', 'manifest.xml'));
    writeFileSync(join(remote, 'inbox', 'manifest.xml.done'), '');
    const outbox = join(remote, 'outbox');
    await waitFor('notification result', () => list(outbox).some((f) => f.startsWith('manifest.xml.result-')));
    const [manifest] = await store.findManifests({ channel: 'flights', limit: 5 });
    const transport = (await store.listNotifications(manifest?.id ?? '')).find((r) => r.level === 'transport');
    const name = await waitFor('presentation result of the trigger', () => list(outbox).find((f) => f.startsWith(`${transport?.mrn}.arrived.result-`)), 30_000);
    expect(Date.now()).toBeGreaterThanOrEqual(arrival.getTime());
    expect(readResultCsv(readFileSync(join(outbox, name))).map((r) => [r['reference'], r['status']])).toEqual([
      ['HC001', 'PRESENTED'],
      ['HC002', 'PRESENTED'],
    ]);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(list(join(remote, 'archive')).filter((f) => f.endsWith('.arrived'))).toHaveLength(1);
    expect(list(join(remote, 'inbox'))).toEqual([]);
    expect(pg.counters.presentationsFor('house-consignment', 'HC001 N740')).toBe(1);
    expect(pg.counters.presentationsFor('house-consignment', 'HC002 N740')).toBe(1);
  });
});
