/**
 * Re-dropping a changed manifest updates (PUT by MRN) only the notifications that changed; a
 * cancellation marker deletes what the manifest notified; bad rows are reported with their line and
 * field and not sent, while the rest of the file proceeds. Real playground, real folders.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRoadManifest } from '../e2e/generate-manifest.js';
import { list, waitFor } from '../e2e/harness.js';
import { readResultCsv } from '../support/result-csv.js';
import { editCell, startRoadChannel, type RoadChannel } from './road-channel.js';

const HOUSE = 'house-consignment';
const PUT_HOUSE = 'PUT /api/movement/road/v2/house-consignment/:mrn';
const DELETE = (level: string) => `DELETE /api/movement/road/v2/${level}/:mrn`;

interface Row {
  kind: string;
  line: string;
  level: string;
  documentNumber: string;
  operation: string;
  status: string;
  mrn: string;
  errors: string;
}

/** The result rows (written like the road manifest: Windows-1252, `;`, no BOM). */
function readResult(bytes: Buffer): Row[] {
  return readResultCsv(bytes) as unknown as Row[];
}

describe('changed manifests, cancellations and bad rows', () => {
  let road: RoadChannel;
  let pg: RoadChannel['pg'];
  let dir: string;

  beforeAll(async () => {
    road = await startRoadChannel('tollkit-pipeline-');
    ({ pg, dir } = road);
  });
  afterAll(async () => road?.close());

  const drop = (name: string, bytes: Buffer) => road.drop(name, bytes);
  const results = (name: string) => road.results(name);
  const waitForResults = async (name: string, count: number): Promise<Row[]> => readResult(await road.newestResult(name, count));

  it('a changed manifest PUTs only the changed house; the cancellation marker DELETEs everything', async () => {
    const original = generateRoadManifest(1, 5, { tag: 'U' });
    drop('orders.csv', original.bytes);
    const first = await waitForResults('orders.csv', 1);
    expect(first.filter((r) => r.status === 'accepted')).toHaveLength(7);
    for (const house of original.houses) expect(pg.counters.postsFor(HOUSE, house, 'N730')).toBe(1);

    // The partner corrects the goods description of the second house and sends the file again.
    drop('orders.csv', editCell(original.bytes, 2, 20, 'bremseklosser til lastebil'));
    const second = await waitForResults('orders.csv', 2);
    const changed = second.filter((r) => r.operation === 'update' && r.status !== 'unchanged');
    expect(changed.map((r) => r.documentNumber)).toEqual([original.houses[1]]);
    expect(changed[0]?.status).toBe('accepted');
    expect(second.filter((r) => r.status === 'unchanged')).toHaveLength(6);
    for (const r of second) expect(r.mrn, `${r.documentNumber} keeps its MRN`).toMatch(/^\d{2}NO[A-Z0-9]{14}$/);
    expect(second.find((r) => r.documentNumber === original.houses[1])?.mrn).toBe(first.find((r) => r.documentNumber === original.houses[1])?.mrn);
    expect(pg.counters.requestsTo(PUT_HOUSE)).toBe(1);
    for (const house of original.houses) expect(pg.counters.postsFor(HOUSE, house, 'N730'), house).toBe(1);

    // The very same file again is a no-op: archived, no new result, nothing sent.
    drop('orders.csv', editCell(original.bytes, 2, 20, 'bremseklosser til lastebil'));
    await waitFor('the duplicate archived', () => list(join(dir, 'archive')).length === 3 && list(join(dir, 'inbox')).length === 0);
    expect(results('orders.csv')).toHaveLength(2);

    // Cancellation marker.
    drop('orders.csv.cancel', Buffer.alloc(0));
    const cancelled = await waitForResults('orders.csv.cancel', 1);
    expect(cancelled).toHaveLength(7);
    expect(cancelled.every((r) => r.operation === 'delete' && r.status === 'cancelled')).toBe(true);
    expect(pg.counters.requestsTo(DELETE('house-consignment'))).toBe(5);
    expect(pg.counters.requestsTo(DELETE('master-consignment'))).toBe(1);
    expect(pg.counters.requestsTo(DELETE('transport'))).toBe(1);
  });

  it('bad rows are reported with line and field and not sent; the rest of the file is', async () => {
    const m = generateRoadManifest(2, 5, { tag: 'B' });
    let bytes = editCell(m.bytes, 3, 22, 'tolv kilo'); // gross mass not a number
    bytes = editCell(bytes, 4, 13, 'Narnia'); // consignor country unknown
    drop('mixed.csv', bytes);
    const rows = await waitForResults('mixed.csv', 1);
    const byDoc = new Map(rows.map((r) => [r.documentNumber, r]));
    for (const [i, house] of m.houses.entries()) {
      const row = byDoc.get(house) as Row;
      if (i === 2 || i === 3) {
        expect(row.status, house).toBe('invalid');
        expect(row.line).toBe(String(i + 2));
        expect(pg.counters.postsFor(HOUSE, house, 'N730')).toBe(0);
      } else {
        expect(row.status, house).toBe('accepted');
        expect(pg.counters.postsFor(HOUSE, house, 'N730')).toBe(1);
      }
    }
    expect(byDoc.get(m.houses[2] as string)?.errors).toMatch(/tolv kilo/);
    expect(byDoc.get(m.houses[2] as string)?.errors).toMatch(/line 4/);
    expect(byDoc.get(m.houses[3] as string)?.errors).toMatch(/Narnia/);
    expect(list(join(dir, 'failed'))).toEqual([]);
  });
});
