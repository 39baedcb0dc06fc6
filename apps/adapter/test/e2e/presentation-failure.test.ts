/**
 * An asynchronous presentation FAILURE end to end (issue 16: "asynchronous presentation FAILUREs" were not simulated).
 * Customs' rule (api/mo/fremlegging-og-kontrolldirigering-EN.html, "Service for Presentation"): presentation "can be
 * reported for consignments pre-notified …, i.e., consignments expected to be presented" — the playground judges it
 * when the presentation is processed (docs/conformance.md P-2). A road partner notifies two houses, one of which
 * Customs rejects asynchronously (B9: unknown TVINN declaration); a ground handler presents both while Customs still
 * validates them (the presentations are accepted with 202). The presentation of the rejected house fails on the
 * validation-status endpoint, and the handler's result file says REJECTED with Customs' text; the other is PRESENTED.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { examplePaths, examplePresentationPaths, readMappingProfile, readPartnerProfile } from '@tollkit/manifest';
import { startPlayground, type Playground } from '@tollkit/playground';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../../src/service/start-service.js';
import type { JobStore } from '../../src/store/job-store.js';
import { openJobStore } from '../../src/store/open-job-store.js';
import { readResultCsv } from '../support/result-csv.js';
import { generateRoadManifest } from './generate-manifest.js';
import { dropInto, list, localChannel, memoryLog, startTestService, tempRoot, waitFor } from './harness.js';

describe('asynchronous presentation FAILURE', () => {
  let pg: Playground;
  let store: JobStore;
  let service: RunningService;
  const temp = tempRoot('tollkit-e2e-present-failure-');

  beforeAll(async () => {
    // Customs takes 2.5 s per validation: the presentations arrive while the houses are still being validated.
    pg = await startPlayground({ port: 0, validationDelayMs: 2_500, log: () => undefined });
    store = (await openJobStore({ kind: 'sqlite', dataDir: join(temp.root, 'data') })).store;
    const road = await readMappingProfile(examplePaths('road-forwarder-export').profilePath);
    const ics2 = await readPartnerProfile(examplePresentationPaths('ics2-arrivals').profilePath);
    service = await startTestService(
      pg,
      store,
      [
        { channel: localChannel(temp.root, 'road'), profile: { name: 'road', profile: road, profileName: 'road', resultFormat: 'csv' } },
        { channel: localChannel(temp.root, 'handler'), profile: { name: 'handler', profile: ics2, profileName: 'ics2-arrivals', resultFormat: 'csv' } },
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

  it('a presentation of a house Customs then rejects: REJECTED with Customs\' error text in the result file', { timeout: 90_000 }, async () => {
    const m = generateRoadManifest(1, 2, { tag: 'P', rejectedRow: (row) => row === 1 });
    const [rejected, accepted] = m.houses as [string, string];
    dropInto(join(temp.root, 'road', 'inbox'), 'r1.csv', m.bytes);
    await waitFor('both houses at Customs', () => pg.counters.postsFor('house-consignment', rejected, 'N730') === 1 && pg.counters.postsFor('house-consignment', accepted, 'N730') === 1, 10_000);
    const presentation = ['Level;Waybill;DocType;ENS;Receptacle;Container;Office', `HOUSE;${rejected};N730;;;;NO351001`, `HOUSE;${accepted};N730;;;;NO351001`, ''].join('\r\n');
    dropInto(join(temp.root, 'handler', 'inbox'), 'p1.csv', presentation);

    const outbox = join(temp.root, 'handler', 'outbox');
    const resultFile = await waitFor('the presentation result file', () => list(outbox).find((f) => f.startsWith('p1.csv.result-')), 60_000);
    // Both were POSTed once while Customs still validated the houses (a 400 would have come at once).
    expect(pg.counters.presentationsFor('house-consignment', `${rejected} N730`)).toBe(1);
    expect(pg.counters.presentationsFor('house-consignment', `${accepted} N730`)).toBe(1);
    const rows = readResultCsv(readFileSync(join(outbox, resultFile)));
    expect(rows.map((r) => [r['reference'], r['status']])).toEqual([
      [rejected, 'REJECTED'],
      [accepted, 'PRESENTED'],
    ]);
    expect(rows[0]?.['errors']).toContain(
      `consignmentHouseLevel.transportDocumentHouseLevel.documentNumber: House consignment with documentNumber ${rejected} and type N730 is not pre-notified: there is no active notification of it, and only consignments expected to be presented can be presented`,
    );
    expect(rows[0]?.['requestId']).toMatch(/^[0-9a-f-]{36}$/);
    // The house itself was rejected by Customs (B9), which is why its presentation failed.
    // (The road channel polls its own validation status on its own round: wait for it rather than race it.)
    const notificationOf = async () =>
      (await store.findNotifications({ documentNumber: rejected })).find((n) => n.level === 'house-consignment' && !n.type.startsWith('presentation/'));
    let house = await notificationOf();
    await waitFor('the road house notification settled', async () => {
      house = await notificationOf();
      return house !== undefined && house.state !== 'submitted' && house.state !== 'submitting';
    }, 30_000);
    expect(house?.state).toBe('rejected');
  });
});
