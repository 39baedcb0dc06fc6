/**
 * The transport-level routing feed (`GET /api/movement/routing/v1/transport`, docs/digitoll.md §4.3): the client reads it
 * with `getRoutingPage({ feed: 'transport' })` / `followRouting({ feed: 'transport' })` against the playground.
 */
import { describe, expect, it } from 'vitest';
import { houseBody, masterBody, MODE_DATA, transportBody } from './support/bodies.js';
import { CARRIER, FAST_WAIT, uniqueNumber, useRig } from './support/playground.js';

const rig = useRig();

describe('transport-level routing feed', () => {
  it('gives the transport\'s submitter the routing of every house on its arrived transports, with markers', async () => {
    const now = Date.now();
    const master = { documentNumber: uniqueNumber('TRM'), type: MODE_DATA.road.masterType };
    const houses = [`${master.documentNumber}-A`, `${master.documentNumber}-CTRL`];
    const results = await rig.client.submitBatch(
      [
        { mode: 'road', level: 'transport', body: transportBody('road', { now, meansId: uniqueNumber('TRT').slice(0, 10), carrierId: CARRIER, masters: [master] }) },
        { mode: 'road', level: 'master-consignment', body: masterBody('road', { now, documentNumber: master.documentNumber, carrierId: CARRIER }) },
        ...houses.map((documentNumber) => ({ mode: 'road' as const, level: 'house-consignment' as const, body: houseBody('road', { now, documentNumber, master, carrierId: CARRIER, complete: true }) })),
      ],
      FAST_WAIT,
    );
    const first = results[0];
    if (first?.outcome !== 'validated' || first.validation.outcome !== 'success') throw new Error('transport not validated');
    expect((await rig.client.getRoutingPage({ feed: 'transport' })).items).toEqual([]);
    rig.pg.arriveTransport(first.validation.mrn!);

    const page = await rig.client.getRoutingPage({ feed: 'transport' });
    // The houses were submitted concurrently, so the order of their items between themselves is not fixed.
    expect(page.items.map((i) => [i.transportDocumentHouseLevel?.referenceNumber, i.routingResult.routing]).sort()).toEqual([
      [houses[0], 'TO_ENTRY'],
      [houses[1], 'TO_CONTROL'],
    ]);
    expect(page.marker).toBe(page.items.at(-1)!.routingResult.id);
    expect((await rig.client.getRoutingPage({ feed: 'transport', marker: page.marker })).items).toEqual([]);
    expect(rig.pg.counters.requestsTo('GET /api/movement/routing/v1/transport')).toBe(3);
  });
});
