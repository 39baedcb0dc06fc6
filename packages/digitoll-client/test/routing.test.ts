import type { RoutingItem } from '@tollkit/messages';
import { describe, expect, it } from 'vitest';
import type { RoutingPage } from '../src/index.js';
import { houseBody, masterBody, MODE_DATA, transportBody } from './support/bodies.js';
import { CARRIER, FAST_WAIT, uniqueNumber, useRig } from './support/playground.js';

const rig = useRig();

/** Notifies a transport with one master and `count` houses, all validated; returns the transport MRN. */
async function notifyTransport(count: number, controlEvery: number): Promise<{ transportMrn: string; houseNumbers: string[] }> {
  const now = Date.now();
  const master = { documentNumber: uniqueNumber('RM'), type: MODE_DATA.road.masterType };
  const houseNumbers = Array.from({ length: count }, (_, i) => `${master.documentNumber}-${i % controlEvery === 0 ? 'CTRL' : 'OK'}-${i}`);
  const results = await rig.client.submitBatch(
    [
      { mode: 'road', level: 'transport', body: transportBody('road', { now, meansId: uniqueNumber('RT').slice(0, 10), carrierId: CARRIER, masters: [master] }) },
      { mode: 'road', level: 'master-consignment', body: masterBody('road', { now, documentNumber: master.documentNumber, carrierId: CARRIER }) },
      ...houseNumbers.map((documentNumber) => ({ mode: 'road' as const, level: 'house-consignment' as const, body: houseBody('road', { now, documentNumber, master, carrierId: CARRIER, complete: true }) })),
    ],
    { ...FAST_WAIT, submitConcurrency: 16 },
  );
  const failed = results.filter((r) => !(r.outcome === 'validated' && r.validation.outcome === 'success'));
  expect(failed).toEqual([]);
  const first = results[0]!;
  if (first.outcome !== 'validated' || first.validation.outcome !== 'success') throw new Error('transport not validated');
  return { transportMrn: first.validation.mrn!, houseNumbers };
}

describe('routing feed', () => {
  it('follows the feed across several pages, hands back a marker per page, and resumes from the stored marker', async () => {
    const { transportMrn, houseNumbers } = await notifyTransport(2050, 10);
    // nothing before arrival
    expect((await rig.client.getRoutingPage()).items).toEqual([]);
    rig.pg.arriveTransport(transportMrn);

    // first run: process one page, persist its marker, then "crash"
    let stored: string | undefined;
    const seen = new Map<string, RoutingItem>();
    const record = (page: RoutingPage) => {
      for (const item of page.items) seen.set(item.transportDocumentHouseLevel?.referenceNumber ?? item.transportDocumentHouseLevel?.documentNumber ?? '?', item);
      stored = page.marker;
    };
    for await (const page of rig.client.followRouting({ marker: stored })) {
      expect(page.items).toHaveLength(1000);
      expect(page.marker).toBe(page.items.at(-1)!.routingResult.id);
      record(page);
      break;
    }
    const afterFirstRun = rig.pg.counters.requestsTo('GET /api/movement/routing/v1/house-consignment');

    // second run resumes after the stored marker: the remaining 1,050 in two pages, then stops on the empty page
    const sizes: number[] = [];
    for await (const page of rig.client.followRouting({ marker: stored })) {
      sizes.push(page.items.length);
      record(page);
    }
    expect(sizes).toEqual([1000, 50]);
    expect(rig.pg.counters.requestsTo('GET /api/movement/routing/v1/house-consignment') - afterFirstRun).toBe(3);
    expect(seen.size).toBe(2050);
    expect(new Set(houseNumbers)).toEqual(new Set(seen.keys()));
    const decisions = [...seen.entries()].map(([number, item]) => [number.includes('-CTRL-'), item.routingResult.routing, item.routingResult.routingControlLocation]);
    expect(decisions.filter(([ctrl]) => ctrl).every(([, routing, location]) => routing === 'TO_CONTROL' && location === 'ON_ENTRY')).toBe(true);
    expect(decisions.filter(([ctrl]) => !ctrl).every(([, routing]) => routing === 'TO_ENTRY')).toBe(true);

    // a third run from the stored marker reads nothing new
    const again: RoutingPage[] = [];
    for await (const page of rig.client.followRouting({ marker: stored })) again.push(page);
    expect(again).toEqual([]);
  });

  it('--follow keeps polling after the feed is drained and stops on abort', async () => {
    const controller = new AbortController();
    const pages: RoutingPage[] = [];
    let polls = 0;
    const start = (await rig.client.getRoutingPage()).marker;
    let marker = start;
    for (;;) {
      const page = await rig.client.getRoutingPage({ marker });
      if (page.items.length === 0) break;
      marker = page.marker;
    }
    const client = rig.makeClient({
      sleep: async () => {
        polls++;
        if (polls === 2) {
          // new routing arrives while we follow
          const { transportMrn } = await notifyTransport(3, 1);
          rig.pg.arriveTransport(transportMrn);
        }
        if (polls === 4) controller.abort();
      },
    });
    for await (const page of client.followRouting({ marker, follow: true, pollIntervalMs: 1, signal: controller.signal })) pages.push(page);
    expect(pages.map((p) => p.items.length)).toEqual([3]);
    expect(pages[0]!.items.every((i) => i.routingResult.routing === 'TO_CONTROL')).toBe(true);
  });

  it('reports a marker Customs does not know as a rejection', async () => {
    await expect(rig.client.getRoutingPage({ marker: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'DIGITOLL_VALIDATION_REJECTED' });
  });
});
