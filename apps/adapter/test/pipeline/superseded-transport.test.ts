/**
 * A manifest re-sent with a changed transport key (issue #13 fault 7: the scheduled arrival): the
 * key cannot change by PUT (toll.github.io api/mo/kobling-oppdatering-og-sletting-EN.html, "Updating Messages
 * (PUT)": a transport's identificationNumber + typeOfIdentification and scheduledDateAndTimeOfArrival
 * cannot be updated), so the new version is a new transport. Once it is
 * accepted with the masters on it, the superseded one is cancelled (DELETE with its
 * documentIssueDate body) — before, it stayed active at Customs. Real playground, real folders.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPlayground } from '../../src/service/connect-playground.js';
import { generateRoadManifest } from '../e2e/generate-manifest.js';
import { readResultCsv } from '../support/result-csv.js';
import { editCell, startRoadChannel, type RoadChannel } from './road-channel.js';

const DELETE_TRANSPORT = 'DELETE /api/movement/road/v2/transport/:mrn';
const POST_TRANSPORT = 'POST /api/movement/road/v2/transport';

describe('a changed transport key', () => {
  let road: RoadChannel;
  beforeAll(async () => {
    road = await startRoadChannel('tollkit-superseded-');
  });
  afterAll(async () => road?.close());

  it('creates the new transport, then cancels the superseded one at Customs; masters and houses stay', async () => {
    const tomorrow = new Date(Date.now() + 24 * 3600_000);
    const first = generateRoadManifest(7, 3, { tag: 'K', arrival: tomorrow });
    road.drop('truck.csv', first.bytes);
    const before = readResultCsv(await road.newestResult('truck.csv'));
    const oldTransport = before.find((r) => r['level'] === 'transport');
    expect(oldTransport?.['status']).toBe('accepted');
    const oldMrn = oldTransport?.['mrn'] as string;

    // The truck comes a day later: same plate, masters and houses; a new scheduled arrival.
    const later = generateRoadManifest(7, 3, { tag: 'K', arrival: new Date(tomorrow.getTime() + 24 * 3600_000) });
    road.drop('truck.csv', later.bytes);
    const after = readResultCsv(await road.newestResult('truck.csv', 2));
    const transports = after.filter((r) => r['level'] === 'transport');
    expect(transports).toHaveLength(2);
    const created = transports.find((r) => r['operation'] === 'create');
    const cancelled = transports.find((r) => r['operation'] === 'delete');
    expect(created?.['status']).toBe('accepted');
    expect(created?.['mrn']).not.toBe(oldMrn);
    expect(cancelled?.['status']).toBe('cancelled');
    expect(cancelled?.['mrn']).toBe(oldMrn);
    expect(cancelled?.['documentNumber']).toBe(oldTransport?.['documentNumber']);
    for (const r of after.filter((x) => x['level'] !== 'transport')) expect(r['status'], r['documentNumber']).toBe('unchanged');
    expect(road.pg.counters.requestsTo(POST_TRANSPORT)).toBe(2);
    expect(road.pg.counters.requestsTo(DELETE_TRANSPORT)).toBe(1);

    // At Customs: the old transport is no longer active, the new one carries the master and its houses.
    const { client } = connectPlayground(road.pg);
    await expect(client.getTransportStatusWithDescendants('road', oldMrn)).rejects.toMatchObject({ code: 'DIGITOLL_NOT_FOUND' });
    const current = await client.getTransportStatusWithDescendants('road', created?.['mrn'] as string);
    expect(current.masterConsignments?.map((m) => m.documentNumber)).toEqual([first.master]);
  });

  it('when the new transport is not accepted, the old one is not cancelled and the row says why', async () => {
    const dayAfter = new Date(Date.now() + 2 * 24 * 3600_000);
    road.drop('lorry.csv', generateRoadManifest(8, 2, { tag: 'L' }).bytes);
    const oldMrn = readResultCsv(await road.newestResult('lorry.csv')).find((r) => r['level'] === 'transport')?.['mrn'] as string;
    expect(oldMrn).toMatch(/^\d{2}NO/);
    const deletesBefore = road.pg.counters.requestsTo(DELETE_TRANSPORT);

    // The new version moves the arrival but names a border crossing the profile cannot translate:
    // its transport is invalid, so the old transport must stay in force.
    let changed = generateRoadManifest(8, 2, { tag: 'L', arrival: dayAfter }).bytes;
    for (const row of [1, 2]) changed = editCell(changed, row, 5, 'Narnia');
    road.drop('lorry.csv', changed);
    const after = readResultCsv(await road.newestResult('lorry.csv', 2));
    expect(after.find((r) => r['level'] === 'transport' && r['operation'] === 'create')?.['status']).toBe('invalid');
    const kept = after.find((r) => r['level'] === 'transport' && r['operation'] === 'delete');
    expect(kept?.['status']).toBe('invalid');
    expect(kept?.['errors']).toMatch(/not cancelled: the transport that replaces it, .* was not accepted \(invalid\); this one stays in force at Customs/);
    expect(road.pg.counters.requestsTo(DELETE_TRANSPORT)).toBe(deletesBefore);
    const { client } = connectPlayground(road.pg);
    expect((await client.getTransportStatusWithDescendants('road', oldMrn)).mrn).toBe(oldMrn);
  });
});
