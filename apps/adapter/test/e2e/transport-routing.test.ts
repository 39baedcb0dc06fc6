/**
 * The transport-level routing feed in the running service (issue 16: "the transport-level routing feed, which the
 * adapter follows when the party is entitled, writing transport routing results to the partner's outbox like house
 * routing"). Customs' routing page (api/mo/fremlegging-og-kontrolldirigering-EN.html, "Who Can Request Routing?"): the
 * party that submitted the transport "can get routing for all consignments reported on the transport"; seed 001: "for
 * some parties, the service for routing at transport level may be relevant". Real playground on loopback (the demo
 * organisation is entitled, data/reference/transport-routing-entitlements.csv), real SQLite store, real local folders.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readMappingProfile, examplePaths } from '@tollkit/manifest';
import { startPlayground, type Playground } from '@tollkit/playground';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followTransportRoutingOnce } from '../../src/pipeline/follow-transport-routing.js';
import { buildBody, type StoredPayload } from '../../src/pipeline/lib/build-body.js';
import { parseManifestFile } from '../../src/pipeline/parse-manifest-file.js';
import { defaultTuning, type PipelineDeps } from '../../src/pipeline/ports.js';
import { connectPlayground } from '../../src/service/connect-playground.js';
import type { RunningService } from '../../src/service/start-service.js';
import type { JobStore, NotificationRecord } from '../../src/store/job-store.js';
import { openJobStore } from '../../src/store/open-job-store.js';
import { createSftpChannel } from '../../src/intake/sftp-channel.js';
import { decodeResultFile, readResultCsv } from '../support/result-csv.js';
import { sftpConnectionTo, startSshd, type SshdServer } from '../support/sshd.js';
import { generateRoadManifest } from './generate-manifest.js';
import { FOLDERS, dropInto, list, localChannel, memoryLog, startTestService, tempRoot, waitFor } from './harness.js';

const OTHER_ORG = '998877665';
const SCOPES = ['toll:movement/road/v2', 'toll:movement/entry'];

/** A routing file in the road partner's conventions (its manifest's: semicolons, Windows-1252, CRLF): header and rows. */
function csv(bytes: Buffer): { header: string[]; rows: Record<string, string>[] } {
  return { header: decodeResultFile(bytes).split('\r\n')[0]?.split(';') ?? [], rows: readResultCsv(bytes) };
}

/**
 * Another organisation (not our partner) notifies a house under our master — our house `ourHouse`'s body with the
 * waybill `number` — straight at the playground, and waits for its SUCCESS. Returns the house's type.
 */
async function otherPartyHouse(pg: Playground, store: JobStore, ourHouse: string, number: string): Promise<string> {
  const [house] = (await store.findNotifications({ documentNumber: ourHouse })).filter((n) => n.mrn !== null);
  const body = buildBody('house-consignment', house?.payload as StoredPayload, Date.now()) as { consignmentHouseLevel: { transportDocumentHouseLevel: { documentNumber: string; type: string } } };
  body.consignmentHouseLevel.transportDocumentHouseLevel.documentNumber = number;
  const token = await pg.issueCustomsToken({ orgNumber: OTHER_ORG, scopes: SCOPES });
  const posted = await fetch(`${pg.url}/api/movement/road/v2/house-consignment`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const { requestId } = (await posted.json()) as { requestId: string };
  await waitFor(`${number} validated`, async () => {
    const s = await fetch(`${pg.url}/api/movement/road/status/v2/house-consignment/validation-status/${requestId}`, { headers: { authorization: `Bearer ${token}` } });
    return s.status !== 404 && ((await s.json()) as { status: string }).status === 'SUCCESS';
  });
  return body.consignmentHouseLevel.transportDocumentHouseLevel.type;
}

/** Our accepted transport notification of a generated manifest (by its plate). */
async function ourTransport(store: JobStore, plate: string): Promise<NotificationRecord> {
  const id = plate.replace(/\s+/g, '');
  const found = (await store.findNotifications({ states: ['accepted', 'routed'] })).find((n) => n.level === 'transport' && n.mrn !== null && n.documentNumber.startsWith(`${id}@`));
  if (found === undefined) throw new Error(`no accepted transport ${plate}`);
  return found;
}

function transportMeans(transport: NotificationRecord): string {
  return (buildBody('transport', transport.payload as StoredPayload, Date.now()) as { activeBorderTransportMeans: { identificationNumber: string } }).activeBorderTransportMeans.identificationNumber;
}

/**
 * The carrier notifies a transport with two houses; another organisation (a forwarder, not our partner) notifies a
 * third house under our master; the transport arrives. The carrier's channel (folder `dir`) gets its house routing file
 * with its two houses and a transport routing file with the other party's house alone, once.
 */
async function anotherPartysHouse({ pg, store, service, dir }: { pg: Playground; store: JobStore; service: RunningService; dir: string }): Promise<void> {
  const m = generateRoadManifest(1, 2, { tag: 'T' });
  const outbox = join(dir, 'outbox');
  dropInto(join(dir, 'inbox'), 't1.csv', m.bytes);
  await waitFor('the result file', () => list(outbox).find((f) => f.includes('.result-')), 60_000);

  // Another organisation (a forwarder, not our partner) notifies a house under our master, on our transport.
  const otherHouse = 'OTHER-CTRL-0001';
  const houseType = await otherPartyHouse(pg, store, m.houses[0] as string, otherHouse);
  const transport = await ourTransport(store, m.plate);
  const means = transportMeans(transport);
  pg.arriveTransport(transport.mrn as string);

  const transportFile = await waitFor('the transport routing file', () => list(outbox).find((f) => /^t1\.csv\.transport-routing-[0-9a-f]{12}\.csv$/.test(f)), 30_000);
  const houseFile = await waitFor('the house routing file', () => list(outbox).find((f) => /^t1\.csv\.routing-[0-9a-f]{12}\.csv$/.test(f)), 30_000);
  const t = csv(readFileSync(join(outbox, transportFile)));
  expect(t.header).toEqual(['transportMrn', 'transportId', 'scheduledArrival', 'documentNumber', 'type', 'mrn', 'routing', 'routingControlLocation', 'entrySummaryDeclarationMRN', 'receptacleId', 'routingId', 'decidedAt', 'manifest', 'attention']);
  // Only the other party's house: ours are in the house routing file, never twice.
  // In the partner's conventions, as its house routing file: its time zone for the arrival and the decision.
  expect(t.rows[0]?.['scheduledArrival']).toMatch(/T14:30:00\+0[12]:00$/);
  expect(t.rows).toEqual([
    expect.objectContaining({ transportMrn: transport.mrn, transportId: means, documentNumber: otherHouse, mrn: '', routing: 'TO_CONTROL', routingControlLocation: 'ON_ENTRY', manifest: 't1.csv', attention: 'CONTROL' }),
  ]);
  expect(csv(readFileSync(join(outbox, houseFile))).rows.map((r) => r['documentNumber']).sort()).toEqual([...m.houses].sort());

  // Stored once, attributed to our transport's channel; shown on the console's routing page.
  const stored = await store.listRoutingResults(`house:${houseType}:${otherHouse}`);
  expect(stored).toEqual([expect.objectContaining({ decision: 'TO_CONTROL', channel: 'carrier', notificationId: transport.id })]);
  const page = await (await fetch(`${service.httpUrl}/routing`)).text();
  expect(page).toContain(otherHouse);

  // Further passes (the feeds drained) add nothing: one transport routing file, one outbox row.
  const passes = pg.counters.requestsTo('GET /api/movement/routing/v1/transport');
  await waitFor('three more transport-feed passes', () => pg.counters.requestsTo('GET /api/movement/routing/v1/transport') >= passes + 3, 10_000);
  expect(list(outbox).filter((f) => f.includes('.transport-routing-'))).toEqual([transportFile]);
  const [manifest] = await store.findManifests({ channel: 'carrier', originalName: 't1.csv' });
  expect((await store.listOutboxOf(manifest?.id as string)).filter((o) => o.fileName.includes('.transport-routing-'))).toHaveLength(1);

  const metrics = await (await fetch(`${service.httpUrl}/metrics`)).text();
  expect(metrics).toMatch(/tollkit_transport_routing_items_total 3/);
  expect(metrics).toMatch(/tollkit_routing_feed_refused\{feed="transport"\} 0/);
  const health = (await (await fetch(`${service.httpUrl}/healthz`)).json()) as { transportRoutingFeed: { state: string } };
  expect(health.transportRoutingFeed.state).toBe('ok');
  const overview = await (await fetch(`${service.httpUrl}/`)).text();
  expect(overview).toContain('Transport feed');
  expect(overview).toContain(await store.getRoutingMarker('transport'));
}

/** The carrier's channel `carrier`: a local folder under `root`, or (`sftp`) that folder on a real OpenSSH server. */
async function startCarrier(pg: Playground, root: string, log: ReturnType<typeof memoryLog>, extra: { maskinportenClient?: Playground['demoClient']; sftp?: { sshd: SshdServer; dir: string } } = {}) {
  const store = (await openJobStore({ kind: 'sqlite', dataDir: join(root, 'data') })).store;
  const profile = await readMappingProfile(examplePaths('road-forwarder-export').profilePath);
  const { sftp, ...rest } = extra;
  if (sftp !== undefined) for (const folder of Object.values(FOLDERS)) mkdirSync(join(sftp.dir, folder), { recursive: true });
  const channel =
    sftp === undefined
      ? localChannel(root, 'carrier')
      : createSftpChannel({
          name: 'carrier',
          root: sftp.dir,
          folders: FOLDERS,
          include: ['*.csv'],
          exclude: [],
          pollIntervalMs: 300,
          readiness: { mode: 'rename', stableForMs: 0, doneSuffix: '.done' },
          maxFileBytes: 1024 * 1024,
          connection: sftpConnectionTo(sftp.sshd, { backoff: { initialMs: 100, maxMs: 1_000 } }),
        });
  const spool = sftp === undefined ? {} : { spool: join(root, 'data', 'spool', 'carrier') };
  const service = await startTestService(pg, store, [{ channel, profile: { name: 'carrier', profile, profileName: 'road', resultFormat: 'csv' }, ...spool }], log, {
    http: true,
    console: true,
    transportFeed: true,
    ...rest,
  });
  return { store, service };
}

describe('transport-level routing feed, entitled organisation', () => {
  let pg: Playground;
  let store: JobStore;
  let service: RunningService;
  const temp = tempRoot('tollkit-transport-routing-');
  const log = memoryLog();

  beforeAll(async () => {
    pg = await startPlayground({ port: 0, validationDelayMs: 20, log: () => undefined });
    ({ store, service } = await startCarrier(pg, temp.root, log));
  });

  afterAll(async () => {
    await service?.close();
    await store?.close();
    await pg?.close();
    temp.remove();
  });

  it("another party's house on our transport: its routing goes to the channel that notified the transport, once; ours stay in the house routing file", { timeout: 90_000 }, () =>
    anotherPartysHouse({ pg, store, service, dir: join(temp.root, 'carrier') }));
  it('a crash between queuing the transport routing file and storing the marker: the page is read again, the file queued once', { timeout: 90_000 }, async () => {
    const m = generateRoadManifest(2, 1, { tag: 'U' });
    const outbox = join(temp.root, 'carrier', 'outbox');
    dropInto(join(temp.root, 'carrier', 'inbox'), 't2.csv', m.bytes);
    await waitFor('the result file', () => list(outbox).find((f) => f.startsWith('t2.csv.result-')), 60_000);
    await service.close(); // the follower below is the only reader now
    await otherPartyHouse(pg, store, m.houses[0] as string, 'OTHER-0002');
    const transport = await ourTransport(store, m.plate);
    pg.arriveTransport(transport.mrn as string);

    const settings = { name: 'carrier', profile: await readMappingProfile(examplePaths('road-forwarder-export').profilePath), profileName: 'road', resultFormat: 'csv' as const };
    const deps = (s: JobStore): PipelineDeps => ({
      store: s,
      client: connectPlayground(pg).client,
      channel: (name) => (name === 'carrier' ? { settings, files: undefined as never } : undefined),
      log: memoryLog(),
      now: Date.now,
      owner: 'crash-test',
      tuning: defaultTuning,
      parse: parseManifestFile,
    });
    const marker = await store.getRoutingMarker('transport');
    // The process dies in the transaction that stores the results and moves the marker.
    const crashing = new Proxy(store, {
      get: (target, key) => {
        if (key === 'recordRoutingResults') return () => Promise.reject(new Error('killed'));
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    await expect(followTransportRoutingOnce(deps(crashing))).rejects.toThrow('killed');
    expect(await store.getRoutingMarker('transport')).toBe(marker);
    const [manifest] = await store.findManifests({ channel: 'carrier', originalName: 't2.csv' });
    const queued = async () => (await store.listOutboxOf(manifest?.id as string)).filter((o) => o.fileName.includes('.transport-routing-'));
    expect(await queued()).toHaveLength(1);
    // Restarted: the same page again → the same file name (a no-op), then the marker moves; nothing left to read.
    expect(await followTransportRoutingOnce(deps(store))).toBeGreaterThan(0);
    expect(await queued()).toHaveLength(1);
    expect(await store.getRoutingMarker('transport')).not.toBe(marker);
    expect(await followTransportRoutingOnce(deps(store))).toBe(0);
    expect(csv((await queued())[0]?.content as Buffer).rows.map((r) => r['documentNumber'])).toEqual(['OTHER-0002']);
  });
});

describe('transport-level routing feed, organisation not entitled', () => {
  let pg: Playground;
  let store: JobStore;
  let service: RunningService;
  const temp = tempRoot('tollkit-transport-routing-403-');
  const log = memoryLog();

  beforeAll(async () => {
    pg = await startPlayground({ port: 0, validationDelayMs: 20, log: () => undefined });
    // The same key and certificate, registered for an organisation Customs did not give the transport-level service.
    pg.registerClient({ clientId: 'not-entitled', orgNumber: OTHER_ORG, scopes: SCOPES, certificatePem: pg.demoClient.certificatePem });
    ({ store, service } = await startCarrier(pg, temp.root, log, { maskinportenClient: { ...pg.demoClient, clientId: 'not-entitled' } }));
  });

  afterAll(async () => {
    await service?.close();
    await store?.close();
    await pg?.close();
    temp.remove();
  });

  it('403: said once in the log, /healthz, /metrics and the console; not asked again in a hot loop; the house feed goes on', { timeout: 30_000 }, async () => {
    const houseFeed = () => pg.counters.requestsTo('GET /api/movement/routing/v1/house-consignment');
    await waitFor('ten house-feed passes', () => houseFeed() >= 10, 20_000);
    expect(pg.counters.requestsTo('GET /api/movement/routing/v1/transport')).toBe(1);
    const said = log.lines.filter((l) => l.obj['feed'] === 'transport' && l.level === 'error');
    expect(said).toHaveLength(1);
    expect(said[0]?.msg).toContain('not entitled');
    expect(said[0]?.obj['code']).toBe('DIGITOLL_FORBIDDEN');
    const health = (await (await fetch(`${service.httpUrl}/healthz`)).json()) as { status: string; transportRoutingFeed: { state: string; error: string; nextAttemptAt: string } };
    expect(health.status).toBe('ok');
    expect(health.transportRoutingFeed).toMatchObject({ state: 'not-entitled', error: expect.stringContaining('not entitled to the transport-level routing service') });
    expect(Date.parse(health.transportRoutingFeed.nextAttemptAt) - Date.now()).toBeGreaterThan(50 * 60_000);
    expect(await (await fetch(`${service.httpUrl}/metrics`)).text()).toMatch(/tollkit_routing_feed_refused\{feed="transport"\} 1/);
    expect(await (await fetch(`${service.httpUrl}/`)).text()).toContain('not entitled (403)');
  });
});

describe('transport-level routing feed over SFTP', () => {
  let pg: Playground;
  let store: JobStore;
  let service: RunningService;
  let sshd: SshdServer;
  const temp = tempRoot('tollkit-transport-routing-sftp-');

  beforeAll(async () => {
    sshd = await startSshd();
    pg = await startPlayground({ port: 0, validationDelayMs: 20, log: () => undefined });
    ({ store, service } = await startCarrier(pg, temp.root, memoryLog(), { sftp: { sshd, dir: join(sshd.root, 'partners', 'carrier') } }));
  });

  afterAll(async () => {
    await service?.close();
    await store?.close();
    await pg?.close();
    await sshd?.close();
    temp.remove();
  });

  it("another party's house on our transport: the transport routing file lands in the carrier's outbox on the SFTP server", { timeout: 90_000 }, () =>
    anotherPartysHouse({ pg, store, service, dir: join(sshd.root, 'partners', 'carrier') }));
});
