/**
 * Relation and arrival files (issue #12 item 4): a `kind: relation` channel and a `kind: arrival`
 * channel against the playground, after a road manifest was notified on a third channel. Customs
 * assigns the requestId of these requests (docs/digitoll.md §7.6, §7.7: it is only in the 202), so:
 *
 * * a relation is POSTed, its validation status polled, the relation's MRN written back;
 * * an arrival is POSTed, polled, and the transport's entry status (validEntry, time and office of
 *   entry, §8.6) written back;
 * * a POST whose answer is lost (the playground processes it, then drops the connection) ends as
 *   OUTCOME_UNKNOWN in the result file and is never POSTed a second time;
 * * an organisation without Customs' arrival authorisation ("it must not be used without specific
 *   authorization from Norwegian Customs", Customs' arrival API page, beskrivelse-av-ankomst-api-EN.html;
 *   the playground's dataset arrival-authorisations.csv) gets a per-row ARRIVAL_NOT_AUTHORISED
 *   rejection, and its channel keeps working.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { examplePaths } from '@tollkit/manifest';
import { startPlayground, type Playground } from '@tollkit/playground';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../../src/service/start-service.js';
import type { JobStore, NotificationRecord } from '../../src/store/job-store.js';
import { openJobStore } from '../../src/store/open-job-store.js';
import { readResultCsv } from '../support/result-csv.js';
import { dropInto, exampleProfile, list, localChannel, memoryLog, messageProfile, startTestService, tempRoot, waitFor } from './harness.js';

const RELATION_POST = 'POST /api/movement/road/v2/relation';
const ARRIVAL_POST = 'POST /api/movement/arrival/v1/arrival';

/** Now as the road-arrivals example writes it: `dd.MM.yyyy HH:mm`, Oslo time. */
function osloNow(): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date())
      .map((p) => [p.type, p.value]),
  );
  return `${parts['day']}.${parts['month']}.${parts['year']} ${parts['hour']}:${parts['minute']}`;
}

describe('relation and arrival files', () => {
  let pg: Playground;
  let store: JobStore;
  let service: RunningService;
  const temp = tempRoot('tollkit-e2e-relation-arrival-');
  let rows: NotificationRecord[] = [];

  beforeAll(async () => {
    pg = await startPlayground({ port: 0, validationDelayMs: 20, log: () => undefined });
    store = (await openJobStore({ kind: 'sqlite', dataDir: join(temp.root, 'data') })).store;
    service = await startTestService(
      pg,
      store,
      [
        { channel: localChannel(temp.root, 'road'), profile: { ...(await exampleProfile('road-forwarder-export')), name: 'road' } },
        { channel: localChannel(temp.root, 'links'), profile: await messageProfile('road-relations', 'links') },
        { channel: localChannel(temp.root, 'crossings'), profile: await messageProfile('road-arrivals', 'crossings') },
      ],
      memoryLog(),
    );
    const { manifestPath } = examplePaths('road-forwarder-export');
    dropInto(join(temp.root, 'road', 'inbox'), 'manifest.csv', readFileSync(manifestPath));
    await waitFor('notification result', () => list(join(temp.root, 'road', 'outbox')).some((f) => f.startsWith('manifest.csv.result-')));
    const [manifest] = await store.findManifests({ channel: 'road', limit: 10 });
    rows = await store.listNotifications(manifest?.id ?? '');
  });
  afterAll(async () => {
    await service?.close();
    await store?.close();
    await pg?.close();
    temp.remove();
  });

  const mrnOf = (level: NotificationRecord['level'], index = 0): string => {
    const mrn = rows.filter((r) => r.level === level && r.mrn !== null)[index]?.mrn;
    if (mrn === undefined || mrn === null) throw new Error(`no ${level} MRN in the notified road manifest`);
    return mrn;
  };

  const resultOf = async (channel: string, file: string, content: string) => {
    dropInto(join(temp.root, channel, 'inbox'), file, content);
    const outbox = join(temp.root, channel, 'outbox');
    const name = await waitFor(`${channel}: result of ${file}`, () => list(outbox).find((f) => f.startsWith(`${file}.result-`)));
    return readResultCsv(readFileSync(join(outbox, name)));
  };

  it('relations: each POSTed once, polled, the relation MRN written back; Customs\' FAILURE text for an unknown MRN', async () => {
    const transport = mrnOf('transport');
    const master = mrnOf('master-consignment');
    const house = mrnOf('house-consignment');
    const result = await resultOf(
      'links',
      'links.csv',
      [
        'Parent;Parent MRN;Child;Child MRN;Representative',
        `transport;${transport};master;${master};912345688`,
        `master;${master};house;${house};`,
        `master;26NOUNKNOWN0000099;house;${house};`,
        'master;not-an-mrn;house;x;',
        '',
      ].join('\n'),
    );
    expect(result.map((r) => [r['line'], r['message'], r['status']])).toEqual([
      ['2', 'relation', 'ACCEPTED'],
      ['3', 'relation', 'ACCEPTED'],
      ['4', 'relation', 'REJECTED'],
      ['5', 'relation', 'INVALID'],
    ]);
    expect(result[0]?.['reference']).toBe(`TRANSPORT ${transport} > MASTER_CONSIGNMENT ${master}`);
    expect(result[0]?.['mrn']).toMatch(/^[0-9]{2}NO[A-Z0-9]{14}$/u);
    expect(result[0]?.['requestId']).toMatch(/^[0-9a-f-]{36}$/u);
    expect(result[2]?.['errors']).toContain('No active MASTER_CONSIGNMENT with MRN 26NOUNKNOWN0000099');
    expect(result[3]?.['errors']).toContain('parentObjectReference');
    expect(pg.counters.requestsTo(RELATION_POST)).toBe(3);
  });

  it('arrival: POSTed once, polled, the transport\'s entry status written back', async () => {
    const transport = mrnOf('transport');
    const before = pg.counters.requestsTo(ARRIVAL_POST);
    const result = await resultOf('crossings', 'crossings.csv', `Transport MRN;Crossed at;Crossing\n${transport};${osloNow()};Svinesund\n26NOUNKNOWN0000098;${osloNow()};Svinesund\n`);
    expect(result.map((r) => [r['reference'], r['status']])).toEqual([
      [transport, 'ACCEPTED'],
      ['26NOUNKNOWN0000098', 'REJECTED'],
    ]);
    expect(result[0]?.['mrn']).toBe(transport);
    expect(['VALID_ENTRY', 'NO_VALID_ENTRY']).toContain(result[0]?.['entryStatus']);
    expect(result[0]?.['customsOfficeOfEntry']).toBe('NO372001');
    expect(result[0]?.['timeOfEntry']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/u);
    expect(result[1]?.['errors']).toContain('No active transport with MRN 26NOUNKNOWN0000098');
    expect(result[1]?.['entryStatus']).toBe('');
    expect(pg.counters.requestsTo(ARRIVAL_POST) - before).toBe(2);
  });

  it('a relation whose answer is lost ends OUTCOME_UNKNOWN and is never POSTed again', async () => {
    const master = mrnOf('master-consignment');
    const house = mrnOf('house-consignment', 1);
    const before = pg.counters.requestsTo(RELATION_POST);
    // Customs processes the POST (the relation exists afterwards), but the answer never comes back.
    pg.setFaults({ dropRate: 1, dropPhase: 'after', pathPrefix: '/api/movement/road/v2/relation' });
    try {
      const result = await resultOf('links', 'lost.csv', `Parent;Parent MRN;Child;Child MRN;Representative\nmaster;${master};house;${house};\n`);
      expect(result.map((r) => [r['status'], r['requestId']])).toEqual([['OUTCOME_UNKNOWN', '']]);
      expect(result[0]?.['errors']).toContain('OUTCOME_UNKNOWN');
      expect(result[0]?.['errors']).toContain('it was NOT sent again');
    } finally {
      pg.setFaults({});
    }
    // Several more service rounds: still the one POST.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(pg.counters.requestsTo(RELATION_POST) - before).toBe(1);
    expect(list(join(temp.root, 'links', 'archive')).some((f) => f.endsWith('lost.csv'))).toBe(true);
  });
});

describe('arrival file from an organisation without the arrival authorisation', () => {
  let pg: Playground;
  let store: JobStore;
  let service: RunningService;
  const temp = tempRoot('tollkit-e2e-arrival-403-');

  beforeAll(async () => {
    pg = await startPlayground({ port: 0, validationDelayMs: 20, log: () => undefined });
    // A haulier (org 987654321, not in the playground's arrival-authorisations.csv) with its own Maskinporten client.
    pg.registerClient({ clientId: 'haulier-without-authorisation', orgNumber: '987654321', scopes: pg.demoClient.scopes, certificatePem: pg.demoClient.certificatePem });
    const asHaulier = { ...pg, demoClient: { ...pg.demoClient, clientId: 'haulier-without-authorisation' } } as Playground;
    store = (await openJobStore({ kind: 'sqlite', dataDir: join(temp.root, 'data') })).store;
    service = await startTestService(asHaulier, store, [{ channel: localChannel(temp.root, 'crossings'), profile: await messageProfile('road-arrivals', 'crossings') }], memoryLog());
  });
  afterAll(async () => {
    await service?.close();
    await store?.close();
    await pg?.close();
    temp.remove();
  });

  it('403 is a per-row ARRIVAL_NOT_AUTHORISED rejection, not a channel failure: the next file is processed too', async () => {
    const outbox = join(temp.root, 'crossings', 'outbox');
    for (const [file, mrn] of [['first.csv', '26NOEXAMPLE0000011'], ['second.csv', '26NOEXAMPLE0000012']] as const) {
      dropInto(join(temp.root, 'crossings', 'inbox'), file, `Transport MRN;Crossed at;Crossing\n${mrn};${osloNow()};Svinesund\n`);
      const name = await waitFor(`result of ${file}`, () => list(outbox).find((f) => f.startsWith(`${file}.result-`)));
      const [row] = readResultCsv(readFileSync(join(outbox, name)));
      expect(row?.['status']).toBe('REJECTED');
      expect(row?.['errors']).toContain('ARRIVAL_NOT_AUTHORISED');
      expect(row?.['errors']).toContain('not authorised by Norwegian Customs to use the arrival API');
      expect(list(join(temp.root, 'crossings', 'archive')).some((f) => f.endsWith(file))).toBe(true);
    }
    expect(list(join(temp.root, 'crossings', 'failed'))).toEqual([]);
    expect(pg.counters.requestsTo(ARRIVAL_POST)).toBe(2);
  });
});
