/**
 * Resend rules (issue #13, fault 4): a notification is `unchanged` only relative to an earlier one
 * Customs accepted (or one still in flight, whose outcome it then waits for). A file whose
 * notifications Customs rejected is sent again when it is dropped again, under the same or a new
 * name; two identical files dropped together never give an `unchanged` row without an MRN.
 * Real playground, real folders, SQLite.
 *
 * The rejection used: a CUDE previous document the playground does not know (sequence number 11;
 * it knows TVINN declaration 123456789 / 10.08.2022 with sequence numbers 1–10) — Customs'
 * asynchronous error "Customs declaration is not valid" at consignmentHouseLevel.previousDocuments[i]
 * (toll.github.io api/mo/asynkrone-valideringsfeil-EN.html).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRoadManifest } from '../e2e/generate-manifest.js';
import { editCell, startRoadChannel, type RoadChannel } from './road-channel.js';

const HOUSE = 'house-consignment';
const MRN = /^\d{2}NO[A-Z0-9]{14}$/;

interface Row {
  level: string;
  documentNumber: string;
  operation: string;
  status: string;
  mrn: string;
  errors: string;
}

describe('resend rules', () => {
  let road: RoadChannel;
  // JSON results: these tests are about what was sent, not about the CSV layout.
  beforeAll(async () => {
    road = await startRoadChannel('tollkit-resend-', { validationDelayMs: 300, resultFormat: 'json' });
  });
  afterAll(async () => road?.close());

  const drop = (name: string, bytes: Buffer) => road.drop(name, bytes);
  const resultOf = async (name: string, count = 1): Promise<Row[]> =>
    (JSON.parse((await road.newestResult(name, count)).toString('utf8')) as { lines: Row[] }).lines.filter((l) => l.level !== null);
  const posts = (house: string) => road.pg.counters.postsFor(HOUSE, house, 'N730');

  it('a house Customs rejected is sent again when the same bytes come back under a new name, and under the same name', async () => {
    const m = generateRoadManifest(1, 3, { tag: 'R' });
    const bytes = editCell(m.bytes, 2, 26, '11'); // second house: CUDE sequence 11, unknown to Customs
    const bad = m.houses[1] as string;

    drop('day1.csv', bytes);
    const first = await resultOf('day1.csv');
    expect(first.find((r) => r.documentNumber === bad)?.status).toBe('rejected');
    expect(first.filter((r) => r.status === 'accepted')).toHaveLength(4);
    expect(posts(bad)).toBe(1);

    // The same bytes under a new name: the rejected house is POSTed again (Customs rejects it again),
    // the accepted ones are unchanged and keep their MRNs.
    drop('day1-again.csv', bytes);
    const second = await resultOf('day1-again.csv');
    const again = second.find((r) => r.documentNumber === bad) as Row;
    expect(again.operation).toBe('create');
    expect(again.status).toBe('rejected');
    expect(again.errors).not.toEqual([]);
    expect(posts(bad)).toBe(2);
    for (const r of second.filter((x) => x.documentNumber !== bad)) {
      expect(r.status, r.documentNumber).toBe('unchanged');
      expect(r.mrn, r.documentNumber).toMatch(MRN);
    }

    // The very same file again under its first name: not a silent duplicate while a row is rejected.
    drop('day1.csv', bytes);
    const third = await resultOf('day1.csv', 2);
    expect(third.find((r) => r.documentNumber === bad)?.status).toBe('rejected');
    expect(posts(bad)).toBe(3);
    for (const house of m.houses.filter((h) => h !== bad)) expect(posts(house), house).toBe(1);
  });

  it('a corrected file gets an MRN for the house Customs rejected before', async () => {
    const m = generateRoadManifest(2, 2, { tag: 'S' });
    const bad = m.houses[0] as string;
    drop('day2.csv', editCell(m.bytes, 1, 26, '11'));
    const first = await resultOf('day2.csv');
    expect(first.find((r) => r.documentNumber === bad)?.status).toBe('rejected');
    // The partner corrects the sequence number and sends the file again.
    drop('day2.csv', editCell(m.bytes, 1, 26, '1'));
    const second = await resultOf('day2.csv', 2);
    const fixed = second.find((r) => r.documentNumber === bad) as Row;
    expect(fixed.status).toBe('accepted');
    expect(fixed.mrn).toMatch(MRN);
    expect(posts(bad)).toBe(2);
  });

  it('two identical files dropped together: the second waits for the first and reports its MRNs, nothing is POSTed twice', async () => {
    const m = generateRoadManifest(3, 4, { tag: 'T' });
    drop('twin-a.csv', m.bytes);
    drop('twin-b.csv', m.bytes);
    const a = await resultOf('twin-a.csv');
    const b = await resultOf('twin-b.csv');
    const rows = [...a, ...b];
    expect(rows).toHaveLength(12);
    for (const r of rows) expect(r.mrn, `${r.documentNumber} ${r.status}`).toMatch(MRN);
    for (const r of rows) expect(['accepted', 'unchanged']).toContain(r.status);
    const mrnsA = new Map(a.map((r) => [r.documentNumber, r.mrn]));
    for (const r of b) expect(r.mrn).toBe(mrnsA.get(r.documentNumber));
    for (const house of m.houses) expect(posts(house), house).toBe(1);
  });

  it('two identical files dropped together whose house Customs rejects: the second sends it again instead of calling it unchanged', async () => {
    const m = generateRoadManifest(4, 2, { tag: 'V' });
    const bytes = editCell(m.bytes, 1, 26, '11');
    const bad = m.houses[0] as string;
    drop('pair-a.csv', bytes);
    drop('pair-b.csv', bytes);
    const a = await resultOf('pair-a.csv');
    const b = await resultOf('pair-b.csv');
    for (const rows of [a, b]) {
      const row = rows.find((r) => r.documentNumber === bad) as Row;
      expect(row.status).toBe('rejected');
      expect(row.errors).not.toEqual([]);
      for (const r of rows.filter((x) => x.documentNumber !== bad)) expect(r.mrn, `${r.documentNumber} ${r.status}`).toMatch(MRN);
    }
    expect(posts(bad)).toBe(2);
  });
});
